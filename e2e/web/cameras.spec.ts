import { expect, test, type Locator } from '@playwright/test';
import { startServe, type ServeHandle } from '../support/serve-process.js';
import { ConsolePage, apiToken } from '../support/console-page.js';

/**
 * Issue 18, major 7: a door, an area and a HALO have cameras; the camera panel shows the
 * picture; the simulated PTZ cameras' picture moves with them; monitor tiles open their camera.
 */
const PASSWORD = 'e2e-password-1';

/** A coarse fingerprint of what an <img> shows now (the middle of the picture, not its overlay). */
async function fingerprint(img: Locator): Promise<number[]> {
  return img.evaluate((element) => {
    const i = element as HTMLImageElement;
    const canvas = document.createElement('canvas');
    canvas.width = 32;
    canvas.height = 16;
    const g = canvas.getContext('2d')!;
    g.drawImage(i, 0, i.naturalHeight * 0.15, i.naturalWidth, i.naturalHeight * 0.7, 0, 0, 32, 16);
    const d = g.getImageData(0, 0, 32, 16).data;
    const out: number[] = [];
    for (let p = 0; p < d.length; p += 4) out.push(d[p]! + d[p + 1]! + d[p + 2]!);
    return out;
  });
}
const distance = (a: number[], b: number[]): number => a.reduce((sum, v, i) => sum + Math.abs(v - (b[i] ?? 0)), 0) / a.length;

const loaded = (img: Locator, what: string) => expect.poll(() => img.evaluate((i) => (i as HTMLImageElement).complete ? (i as HTMLImageElement).naturalWidth : 0), { timeout: 15_000, message: `${what} shows a picture` }).toBeGreaterThan(0);

