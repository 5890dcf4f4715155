import { expect, test } from '@playwright/test';
import { startServe, type ServeHandle } from '../support/serve-process.js';
import { ConsolePage, apiToken } from '../support/console-page.js';

const PASSWORD = 'e2e-password-1';

interface Alarm { id: number; name: string; state: string }
interface Audit { action: string; target: string; actor: string }

test.describe('alarm floods and drills', () => {
  let serve: ServeHandle;
  test.beforeAll(async () => { serve = await startServe(['--demo', '--admin-password', PASSWORD]); });
  test.afterAll(async () => { expect(await serve.stop()).toBe(0); });

  test('the evacuation drill: thirty doors are one group row with its first out; acknowledge all → one audit entry per alarm', async ({ page, request }) => {
    test.setTimeout(120_000);
    const headers = { authorization: `Bearer ${await apiToken(request, serve.url, PASSWORD)}` };
    const get = async <T>(path: string): Promise<T> => (await (await request.get(`${serve.url}api/v1${path}`, { headers })).json()) as T;
    const console = await ConsolePage.signedIn(page, serve.url, PASSWORD);

    await page.getByTestId('drill-menu').click();
    await page.getByTestId('drill-evacuation').click();
    await expect(page.getByTestId('drill-status')).toContainText('Drill started: evacuation');
    const title = page.getByTestId('flood-group-title');
    // Five doors per area, fifteen, ten and five per floor: the building is the map that gathers all thirty.
    await expect(title).toHaveText('Door Forced Open × 30 · Main building', { timeout: 45_000 });
    await expect(page.getByTestId('flood-group-state')).toHaveText('30 unacknowledged');
    // The flood as one row, not thirty: no door has a row of its own while the group is closed.
    await expect(page.locator('[data-testid^="alarm-row-"]', { hasText: 'Door Forced Open' })).toHaveCount(0);
    await expect(page.getByTestId('flood-banner')).toContainText('Alarm flood');
    await expect(page.getByTestId('flood-rate')).toContainText('activations in the last 10 min');
    await page.mouse.move(5, 5);
    await console.screenshot('flood-group');

    await page.getByTestId('flood-group-toggle').click();
    const members = page.locator('tr.flood-member');
    await expect(members).toHaveCount(30);
    await expect(members.first()).toContainText('FIRST OUT');
    await expect(members.first()).toContainText('Door 01');
    await console.screenshot('flood-group-open');

    await page.getByTestId('flood-acknowledge').click();
    await expect(page.getByTestId('flood-group-state')).toHaveText('Acknowledged');
    const doors = (await get<Alarm[]>('/alarms?state=standing')).filter((a) => a.name === 'Door Forced Open');
    expect(doors).toHaveLength(30);
    expect(doors.every((a) => a.state === 'ack' || a.state === 'latched')).toBe(true);
    const acks = (await get<Audit[]>('/audit?action=alarm.acknowledge&limit=1000')).filter((e) => doors.some((d) => e.target === `alarm:${d.id}`));
    expect(acks).toHaveLength(30);
    expect(new Set(acks.map((e) => e.target)).size).toBe(30);
    expect(acks.every((e) => e.actor === 'admin')).toBe(true);

    // Critical only, on offer while the flood lasts.
    await page.getByTestId('flood-priority-only').click();
    await expect(page.getByTestId('alarm-filter-priority')).toHaveValue('critical');
  });

  test('the camera network drill: one row titled by the lost connection, its System alarm first', async ({ page }) => {
    const console = await ConsolePage.signedIn(page, serve.url, PASSWORD);
    await page.getByTestId('drill-menu').click();
    await page.getByTestId('drill-camera-network').click();
    const row = page.locator('[data-testid^="flood-group-cause:"]');
    await expect(row.getByTestId('flood-group-title')).toContainText(/Connection .* lost × \d+/);
    await row.getByTestId('flood-group-toggle').click();
    // The cause's own alarms lead: the health monitor's Site connection lost, the System asset's No Communication.
    await expect(page.locator('tr.flood-member').first()).toContainText('CAUSE');
    const system = page.locator('tr.flood-member', { hasText: 'System No Communication' });
    await expect(system).toContainText('CAUSE');
    await expect(system).toContainText('FIRST OUT');
    await expect(page.locator('tr.flood-member', { hasText: 'Site connection lost' })).toContainText('CAUSE');
    await page.mouse.move(5, 5);
    await console.screenshot('flood-cause');
  });

  test('the vape and gunshot drills: the HALOs send them over TCP, and their alarms stand on their own', async ({ page }) => {
    await ConsolePage.signedIn(page, serve.url, PASSWORD);
    for (const kind of ['vape', 'gunshot']) {
      await page.getByTestId('drill-menu').click();
      await page.getByTestId(`drill-${kind}`).click();
      await expect(page.getByTestId('drill-status')).toContainText('Drill started');
    }
    await expect(page.locator('[data-testid^="alarm-row-"]', { hasText: 'Vaping' })).toContainText('Bathroom 2F');
    await expect(page.locator('[data-testid^="alarm-row-"]', { hasText: 'Gunshot detected' })).toContainText('Gymnasium');
  });
});
