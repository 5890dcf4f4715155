import { expect, test } from '@playwright/test';
import net from 'node:net';
import { startServe, type ServeHandle } from '../support/serve-process.js';
import { ConsolePage, apiToken } from '../support/console-page.js';

const PASSWORD = 'e2e-password-1';

function sendFrames(port: number, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => socket.end(text, () => resolve()));
    socket.on('error', reject);
  });
}

test.describe('ingest console, empty site', () => {
  let serve: ServeHandle;
  test.beforeAll(async () => { serve = await startServe(['--no-demo', '--admin-password', PASSWORD]); });
  test.afterAll(async () => { expect(await serve.stop()).toBe(0); });

  test('a wrong password is refused, the right one opens the console', async ({ page }) => {
    const console = new ConsolePage(page, serve.url);
    await console.login('admin', 'not-the-password');
    await expect(page.getByTestId('login-error')).toContainText('wrong user name or password');
    await console.screenshot('login-refused');
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await console.expectLoggedInAs('admin');
    await expect(page.getByTestId('demo-badge')).toHaveCount(0);
  });

  test('an unknown HALO is listed as unmatched; once created, its values flow live', async ({ page, request }) => {
    const console = await ConsolePage.signedIn(page, serve.url, PASSWORD);

    await sendFrames(serve.tcpPort, 'DeviceId=Bath3F Noise=@48@ PM2.5=@3@;');
    const unmatched = page.getByTestId('unmatched');
    await expect(unmatched).toContainText('Bath3F');

    // The unmatched id opens the device form filled in (Devices & integration); one more click creates it.
    await page.getByTestId('tab-integration').click();
    await expect(page.getByTestId('halo-heartbeat')).toContainText('DeviceId=%NAME% AccX=@%SENSOR:AccX%@');
    await page.getByTestId('create-Bath3F').click();
    await expect(page.getByTestId('device-id')).toHaveValue('Bath3F');
    await page.getByTestId('device-location').fill('Floor 3, east wing');
    await page.getByTestId('device-save').click();
    await expect(page.getByTestId('devices-note')).toContainText('Device Bath3F created');
    await console.screenshot('integration');
    await page.getByTestId('tab-monitoring').click();
    await expect(console.deviceRow('Bath3F')).toBeVisible();

    // Split across segments, with a value that is not a number: shown, never turned into 0.
    await sendFrames(serve.tcpPort, 'DeviceId=Bath3F Noise=@61.5@ PM2.');
    await sendFrames(serve.tcpPort, 'DeviceId=Bath3F Noise=@61.5@ PM2.5=@7@ TVOC=@n/a@;');
    await expect(console.value('Bath3F', 'Noise')).toHaveText('61.5');
    await expect(console.value('Bath3F', 'PM2.5')).toHaveText('7');
    await expect(console.value('Bath3F', 'TVOC')).toContainText('n/a');
    await expect(page.getByTestId('stat-not-a-number')).not.toContainText(/^0$/);
    // The value is on the chart too: history from the server, then the live tail.
    const login = await request.post(`${serve.url}api/v1/sessions`, { data: { username: 'admin', password: PASSWORD } });
    const { token } = (await login.json()) as { token: string };
    const devices = (await (await request.get(`${serve.url}api/v1/devices`, { headers: { authorization: `Bearer ${token}` } })).json()) as Array<{ id: number; deviceId: string }>;
    await expect(page.getByTestId('chart-device')).toHaveValue(String(devices.find((d) => d.deviceId === 'Bath3F')!.id));
    await sendFrames(serve.tcpPort, 'DeviceId=Bath3F Noise=@57@;');
    await expect(console.value('Bath3F', 'Noise')).toHaveText('57');
    await expect(page.getByTestId('chart-count')).toHaveText('2 of 2 samples shown');
    await expect(page.locator('[data-testid="chart"] path.recharts-curve')).toHaveCount(1);
    await console.deviceRow('Bath3F').scrollIntoViewIfNeeded();
    await console.screenshot('ingest-device-values');
  });
});

