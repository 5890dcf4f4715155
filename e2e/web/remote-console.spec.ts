import { expect, test } from '@playwright/test';
import net from 'node:net';
import { CHOOSE, CONNECT_PAGE, connectRequest } from '../../electron/shell/connect-page.js';
import type { ConnectionChoice } from '../../electron/shell/remote-node.js';
import { ConsolePage, apiToken } from '../support/console-page.js';
import { desktopShell } from '../support/desktop-shell.js';
import { startServe, type ServeHandle } from '../support/serve-process.js';

/**
 * The desktop app as the console of a remote node (issue 16): in the desktop-ipc project the
 * window's bridge is the real preload, IPC host and RemoteHost, reaching `serve` over HTTP and
 * WebSocket; in the browser project the same flow runs on the browser's own bridge.
 */
const PASSWORD = 'e2e-password-1';

test.describe('a console whose server goes away and comes back', () => {
  let serve: ServeHandle;
  test.beforeAll(async () => { serve = await startServe(['--no-demo', '--admin-password', PASSWORD]); });
  test.afterAll(async () => { await serve.stop(); });

  test('shows the lost server, reconnects by itself, and the stream resumes', async ({ page, request }) => {
    const headers = { authorization: `Bearer ${await apiToken(request, serve.url, PASSWORD)}` };
    expect((await request.post(`${serve.url}api/v1/devices`, { headers, data: { name: 'Lobby', deviceId: 'Lobby1', typeId: 'halo', serverId: 1 } })).status()).toBe(201);
    const console = await ConsolePage.signedIn(page, serve.url, PASSWORD);

    // The node restarts (an update, a reboot): same data folder, same ports.
    const { dataDir, port, tcpPort } = serve;
    expect(await serve.stop()).toBe(0);
    await expect(page.getByTestId('stream-state')).toHaveText(/CLOSED|CONNECTING/);
    if (desktopShell(test.info().project.name)) await console.screenshot('remote-console-lost');
    serve = await startServe(['--no-demo', '--port', String(port), '--tcp-port', String(tcpPort)], dataDir);
    await expect(page.getByTestId('stream-state')).toHaveText('LIVE', { timeout: 20_000 });
    await expect(page.getByTestId('operator')).toContainText('admin');

    const halo = net.connect({ host: '127.0.0.1', port: tcpPort });
    await new Promise((r) => halo.once('connect', r));
    halo.write('DeviceId=Lobby1 Noise=@61.5@;');
    await expect(console.value('Lobby1', 'Noise')).toHaveText('61.5');
    halo.destroy();
    if (desktopShell(test.info().project.name)) expect(await page.evaluate(() => JSON.stringify(sessionStorage))).toBe('{}');
  });
});

test.describe('a session that ends at the server', () => {
  let serve: ServeHandle;
  test.beforeAll(async () => { serve = await startServe(['--no-demo', '--admin-password', PASSWORD]); });
  test.afterAll(async () => { await serve.stop(); });

  test('the console says why it was signed out, and does not reconnect', async ({ page, request }) => {
    await ConsolePage.signedIn(page, serve.url, PASSWORD);
    // The same operator changes their password elsewhere: their other sessions end, this console's too.
    const token = await apiToken(request, serve.url, PASSWORD);
    expect((await request.put(`${serve.url}api/v1/sessions/current/password`, { headers: { authorization: `Bearer ${token}` }, data: { current: PASSWORD, new: 'e2e-password-2' } })).status()).toBe(204);
    await expect(page.getByTestId('signed-out')).toContainText('Signed out:');
    await expect(page.getByTestId('login-form')).toBeVisible();
  });
});

test('the first-run choice: this computer, or a Watchdesk server at …', async ({ page }) => {
  test.skip(!desktopShell(test.info().project.name), 'a page of the desktop app only');
  const chosen: ConnectionChoice[] = [];
  const pending = { current: null, choose: (c: ConnectionChoice) => chosen.push(c) };
  // The app's protocol handler answers these paths; here the same function behind a route.
  await page.route('https://watchdesk.invalid/**', async (route) => {
    const response = connectRequest(new URL(route.request().url()), pending);
    if (!response) return route.fulfill({ status: 404 });
    return route.fulfill({ status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() });
  });
  await page.setViewportSize({ width: 560, height: 420 });
  await page.goto(`https://watchdesk.invalid${CONNECT_PAGE}`);
  await page.getByTestId('connect-remote').check();
  await page.getByTestId('connect-url').fill('http://10.20.0.5:8080');
  await page.getByTestId('connect-go').click();
  await expect(page.getByTestId('connect-error')).toContainText('--insecure');
  await page.getByTestId('connect-url').fill('watchdesk.site.example');
  await page.screenshot({ path: 'docs/screenshots/remote-connect.png' });
  await page.getByTestId('connect-go').click();
  await expect(page.locator('body')).toHaveText('Connecting…');
  expect(chosen).toEqual([{ mode: 'remote', url: 'https://watchdesk.site.example', pin: null, insecure: false }]);
  expect(CHOOSE).toBe('/connect/choose');
});
