import net from 'node:net';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { startServe, type ServeHandle } from '../support/serve-process.js';
import { ConsolePage, apiToken } from '../support/console-page.js';

const PASSWORD = 'e2e-password-1';

/** HALOs reporting from their own addresses (any 127.x.y.z is this machine), every 300 ms until stopped. */
class HaloBench {
  private readonly sockets: net.Socket[] = [];
  private readonly timers: NodeJS.Timeout[] = [];

  async start(port: number, wireId: string, from: string): Promise<void> {
    const socket = await new Promise<net.Socket>((resolve, reject) => {
      const s = net.connect({ host: '127.0.0.1', port, localAddress: from }, () => resolve(s));
      s.on('error', reject);
    });
    socket.on('error', () => undefined);
    this.sockets.push(socket);
    const send = (): void => { if (!socket.destroyed) socket.write(`DeviceId=${wireId} Noise=@40@;`); };
    send();
    this.timers.push(setInterval(send, 300));
  }

  /** The network, or the server, goes quiet: no HALO sends any more. */
  stop(): void {
    for (const t of this.timers.splice(0)) clearInterval(t);
    for (const s of this.sockets.splice(0)) s.destroy();
  }
}

async function api(request: APIRequestContext, url: string) {
  const headers = { authorization: `Bearer ${await apiToken(request, url, PASSWORD)}` };
  return {
    get: async <T>(path: string): Promise<T> => (await (await request.get(`${url}api/v1${path}`, { headers })).json()) as T,
    post: async <T>(path: string, data: unknown): Promise<T> => {
      const r = await request.post(`${url}api/v1${path}`, { headers, data });
      expect(r.status(), await r.text()).toBeLessThan(300);
      return (await r.json()) as T;
    },
    put: async <T>(path: string, data: unknown): Promise<T> => {
      const r = await request.put(`${url}api/v1${path}`, { headers, data });
      expect(r.status(), await r.text()).toBeLessThan(300);
      return (await r.json()) as T;
    },
  };
}