test.describe('generic events over HTTP', () => {
  let serve: ServeHandle;
  test.beforeAll(async () => { serve = await startServe(['--no-demo', '--admin-password', PASSWORD]); });
  test.afterAll(async () => { expect(await serve.stop()).toBe(0); });

  test('a HALO-style createEvent reaches the live event list', async ({ page, request }) => {
    const console = new ConsolePage(page, serve.url);
    const token = await apiToken(request, serve.url, PASSWORD);
    const account = await request.post(`${serve.url}api/v1/integration-accounts`, { headers: { authorization: `Bearer ${token}` }, data: { username: 'halo', password: 'halo-secret-1' } });
    expect(account.status()).toBe(201);
    await console.login('admin', PASSWORD);
    await console.expectLoggedInAs('admin');
    const basic = `Basic ${Buffer.from('halo:halo-secret-1').toString('base64')}`;
    const sent = await request.get(`http://127.0.0.1:${serve.collectorPort}/api/createEvent?source=Bath11&caption=Vape&description=Vape+has+been+detected+in+Bathroom+11`, { headers: { authorization: basic } });
    expect(await sent.json()).toEqual({ error: '0', errorString: '', reply: null });
    await expect(page.getByTestId('event-row').first()).toContainText('Vape has been detected in Bathroom 11');
    await expect(page.getByTestId('stat-http-events')).toContainText('1');
    await console.screenshot('generic-event');

    // The event's source is a HALO on the plan: a click on the event shows it there, with its values.
    expect((await request.post(`${serve.url}api/v1/devices`, { headers: { authorization: `Bearer ${token}` }, data: { name: 'Bathroom 11', deviceId: 'Bath11', typeId: 'halo', serverId: 1 } })).status()).toBe(201);
    await sendFrames(serve.tcpPort, 'DeviceId=Bath11 Noise=@48@ PM2.5=@3@;');
    await expect(console.value('Bath11', 'Noise')).toHaveText('48');
    await page.getByTestId('event-type').selectOption('Vape');
    await page.getByTestId('event-row').first().click();
    const popup = page.getByTestId('map-popup');
    await expect(popup).toContainText('Bathroom 11');
    await expect(popup.getByTestId('popup-value-Noise')).toHaveText('48');
    await expect(popup.getByTestId('popup-value-PM2.5')).toHaveText('3');
  });
});

test.describe('demo site', () => {
  let serve: ServeHandle;
  test.beforeAll(async () => { serve = await startServe(['--admin-password', PASSWORD]); });
  test.afterAll(async () => { expect(await serve.stop()).toBe(0); });

  test('a fresh data folder starts with the demo on, plainly marked, and it can be switched off', async ({ page }) => {
    const console = await ConsolePage.signedIn(page, serve.url, PASSWORD);
    await expect(page.getByTestId('demo-badge')).toHaveText('DEMO');
    await expect(console.deviceRow('Bath2F')).toBeVisible();
    await expect(console.deviceRow('Bath2F').locator('.dot.on')).toBeVisible();
    // The floor plan draws its markers on a canvas (smooth with thousands of them).
    await expect(page.getByTestId('floor-map').locator('canvas')).toHaveCount(1);
    // The demo opens on its outdoor campus: tiles the core drew into an MBTiles file at start-up.
    await expect(page.getByTestId('floor-map').locator('img.leaflet-tile').first()).toBeVisible();
    await expect(console.value('Bath2F', 'Noise')).toHaveText(/^\d+(\.\d)?$/);
    // The simulated HALOs' dashboards come through the core's MJPEG proxy.
    const firstTile = page.locator('[data-testid^="video-state-"]').first();
    await expect(firstTile).toHaveText('LIVE');
    await expect.poll(() => page.locator('.video-tile img').evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length)).toBe(8);
    await console.screenshot('demo-overview');
    await page.locator('.video-wall').screenshot({ path: 'docs/screenshots/video-wall.png' });

    // One data point of several devices on one chart, each in its own colour.
    await page.getByTestId('chart-compare-open').click();
    await page.getByTestId('chart-compare').selectOption({ label: 'Bathroom 2F' });
    await expect(page.getByTestId(/^compare-\d+$/)).toHaveText('Bathroom 2F ×');
    await expect(page.locator('[data-testid="chart"] path.recharts-curve')).toHaveCount(2);
    await page.locator('section[aria-label="Data points"]').screenshot({ path: 'docs/screenshots/chart-compare.png' });

    // The dashboard: every data point of one device, each on its own chart.
    await page.getByTestId('tab-dashboard').click();
    await page.getByTestId('dashboard-device').selectOption({ label: 'Bathroom 2F' });
    await expect(page.getByTestId('tile-value-Noise')).toHaveText(/^\d+(\.\d)? dB$/);
    await expect(page.getByTestId('tile-C')).toBeVisible();
    await console.screenshot('dashboard');
    // Back on Monitoring the video opens again, and the streams left behind were ended: the
    // browser's six connections per host stay free for the console's own requests (next step).
    await page.getByTestId('tab-monitoring').click();
    await expect.poll(() => page.locator('.video-tile img').evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length)).toBe(8);

    // Switching the demo off asks first: it takes the demo's devices and alarms with it.
    const asked = new Promise<string>((resolve) => page.once('dialog', (d) => { resolve(d.message()); void d.accept(); }));
    // It sits in the demo's menu, with the drills.
    await page.getByTestId('drill-menu').click();
    await page.getByTestId('demo-toggle').click();
    expect(await asked).toContain('Switch the demo off?');
    await expect(page.getByTestId('demo-badge')).toHaveCount(0);
    await expect(console.deviceRow('Bath2F')).toHaveCount(0);
  });
});
