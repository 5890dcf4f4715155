import { expect, test, type APIRequestContext } from '@playwright/test';
import net from 'node:net';
import PDFDocument from 'pdfkit';
import sharp from 'sharp';
import { CAMPUS, campusLngLat, demoCampusMbtiles } from '../../electron/core/maps/demo-campus.js';
import { FOCUS_ALARM } from '../../shared/bridge-channels.js';
import { desktopShell } from '../support/desktop-shell.js';
import { startServe, type ServeHandle } from '../support/serve-process.js';
import { ConsolePage, apiToken } from '../support/console-page.js';

const PASSWORD = 'e2e-password-1';

/** An architect's floor plan as a PDF: A4 landscape, rooms and their names; a second page that must not show. */
function architectPdf(): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 0 });
    const parts: Buffer[] = [];
    doc.on('data', (b: Buffer) => parts.push(b));
    doc.on('end', () => resolve(Buffer.concat(parts)));
    doc.on('error', reject);
    doc.rect(0, 0, 842, 595).fill('#f4f1e8');
    doc.lineWidth(4).strokeColor('#1d2b3a');
    for (const [x, y, w, h, name] of [[40, 40, 360, 240, 'Reception'], [400, 40, 400, 240, 'Control room'], [40, 280, 240, 270, 'Stores'], [280, 280, 520, 270, 'Open office']] as const) {
      doc.rect(x, y, w, h).stroke();
      doc.fillColor('#1d2b3a').fontSize(20).text(name, x + 14, y + 14);
    }
    doc.fontSize(10).text('Ground floor, drawing A-101, scale 1:100', 560, 565);
    doc.addPage().fontSize(30).text('Sheet 2: not the plan');
    doc.end();
  });
}

async function authed(request: APIRequestContext, url: string): Promise<{ call: <T>(method: 'get' | 'post' | 'put', path: string, data?: unknown) => Promise<T>; headers: Record<string, string> }> {
  const headers = { authorization: `Bearer ${await apiToken(request, url, PASSWORD)}` };
  return {
    headers,
    call: async <T,>(method: 'get' | 'post' | 'put', path: string, data?: unknown): Promise<T> => {
      const r = await request[method](`${url}api/v1${path}`, { headers, data });
      expect(r.status(), `${method} ${path}: ${await r.text()}`).toBeLessThan(300);
      return (await r.json()) as T;
    },
  };
}

type MapJson = { id: number; image: { type: string; width: number; height: number; tiled: boolean } | null; mbtiles: { minZoom: number; maxZoom: number } | null; georef: { mapId: number; topLeft: number[]; topRight: number[]; bottomLeft: number[] } | null; placements: Array<{ kind: string; x: number; y: number; deviceId?: number; assetId?: string }> };

