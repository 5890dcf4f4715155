import { expect, test } from '@playwright/test';
import { startServe, type ServeHandle } from '../support/serve-process.js';
import { ConsolePage, apiToken } from '../support/console-page.js';

const PASSWORD = 'e2e-password-1';

test.describe('storage settings: retention, backups, the disk', () => {
  let serve: ServeHandle;
  test.beforeAll(async () => { serve = await startServe(['--no-demo', '--admin-password', PASSWORD]); });
  test.afterAll(async () => { await serve.stop(); });

  test('an admin changes how long events are kept, with the mistake shown as they type, and takes a backup now', async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 1100 });
    await ConsolePage.signedIn(page, serve.url, PASSWORD, 'settings');
    const retention = page.getByTestId('retention-panel');
    await expect(retention.getByTestId('retention-eventsDays')).toHaveValue('365');
    await expect(page.getByTestId('disk-free')).toContainText(/iB/);

    // Checked as they type, with the core's own schema: nothing is sent until it is right.
    await retention.getByTestId('retention-eventsDays').fill('0');
    await expect(retention.getByTestId('retention-error-eventsDays')).toHaveText('✗ at least 1 day');
    await expect(retention.getByTestId('retention-save')).toBeDisabled();
    await retention.getByTestId('retention-auditDays').fill('7');
    await expect(retention.getByTestId('retention-error-auditDays')).toContainText('at least 30 days');
    await retention.getByTestId('retention-auditDays').fill('');
    await retention.getByTestId('retention-eventsDays').fill('90');
    await expect(retention.getByTestId('retention-error-eventsDays')).toHaveCount(0);
    await retention.getByTestId('retention-save').click();
    await expect(retention.getByTestId('retention-message')).toHaveText('Saved: events 90 days (was 365 days (1 year)). It applies at the next housekeeping pass.');

    const backups = page.getByTestId('backups-panel');
    await expect(backups.getByTestId('backup-list')).toContainText('No backups in this folder yet.');
    await backups.getByTestId('backup-keep').fill('3');
    await backups.getByTestId('backup-everyHours').fill('12');
    await backups.getByTestId('backup-save').click();
    await expect(backups.getByTestId('backup-message')).toContainText('Saved: every 12 hours, keeping 3');
    await backups.getByTestId('backup-now').click();
    await expect(backups.getByTestId('backup-message')).toContainText(/Backed up: watchdesk-.*\.db \(\d/);
    await expect(backups.getByTestId('backup-row')).toHaveCount(1);
    await expect(backups.getByTestId('backup-row')).toContainText(/watchdesk-.*\.db.*KiB|MiB/);
    await page.getByTestId('storage-settings').screenshot({ path: 'docs/screenshots/settings-storage.png' });

    // A folder the server cannot write to is marked on the field, and nothing changes.
    await backups.getByTestId('backup-folder').fill('relative/folder');
    await expect(backups.getByTestId('backup-error-folder')).toContainText('must be a full path');
    await backups.getByTestId('backup-folder').fill('/proc/watchdesk-backups');
    await backups.getByTestId('backup-save').click();
    await expect(backups.getByTestId('backup-error-folder')).toContainText('cannot write to /proc/watchdesk-backups');
    await backups.screenshot({ path: 'docs/screenshots/settings-backup-folder-refused.png' });

    const token = await apiToken(page.request, serve.url, PASSWORD);
    const audit = await (await page.request.get(`${serve.url}api/v1/audit?limit=50`, { headers: { authorization: `Bearer ${token}` } })).json() as Array<{ actor: string; action: string }>;
    for (const action of ['retention.update', 'backup.settings', 'backup.create']) expect(audit.map((a) => `${a.actor} ${a.action}`)).toContain(`admin ${action}`);
  });

  test('an operator sees none of it, and the routes answer 403', async ({ page }) => {
    const token = await apiToken(page.request, serve.url, PASSWORD);
    const created = await page.request.post(`${serve.url}api/v1/operators`, { headers: { authorization: `Bearer ${token}` }, data: { username: 'olga', password: 'olga-pass-1', role: 'operator' } });
    expect(created.status()).toBe(201);
    const console = new ConsolePage(page, serve.url);
    await console.login('olga', 'olga-pass-1');
    await console.expectLoggedInAs('olga');
    await page.getByTestId('tab-settings').click();
    await expect(page.getByTestId('camera-connections')).toBeVisible();
    await expect(page.getByTestId('storage-settings')).toHaveCount(0);
    const olga = (await (await page.request.post(`${serve.url}api/v1/sessions`, { data: { username: 'olga', password: 'olga-pass-1' } })).json() as { token: string }).token;
    const headers = { authorization: `Bearer ${olga}` };
    expect((await page.request.get(`${serve.url}api/v1/retention`, { headers })).status()).toBe(403);
    expect((await page.request.put(`${serve.url}api/v1/retention`, { headers, data: { eventsDays: 1 } })).status()).toBe(403);
    expect((await page.request.post(`${serve.url}api/v1/backups`, { headers, data: {} })).status()).toBe(403);
    expect((await page.request.get(`${serve.url}api/v1/storage/disk`, { headers })).status()).toBe(403);
  });
});