test.describe('cameras in the demo', () => {
  let serve: ServeHandle;
  test.beforeAll(async () => { serve = await startServe(['--admin-password', PASSWORD]); });
  test.afterAll(async () => { expect(await serve.stop()).toBe(0); });

  test('major 7: a PTZ run moves the camera\'s picture; doors, areas and HALOs show their linked cameras; a monitor tile opens its camera', async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 1000 });
    const headers = { authorization: `Bearer ${await apiToken(page.request, serve.url, PASSWORD)}` };
    const console = await ConsolePage.signedIn(page, serve.url, PASSWORD, 'assets');

    // The camera panel shows the picture, and a preset visibly turns it.
    await page.getByTestId('asset-camera-03').click();
    const detail = page.getByTestId('asset-detail');
    const picture = detail.getByTestId('asset-snapshot').locator('img');
    await loaded(picture, 'picture 1');
    const home = await fingerprint(picture);
    await detail.getByTestId('preset-2').click();
    await expect(detail.getByTestId('command-status')).toHaveText('CONFIRMED');
    await expect.poll(async () => distance(home, await fingerprint(picture)), { timeout: 15_000 }).toBeGreaterThan(20);
    await expect(detail.getByTestId('preset-2')).toHaveAttribute('aria-pressed', 'true');
    await detail.screenshot({ path: 'docs/screenshots/assets-camera-ptz.png' });

    // A door shows the camera linked to it, and a click on its name opens that camera.
    await page.getByTestId('asset-door-01').click();
    const doorCamera = detail.getByTestId('linked-camera').first();
    await expect(doorCamera).toContainText('Camera');
    await loaded(doorCamera.locator('img'), 'picture 2');
    await detail.screenshot({ path: 'docs/screenshots/door-camera.png' });

    // An administrator links another camera to Door 02, by name.
    await page.getByTestId('asset-door-02').click();
    await detail.getByTestId('link-cameras').click();
    const editor = detail.getByTestId('camera-link-editor');
    await editor.locator('label', { hasText: 'Camera 05' }).locator('input').check();
    await editor.getByTestId('camera-links-save').click();
    await expect(editor).toHaveCount(0);
    await expect(detail.getByTestId('linked-cameras')).toContainText('Camera 05');
    await detail.getByTestId('open-camera-camera-05').click();
    await expect(detail.locator('h2')).toContainText('Camera 05');

    // An area's cameras are counted beside its name.
    await expect(page.locator('.area-name', { hasText: 'Floor 1 – East' }).first()).toContainText('2 cameras');

    // Monitor tiles open the camera they show.
    expect((await page.request.post(`${serve.url}api/v1/site/commands`, { headers, data: { command: 'callup-live', params: { cameraAssetId: 'camera-04', monitorId: 1, tile: 1 }, confirmed: true } })).status()).toBe(202);
    await page.getByTestId('monitor-tile-1-1').click();
    await expect(detail.locator('h2')).toContainText('Camera 04');
    await loaded(detail.getByTestId('asset-snapshot').locator('img'), 'picture 3');

    // A forced door: its alarm's detail and its map popup show the door's camera.
    expect((await page.request.post(`${serve.url}api/v1/site/simulation`, { headers, data: { force: { 'door-07': ['Forced Open'] } } })).status()).toBe(200);
    await page.getByTestId('tab-monitoring').click();
    const row = page.locator('[data-testid^="alarm-row-"]', { hasText: 'Door 07' }).first();
    await row.locator('[data-testid^="alarm-detail-toggle-"]').click();
    const alarmDetail = page.locator('[data-testid^="alarm-detail-"]:not([data-testid^="alarm-detail-toggle"])').filter({ has: page.getByTestId('linked-camera') }).first();
    await loaded(alarmDetail.getByTestId('linked-camera').locator('img').first(), 'picture 4');
    await alarmDetail.screenshot({ path: 'docs/screenshots/alarm-door-camera.png' });
    await row.locator('[data-testid^="map-"]').click();
    const popup = page.getByTestId('map-popup');
    await expect(popup).toContainText('Door 07');
    await loaded(popup.getByTestId('linked-camera').locator('img'), 'picture 5');
    await popup.screenshot({ path: 'docs/screenshots/door-popup-camera.png' });
    await console.screenshot('cameras-monitoring');
  });

  test('expected extras: Ctrl+K jumps to a door, a device or an alarm; a day theme and larger text per operator; a repeating alert for the priorities the site chose', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    const headers = { authorization: `Bearer ${await apiToken(page.request, serve.url, PASSWORD)}` };
    const console = await ConsolePage.signedIn(page, serve.url, PASSWORD);
    // The search button keeps the top bar on one line at 1280 px.
    expect((await page.locator('header.top').boundingBox())!.height).toBeLessThan(50);

    // Search: a door by its name, from anywhere.
    await page.keyboard.press('Control+k');
    const palette = page.getByTestId('command-palette');
    await page.getByTestId('palette-input').fill('door 12');
    await expect(palette.getByTestId('palette-asset:door-12')).toBeVisible();
    await console.screenshot('search-palette');
    await page.keyboard.press('Enter');
    await expect(palette).toHaveCount(0);
    await expect(page.getByTestId('tab-assets')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('asset-detail').locator('h2')).toContainText('Door 12');
    // Minor 15: every area in Assets says where it is on the maps, or that it is not on one.
    await expect(page.locator('.area', { hasText: 'Server room' }).getByTestId('area-not-on-map')).toBeVisible();
    await expect(page.locator('.area', { hasText: 'Server room' }).getByTestId('area-place')).toBeVisible();
    await page.locator('.area', { hasText: 'Floor 2 – West' }).first().getByTestId('area-map').click();
    await expect(page.getByTestId('tab-monitoring')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('map-popup').filter({ hasText: 'Floor 2 – West' })).toBeVisible();
    // A device: back to Monitoring, its popup on the map.
    await page.getByTestId('search').click();
    await page.getByTestId('palette-input').fill('bathroom 2f');
    await page.getByTestId('palette-input').press('Enter');
    await expect(page.getByTestId('tab-monitoring')).toHaveAttribute('aria-selected', 'true');
    // Leaflet fades the last popup out over 200 ms, so it is still in the page for a moment.
    await expect(page.getByTestId('map-popup').filter({ hasText: 'Bathroom 2F' })).toBeVisible();

    // The repeating alert: priorities 1–20 sound again every 5 s until acknowledged.
    await page.getByTestId('tab-settings').click();
    await page.getByTestId('alert-repeat-priority').fill('20');
    await page.getByTestId('alert-repeat-every').fill('5');
    await page.getByTestId('alert-repeat-save').click();
    await expect(page.getByTestId('alert-repeat-note')).toContainText('1–20, 5 s');
    await page.getByTestId('alert-repeat').screenshot({ path: 'docs/screenshots/settings-alert-repeat.png' });
    expect((await page.request.post(`${serve.url}api/v1/site/simulation`, { headers, data: { force: { 'door-11': ['Forced Open'] } } })).status()).toBe(200);
    await page.getByTestId('tab-monitoring').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.alertRepeat ?? ''), { timeout: 20_000 }).not.toBe('');
    // An alarm found by name opens in the list.
    await page.keyboard.press('Control+k');
    await page.getByTestId('palette-input').fill('forced door 11');
    await page.getByTestId('palette-input').press('Enter');
    await expect(page.locator('[data-testid^="alarm-detail-"]:not([data-testid^="alarm-detail-toggle"])').first()).toBeVisible();

    // Display: the day theme and larger text, kept for this operator across a reload.
    await page.getByTestId('operator').click();
    await page.getByTestId('display-open').click();
    await page.getByTestId('display-theme').selectOption('day');
    await page.getByTestId('display-font').selectOption('1.15');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'day');
    await page.getByTestId('display-close').click();
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe('14.95px');
    await page.reload();
    await expect(page.getByTestId('stream-state')).toHaveText('LIVE');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'day');
    await console.screenshot('display-day');

    // Minor 12: the report lists each time an alarm stood; each KPI card says its target and meaning.
    await page.getByTestId('tab-reports').click();
    await page.getByTestId('report-kind').selectOption('alarms');
    await page.getByTestId('report-range-today').click();
    await page.getByTestId('report-run').click();
    await expect(page.getByTestId('report-table')).toContainText('Door Forced Open');
    await expect(page.getByTestId('report-table').locator('thead')).toContainText('acknowledged by');
    await expect(page.getByTestId('kpi-Per 10 minutes')).toContainText('Target: 1 (manageable), 2 at most');
    await console.screenshot('reports-occurrences');
  });
});