test.describe('building and operating maps from the console', () => {
  let serve: ServeHandle;
  test.beforeAll(async () => { serve = await startServe(['--no-demo', '--admin-password', PASSWORD]); });
  test.afterAll(async () => { expect(await serve.stop()).toBe(0); });

  test('a PDF plan, objects dragged from the palette, MBTiles uploaded and a plan georeferenced, all in the console', async ({ page, request }) => {
    test.setTimeout(120_000);
    const { call } = await authed(request, serve.url);
    const halo = await call<{ id: number }>('post', '/devices', { name: 'Lobby HALO', deviceId: 'Lobby1', typeId: 'halo', serverId: 1 });
    await call('put', '/site/connection', { driver: 'simulated', directoryServer: '127.0.0.1', username: 'site', password: 'site-password', activity: false });
    await ConsolePage.signedIn(page, serve.url, PASSWORD);
    const mapPanel = page.locator('section[aria-label="Floor plan"]');

    // A damaged PDF is refused with poppler's reason; the form stays open for another file.
    await page.getByTestId('map-new').click();
    await page.getByTestId('map-new-name').fill('Ground floor');
    await page.getByTestId('map-new-file').setInputFiles({ name: 'damaged.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\nnot really a PDF\n%%EOF\n') });
    await page.getByTestId('map-new-create').click();
    await expect(page.getByTestId('map-new-error')).toContainText('its file was refused: the PDF cannot be read');
    // The architect's PDF, as it came: the server draws its first page, on the same map.
    await page.getByTestId('map-new-file').setInputFiles({ name: 'A-101 ground floor.pdf', mimeType: 'application/pdf', buffer: await architectPdf() });
    await page.getByTestId('map-new-create').click();
    // Drawn, checked and tiled on the server, then the form closes.
    await expect(page.getByTestId('map-new-form')).toHaveCount(0, { timeout: 60_000 });
    await expect(page.getByTestId('map-current')).toHaveText('Ground floor');
    const floorId = Number(await page.getByTestId('floor-map').getAttribute('data-map-id'));
    expect((await call<MapJson[]>('get', '/maps')).length).toBe(1);
    const floor = await call<MapJson>('get', `/maps/${floorId}`);
    // A4 landscape at 200 dpi: a tiled pyramid like any large plan.
    expect(floor.image).toMatchObject({ type: 'png', width: 2339, height: 1654, tiled: true });
    await expect(page.getByTestId('floor-map').locator('img.leaflet-tile').first()).toBeVisible();
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="floor-map"] img.leaflet-tile')].every((i) => (i as HTMLImageElement).complete));
    await mapPanel.screenshot({ path: 'docs/screenshots/maps-pdf.png' });

    // Drag the HALO and a door from the palette onto the map, where they are let go.
    await page.getByTestId('map-edit').click();
    await expect(page.getByTestId('map-drag-palette')).toBeVisible();
    const box = (await page.getByTestId('floor-map').boundingBox())!;
    // The site's 100-odd objects: the filter finds the one to drag.
    await page.getByTestId('map-palette-filter').fill('lobby');
    await page.getByTestId(`map-drag-device:${halo.id}`).dragTo(page.getByTestId('floor-map'), { targetPosition: { x: box.width * 0.3, y: box.height * 0.35 } });
    await page.getByTestId('map-palette-filter').fill('Door 02');
    await page.getByTestId('map-drag-asset:door-02').dragTo(page.getByTestId('floor-map'), { targetPosition: { x: box.width * 0.7, y: box.height * 0.65 } });
    await expect(page.getByTestId('marker-count')).toHaveText('(2 markers)');
    await expect(page.getByTestId(`map-drag-device:${halo.id}`)).toHaveCount(0);
    await page.getByTestId('map-palette-filter').fill('');
    await mapPanel.screenshot({ path: 'docs/screenshots/maps-drag.png' });
    await page.getByTestId('map-save').click();
    await expect(page.getByTestId('map-editor')).toHaveCount(0);
    const placed = (await call<MapJson>('get', `/maps/${floorId}`)).placements;
    const haloAt = placed.find((p) => p.kind === 'device' && p.deviceId === halo.id)!;
    const doorAt = placed.find((p) => p.kind === 'asset' && p.assetId === 'door-02')!;
    // Where they were let go: the HALO up and left of the door, both on the plan.
    expect(haloAt.x).toBeLessThan(doorAt.x);
    expect(haloAt.y).toBeLessThan(doorAt.y);
    for (const p of [haloAt, doorAt]) {
      expect(p.x).toBeGreaterThan(0);
      expect(p.x).toBeLessThan(2339);
      expect(p.y).toBeGreaterThan(0);
      expect(p.y).toBeLessThan(1654);
    }

    // An outdoor map made in the console, its offline tiles uploaded from Map settings.
    await page.getByTestId('map-new').click();
    await page.getByTestId('map-new-name').fill('Campus');
    await page.getByTestId('map-new-parent').selectOption('');
    await page.getByTestId('map-new-kind').selectOption('geo');
    await page.getByTestId('map-new-create').click();
    await expect(page.getByTestId('map-current')).toHaveText('Campus');
    const campusId = Number(await page.getByTestId('floor-map').getAttribute('data-map-id'));
    await page.getByTestId('map-settings-open').click();
    await page.getByTestId('map-mbtiles-file').setInputFiles({ name: 'campus.mbtiles', mimeType: 'application/octet-stream', buffer: await demoCampusMbtiles() });
    await page.getByTestId('map-mbtiles-upload').click();
    await expect(page.getByTestId('map-settings-saved')).toHaveText('Tiles uploaded.');
    await expect(page.getByTestId('map-mbtiles-info')).toHaveText('MBTiles, zoom 15–18, WEBP');
    expect((await call<MapJson>('get', `/maps/${campusId}`)).mbtiles).toMatchObject({ minZoom: 15, maxZoom: 18 });
    await expect(page.getByTestId('floor-map').locator('img.leaflet-tile').first()).toBeVisible();
    await page.getByTestId('map-settings-close').click();

    // The ground floor lies in the sports hall: three corners typed into its settings.
    await page.getByTestId('map-floors').getByRole('button', { name: /Ground floor/ }).click();
    await expect(page.getByTestId('map-current')).toHaveText('Ground floor');
    await page.getByTestId('map-settings-open').click();
    await page.getByTestId('map-georef-map').selectOption(String(campusId));
    // The form starts from a guess in the middle of the outdoor map.
    await expect(page.getByTestId('map-georef-topLeft-lng')).not.toHaveValue('');
    const [hx, hy] = CAMPUS.hall[0]!;
    const corners = { topLeft: campusLngLat(hx, hy), topRight: campusLngLat(hx + 300, hy), bottomLeft: campusLngLat(hx, hy + 212) };
    for (const [corner, [lng, lat]] of Object.entries(corners)) {
      await page.getByTestId(`map-georef-${corner}-lng`).fill(String(lng));
      await page.getByTestId(`map-georef-${corner}-lat`).fill(String(lat));
    }
    await mapPanel.screenshot({ path: 'docs/screenshots/maps-settings.png' });
    await page.getByTestId('map-georef-save').click();
    await expect(page.getByTestId('map-settings-saved')).toHaveText('Corners saved.');
    expect((await call<MapJson>('get', `/maps/${floorId}`)).georef).toEqual({ mapId: campusId, ...corners });
    // Corners in a line are refused with the core's reason.
    await page.getByTestId('map-georef-bottomLeft-lng').fill(String(corners.topRight[0]));
    await page.getByTestId('map-georef-bottomLeft-lat').fill(String(corners.topRight[1]));
    await page.getByTestId('map-georef-save').click();
    await expect(page.getByTestId('map-settings-error')).toContainText('georef');
    await page.getByTestId('map-settings-close').click();

    // The campus shows the plan in place.
    await page.getByTestId('map-floors').getByRole('button', { name: /Campus/ }).click();
    await expect(page.locator(`img[data-testid="map-georef-${floorId}"]`)).toHaveCount(1);
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="floor-map"] img')].every((i) => (i as HTMLImageElement).complete));
    await mapPanel.screenshot({ path: 'docs/screenshots/maps-georeferenced.png' });
    const audit = await call<Array<{ action: string }>>('get', '/audit?limit=200');
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['map.image', 'map.tiles', 'map.update', 'map.placements']));
  });

  test("a notification's click opens the map that holds the alarm's source, centred and flashing", async ({ page, request }) => {
    const desktop = desktopShell(test.info().project.name);
    const { call, headers } = await authed(request, serve.url);
    await call('post', '/alarm-definitions', { id: 'SMOKE', name: 'SMOKE', priority: 5 });
    await call('post', '/rules', { id: 'smoke', name: 'Smoke', when: { type: 'data', deviceTypeId: 'halo', point: 'Noise', op: '>', value: 60 }, do: [{ type: 'trigger-alarm', alarmId: 'SMOKE' }] });
    const halo = await call<{ id: number }>('post', '/devices', { name: 'Store HALO', deviceId: 'Store1', typeId: 'halo', serverId: 1 });
    const top = await call<{ id: number }>('post', '/maps', { name: 'Site', order: -5 });
    const store = await call<{ id: number }>('post', '/maps', { name: 'Store room', parentId: top.id });
    const png = await sharp({ create: { width: 1000, height: 700, channels: 3, background: '#17212c' } }).png().toBuffer();
    expect((await request.post(`${serve.url}api/v1/maps/${store.id}/image`, { headers, multipart: { file: { name: 'store.png', mimeType: 'image/png', buffer: png } } })).status()).toBe(200);
    await call('put', `/maps/${store.id}/placements`, { placements: [{ kind: 'device', deviceId: halo.id, x: 700, y: 420 }] });

    // The browser's notifications, as Chromium would show them: the test holds each and clicks it.
    await page.addInitScript(() => {
      class FakeNotification {
        static permission: NotificationPermission = 'default';
        static requestPermission(): Promise<NotificationPermission> { FakeNotification.permission = 'granted'; return Promise.resolve('granted'); }
        onclick: (() => void) | null = null;
        constructor(readonly title: string, readonly options: NotificationOptions = {}) { (window as unknown as { __notes: FakeNotification[] }).__notes.push(this); }
        close(): void { /* shown until clicked */ }
      }
      (window as unknown as { __notes: unknown[] }).__notes = [];
      (window as unknown as { Notification: unknown }).Notification = FakeNotification;
    });
    await ConsolePage.signedIn(page, serve.url, PASSWORD);
    if (!desktop) {
      // A browser asks once; the desktop app notifies natively and needs no button.
      await page.getByTestId('notifications-enable').click();
      await expect(page.getByTestId('notifications-enable')).toHaveCount(0);
    }
    // The operator is elsewhere: another tab, another map.
    await expect(page.getByTestId('map-current')).toHaveText('Site');
    await page.getByTestId('tab-rules').click();

    const socket = net.connect({ host: '127.0.0.1', port: serve.tcpPort });
    await new Promise((r) => socket.once('connect', r));
    socket.write('DeviceId=Store1 Noise=@75@;');
    const alarms = async (): Promise<Array<{ id: number; source: { deviceId?: number | null } }>> => call('get', '/alarms');
    await expect.poll(async () => (await alarms()).some((a) => a.source.deviceId === halo.id)).toBe(true);
    const alarm = (await alarms()).find((a) => a.source.deviceId === halo.id)!;
    if (desktop) {
      // The main process's notification click sends the alarm to the window.
      await page.evaluate(([channel, id]) => (window as unknown as { __ipcDeliver: (c: string, p: boolean, a: unknown[]) => void }).__ipcDeliver(channel as string, false, [id]), [FOCUS_ALARM, alarm.id] as const);
    } else {
      await expect.poll(() => page.evaluate(() => (window as unknown as { __notes: Array<{ title: string }> }).__notes.map((n) => n.title))).toEqual(['Priority 5: SMOKE']);
      expect(await page.evaluate(() => (window as unknown as { __notes: Array<{ options: NotificationOptions }> }).__notes[0]!.options.body)).toBe('Store HALO');
      await page.evaluate(() => (window as unknown as { __notes: Array<{ onclick: () => void }> }).__notes[0]!.onclick());
    }
    await expect(page.getByTestId('tab-monitoring')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('map-current')).toHaveText('Store room');
    await expect(page.getByTestId('map-popup')).toContainText('Store HALO');
    await expect(page.locator('.map-flash')).toHaveCount(1);
    if (!desktop) await page.locator('section[aria-label="Floor plan"]').screenshot({ path: 'docs/screenshots/maps-notification.png' });
    socket.end();
  });
});
