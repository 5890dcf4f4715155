import { expect, test } from '@playwright/test';
import { startServe, type ServeHandle } from '../support/serve-process.js';
import { ConsolePage, apiToken } from '../support/console-page.js';

const PASSWORD = 'e2e-password-1';

test.describe('assets and commands', () => {
  let serve: ServeHandle;
  test.beforeAll(async ({ request }) => {
    serve = await startServe(['--no-demo', '--admin-password', PASSWORD]);
    const token = await apiToken(request, serve.url, PASSWORD);
    // A quiet simulated site: nothing moves unless an operator commands it.
    const r = await request.put(`${serve.url}api/v1/site/connection`, { headers: { authorization: `Bearer ${token}` }, data: { directoryServer: '10.0.0.5', username: 'watchdesk', password: 'secret', activity: false } });
    expect(((await r.json()) as { state: string }).state).toBe('connected');
  });
  test.afterAll(async () => { expect(await serve.stop()).toBe(0); });

  test('unlock a door: confirmation, pending, then confirmed by the door’s state', async ({ page }) => {
    const console = await ConsolePage.signedIn(page, serve.url, PASSWORD, 'assets');
    await expect(page.getByTestId('asset-state-door-01')).toHaveText('Secure');
    await page.getByTestId('asset-door-01').click();
    await page.getByTestId('command-unlock').click();
    await expect(page.getByTestId('confirm-command')).toContainText('Unlock Door 01?');
    await page.getByTestId('confirm-yes').click();
    await expect(page.getByTestId('command-status')).toHaveText(/PENDING|CONFIRMED/);
    await expect(page.getByTestId('command-status')).toHaveText('CONFIRMED');
    await expect(page.getByTestId('asset-state-door-01')).toHaveText('Unlocked');
    await console.screenshot('assets-door-unlocked');
  });

  test('Ctrl-click selects several doors, not cameras; one Lock reaches each door and each confirms', async ({ page }) => {
    await ConsolePage.signedIn(page, serve.url, PASSWORD, 'assets');
    await page.getByTestId('asset-door-02').click();
    await page.getByTestId('asset-camera-01').click({ modifiers: ['Control'] });
    await expect(page.getByRole('status').first()).toContainText('Cameras cannot be multi-selected');
    await page.getByTestId('asset-door-03').click({ modifiers: ['Control'] });
    await page.getByTestId('group-command-unlock').click();
    await expect(page.getByTestId('confirm-command')).toContainText('2 assets?');
    await page.getByTestId('confirm-yes').click();
    await expect(page.getByTestId('group-status-door-02')).toHaveText('Unlock · CONFIRMED');
    await expect(page.getByTestId('group-status-door-03')).toHaveText('Unlock · CONFIRMED');
    await page.getByTestId('group-command-lock').click();
    await expect(page.getByTestId('group-status-door-02')).toHaveText('Lock · CONFIRMED');
    await expect(page.getByTestId('group-status-door-03')).toHaveText('Lock · CONFIRMED');
    await page.screenshot({ path: 'docs/screenshots/assets-multi-select.png' });
  });

  test('settings mark the field the core refuses; reports find history and export it', async ({ page }) => {
    const console = await ConsolePage.signedIn(page, serve.url, PASSWORD, 'settings');
    await expect(page.getByTestId('setting-directoryServer')).toHaveValue('10.0.0.5');
    await page.getByTestId('setting-directoryServer').fill('10.0.0.300');
    await page.getByTestId('setting-dataServerPort').fill('70000');
    await page.getByTestId('setting-save').click();
    await expect(page.getByTestId('setting-error-directoryServer')).toContainText('must be an IPv4 address');
    await expect(page.getByTestId('setting-error-dataServerPort')).toContainText('1–65535');
    await expect(page.getByTestId('driver-log')).toContainText('connected');
    await console.screenshot('settings');

    await page.getByTestId('tab-reports').click();
    await page.getByTestId('report-kind').selectOption('audit');
    await page.getByTestId('report-run').click();
    await expect(page.getByTestId('report-table')).toContainText('site.connection');
    await expect(page.getByTestId('report-csv')).toBeVisible();
    await expect(page.getByTestId('kpi-panel')).toContainText('Per 10 minutes');
    const download = page.waitForEvent('download');
    await page.getByTestId('report-csv').click();
    // The file is named by the day the report starts on.
    expect((await download).suggestedFilename()).toMatch(/^watchdesk-audit-\d{4}-\d{2}-\d{2}\.csv$/);
    await console.screenshot('reports');
  });

  test('a PTZ preset on a camera is confirmed', async ({ page }) => {
    const console = await ConsolePage.signedIn(page, serve.url, PASSWORD, 'assets');
    await page.getByTestId('asset-camera-03').click();
    await expect(page.getByTestId('ptz-panel')).toBeVisible();
    await page.getByTestId('preset-2').click();
    await expect(page.getByTestId('command-status')).toHaveText('CONFIRMED');
    await expect(page.getByTestId('preset-2')).toHaveAttribute('aria-pressed', 'true');
    await console.screenshot('assets-camera-ptz');
  });
});