test.describe('HALOs offline, grouped under the fault that explains them', () => {
  let serve: ServeHandle;
  const bench = new HaloBench();
  /** The lab's HALOs once back: they keep reporting until the end, so no later test sees them go. */
  const lab = new HaloBench();
  test.beforeAll(async () => { serve = await startServe(['--demo', '--admin-password', PASSWORD]); });
  test.afterEach(() => bench.stop());
  test.afterAll(async () => { lab.stop(); expect(await serve.stop()).toBe(0); });

  test('twelve HALOs on one network go silent: one row titled "Network … unreachable", its alarm first; the flood banner counts my areas', async ({ page, request }) => {
    test.setTimeout(120_000);
    const core = await api(request, serve.url);
    // The demo's HALOs keep reporting from 127.0.0.1: the TCP server is healthy, only this network is silent.
    for (let i = 10; i < 22; i++) {
      await core.post('/devices', { name: `Lab HALO ${i}`, deviceId: `LAB${i}`, typeId: 'halo', serverId: 1, offlineAfterS: 2, location: 'Floor 2 – Lab' });
      await bench.start(serve.tcpPort, `LAB${i}`, `127.0.5.${i}`);
    }
    // The admin watches the lab: their flood banner counts activations there only.
    const me = (await core.get<Array<{ id: number; username: string }>>('/operators')).find((o) => o.username === 'admin')!;
    await core.put(`/operators/${me.id}`, { areas: ['Floor 2 – Lab'] });

    const console = await ConsolePage.signedIn(page, serve.url, PASSWORD);
    await expect.poll(async () => (await core.get<Array<{ deviceId: string; online: boolean }>>('/devices')).filter((d) => d.deviceId.startsWith('LAB') && d.online).length, { timeout: 20_000 }).toBe(12);
    bench.stop();

    const row = page.locator('[data-testid="flood-group-cause:network:127.0.5.0/24"]');
    await expect(row.getByTestId('flood-group-title')).toHaveText('Network 127.0.5.0/24 unreachable × 13', { timeout: 30_000 });
    await expect(page.getByTestId('flood-rate')).toHaveText('12 activations in the last 10 min');
    await expect(page.getByTestId('flood-scope')).toHaveText(' in your areas: Floor 2 – Lab');
    await row.getByTestId('flood-group-toggle').click();
    const first = page.locator('tr.flood-member').first();
    await expect(first).toContainText('Network unreachable');
    await expect(first).toContainText('CAUSE');
    await expect(page.locator('tr.flood-member', { hasText: 'Device offline' })).toHaveCount(12);
    await page.mouse.move(5, 5);
    await console.screenshot('flood-network-cause');

    // The lab back: every Device offline returns to normal, and so does the network's alarm;
    // acknowledged, the group dissolves.
    for (let i = 10; i < 22; i++) await lab.start(serve.tcpPort, `LAB${i}`, `127.0.5.${i}`);
    await expect.poll(async () => (await core.get<Array<{ definitionId: string; state: string }>>('/alarms?state=standing'))
      .filter((a) => (a.definitionId === 'device-offline' || a.definitionId === 'system-network-down') && a.state !== 'rtn-unack').length, { timeout: 20_000 }).toBe(0);
    await row.getByTestId('flood-acknowledge').click();
    await expect(row).toHaveCount(0);
    await core.put(`/operators/${me.id}`, { areas: [] });
  });

  test('every HALO of a TCP server goes silent: one row titled by the server, "No sensor data on …" first', async ({ page, request }) => {
    test.setTimeout(120_000);
    const core = await api(request, serve.url);
    const annex = await core.post<{ id: number }>('/tcp-servers', { name: 'Annex', host: '127.0.0.1', port: 0 });
    await expect.poll(async () => (await core.get<{ boundPort: number }>(`/tcp-servers/${annex.id}`)).boundPort, { timeout: 10_000 }).toBeGreaterThan(0);
    const port = (await core.get<{ boundPort: number }>(`/tcp-servers/${annex.id}`)).boundPort;
    // Over two networks: neither is the fault, the server's silence is.
    for (let i = 0; i < 12; i++) {
      await core.post('/devices', { name: `Annex HALO ${i}`, deviceId: `ANX${i}`, typeId: 'halo', serverId: annex.id, offlineAfterS: 2, location: 'Annex' });
      await bench.start(port, `ANX${i}`, `127.0.${6 + (i % 2)}.${10 + i}`);
    }
    const console = await ConsolePage.signedIn(page, serve.url, PASSWORD);
    await expect.poll(async () => (await core.get<Array<{ deviceId: string; online: boolean }>>('/devices')).filter((d) => d.deviceId.startsWith('ANX') && d.online).length, { timeout: 20_000 }).toBe(12);
    bench.stop();

    const row = page.locator(`[data-testid="flood-group-cause:tcp-server:${annex.id}"]`);
    // 12 Device offline and the server's "No sensor data"; and when the sweep that saw the first
    // HALOs silent came before the last ones went, the two networks' alarms raised meanwhile,
    // which then stand down into the server's group (docs/operator-guide.md, precedence).
    await expect(row.getByTestId('flood-group-title')).toHaveText(/^TCP server Annex × 1[35]$/, { timeout: 30_000 });
    await row.getByTestId('flood-group-toggle').click();
    const first = page.locator('tr.flood-member').first();
    await expect(first).toContainText('No sensor data');
    await expect(first).toContainText('Annex');
    await expect(first).toContainText('CAUSE');
    await page.mouse.move(5, 5);
    await console.screenshot('flood-tcp-server-cause');

    await row.getByTestId('flood-acknowledge').click();
    await expect(row.getByTestId('flood-group-state')).toHaveText('Acknowledged');
  });

  test('an admin gives an operator areas on the Operators page', async ({ page }) => {
    const console = await ConsolePage.signedIn(page, serve.url, PASSWORD, 'settings');
    await page.getByTestId('new-operator-username').fill('olga');
    await page.getByTestId('new-operator-password').fill('olga-pass-1');
    await page.getByTestId('new-operator-create').click();
    await expect(page.getByTestId('operator-areas-olga')).toHaveText('All areas');
    await page.getByTestId('operator-areas-edit-olga').click();
    const form = page.getByTestId('areas-form-olga');
    const boxes = form.locator('input[type="checkbox"]');
    await expect(boxes.first()).toBeVisible();
    const names = await form.locator('label').allTextContents();
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.getByTestId('areas-form-olga').scrollIntoViewIfNeeded();
    await console.screenshot('operator-areas');
    await page.getByTestId('areas-save').click();
    const picked = names.slice(0, 2).map((n) => n.trim()).sort((x, y) => x.localeCompare(y));
    await expect(page.getByTestId('operator-areas-olga')).toHaveText(picked.join(', '));
  });
});
