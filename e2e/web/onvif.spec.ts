import { expect, test } from '@playwright/test';
import { OnvifEmulator } from '../../test/support/onvif-emulator.js';
import { startServe, type ServeHandle } from '../support/serve-process.js';
import { ConsolePage, apiToken } from '../support/console-page.js';

const PASSWORD = 'e2e-password-1';

test.describe('an ONVIF camera beside the simulated site', () => {
  let serve: ServeHandle;
  const emulator = new OnvifEmulator({ manufacturer: 'Emulated Optics', model: 'PTZ-2000', mjpeg: true });
  const second = new OnvifEmulator({ manufacturer: 'Acme Vision', model: 'Dome 9', ptz: false });
  test.beforeAll(async ({ request }) => {
    await emulator.start();
    await second.start();
    serve = await startServe(['--no-demo', '--admin-password', PASSWORD]);
    const token = await apiToken(request, serve.url, PASSWORD);
    const headers = { authorization: `Bearer ${token}` };
    await request.put(`${serve.url}api/v1/site/connection`, { headers, data: { directoryServer: '10.0.0.5', username: 'watchdesk', password: 'secret', activity: false } });
    const r = await request.post(`${serve.url}api/v1/connections`, { headers, data: { driver: 'onvif', address: '127.0.0.1', port: emulator.port, username: emulator.username, password: emulator.password, name: 'Gate PTZ', area: 'Perimeter' } });
    expect(((await r.json()) as { state: string }).state).toBe('connected');
  });
  test.afterAll(async () => {
    expect(await serve.stop()).toBe(0);
    await emulator.stop();
    await second.stop();
  });

  test('the camera appears in Assets with its presets by name, and a preset runs from the PTZ panel', async ({ page }) => {
    const console = await ConsolePage.signedIn(page, serve.url, PASSWORD, 'assets');
    const tile = page.getByTestId('asset-onvif-1:camera-1');
    await expect(tile).toContainText('Gate PTZ');
    await tile.click();
    const panel = page.getByTestId('ptz-panel');
    await expect(panel.getByTestId('preset-preset-2')).toHaveText('Gate');
    await expect(panel.getByTestId('preset-preset-3')).toHaveText('Loading Bay');
    await panel.getByTestId('preset-preset-2').click();
    await expect(page.getByTestId('command-status')).toHaveText('CONFIRMED');
    await expect(panel.getByTestId('preset-preset-2')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('asset-snapshot').locator('img')).toBeVisible();
    await expect(page.getByTestId('asset-snapshot')).toContainText('LIVE (MJPEG)');
    await expect(page.getByTestId('connection-onvif-1')).toHaveText('Gate PTZ (onvif): connected');
    await console.screenshot('assets-onvif-camera');
    // The video wall shows the camera's snapshots too.
    await page.getByTestId('tab-monitoring').click();
    await expect(page.getByTestId('video-asset-onvif-1:camera-1').locator('img')).toBeVisible();
    await expect(page.getByTestId('video-asset-onvif-1:camera-1')).toContainText('SNAPSHOT');
  });

  test('the camera stops answering: only its tile turns No Communication, and it comes back by itself', async ({ page }) => {
    const console = await ConsolePage.signedIn(page, serve.url, PASSWORD, 'assets');
    await expect(page.getByTestId('asset-state-onvif-1:camera-1')).toHaveText('Normal');
    await emulator.stop();
    await expect(page.getByTestId('asset-state-onvif-1:camera-1')).toHaveText('No Communication');
    await expect(page.getByTestId('connection-onvif-1')).toContainText('no communication');
    await expect(page.getByTestId('asset-state-door-01')).toHaveText('Secure');
    await page.getByTestId('asset-onvif-1:camera-1').click();
    await expect(page.getByTestId('asset-displayed')).toHaveText('No Communication');
    await console.screenshot('assets-onvif-no-communication');
    await emulator.start();
    await expect(page.getByTestId('asset-state-onvif-1:camera-1')).toHaveText('Normal', { timeout: 30_000 });
    await expect(page.getByTestId('connection-onvif-1')).toHaveText('Gate PTZ (onvif): connected');
  });

  test('an administrator adds a camera from Settings: a refused field is marked, then it connects', async ({ page }) => {
    const console = await ConsolePage.signedIn(page, serve.url, PASSWORD, 'settings');
    const form = page.getByTestId('camera-connections');
    await expect(form.getByTestId('settings-connection-onvif-1')).toContainText('Gate PTZ');
    await form.getByTestId('camera-address').fill('127.0.0.1');
    await form.getByTestId('camera-port').fill('70000');
    await form.getByTestId('camera-username').fill(second.username);
    await form.getByTestId('camera-password').fill(second.password);
    await form.getByTestId('camera-name').fill('Lobby dome');
    await form.getByTestId('camera-add').click();
    await expect(form.getByTestId('camera-error-port')).toHaveText('✗ must be 1–65535');
    await form.getByTestId('camera-port').fill(String(second.port));
    await form.getByTestId('camera-add').click();
    await expect(form.getByTestId('camera-message')).toHaveText('Lobby dome: connected');
    await expect(form.getByTestId('settings-connection-onvif-2')).toContainText('Lobby dome');
    await console.screenshot('settings-onvif-cameras');
    await page.getByTestId('tab-assets').click();
    await page.getByTestId('asset-onvif-2:camera-1').click();
    await expect(page.getByTestId('ptz-panel')).toHaveText('No PTZ on this camera.');
  });
});
