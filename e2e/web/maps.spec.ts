import { expect, test } from '@playwright/test';
import net from 'node:net';
import sharp from 'sharp';
import { startServe, type ServeHandle } from '../support/serve-process.js';
import { ConsolePage, apiToken } from '../support/console-page.js';

const PASSWORD = 'e2e-password-1';

/** A floor plan as an architect's tool might export it, with what an attacker would add. */
const EVIL_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800" onload="window.__svgRan = 'onload'; try { top.__svgRan = 'onload' } catch (e) {}">
<script>window.__svgRan = 'script'; try { top.__svgRan = 'script'; top.document.title = 'pwned' } catch (e) {}</script>
<rect width="1200" height="800" fill="#121922"/>
<rect x="40" y="40" width="500" height="320" fill="#17212c" stroke="#3a4a5c" stroke-width="4"/>
<text x="60" y="80" fill="#8ea3b8" font-family="sans-serif" font-size="28">Lab wing</text>
<rect x="640" y="40" width="520" height="320" fill="#17212c" stroke="#3a4a5c" stroke-width="4"/>
<text x="660" y="80" fill="#8ea3b8" font-family="sans-serif" font-size="28">Server hall</text>
</svg>`;

test.describe('site maps', () => {
  let serve: ServeHandle;
  test.beforeAll(async () => { serve = await startServe(['--no-demo', '--admin-password', PASSWORD]); });
  test.afterAll(async () => { expect(await serve.stop()).toBe(0); });

  test('upload a plan, place a door, a HALO and a camera, and an alarm on the floor rolls up to the building and the campus', async ({ page, request }) => {
    const token = await apiToken(request, serve.url, PASSWORD);
    const headers = { authorization: `Bearer ${token}` };
    const api = async (method: 'post' | 'put', path: string, data: unknown): Promise<{ id: number }> => {
      const r = await request[method](`${serve.url}api/v1${path}`, { headers, data });
      expect(r.status(), `${method} ${path}: ${await r.text()}`).toBeLessThan(300);
      return (await r.json()) as { id: number };
    };
    await api('post', '/alarm-definitions', { id: 'NOISE', name: 'NOISE', priority: 10 });
    await api('post', '/rules', { id: 'noise', name: 'Noise above 60', when: { type: 'data', deviceTypeId: 'halo', point: 'Noise', op: '>', value: 60 }, do: [{ type: 'trigger-alarm', alarmId: 'NOISE' }] });
    const halo = await api('post', '/devices', { name: 'Lab HALO', deviceId: 'Lab1', typeId: 'halo', serverId: 1 });
    await api('put', '/site/connection', { driver: 'simulated', directoryServer: '127.0.0.1', username: 'site', password: 'site-password', activity: false });
    // The campus and the building: made through the API, the floor through the console.
    const campusPng = await sharp({ create: { width: 1600, height: 1000, channels: 3, background: '#13201a' } }).png().toBuffer();
    const campus = await api('post', '/maps', { name: 'Campus' });
    const form = { file: { name: 'campus.png', mimeType: 'image/png', buffer: campusPng } };
    expect((await request.post(`${serve.url}api/v1/maps/${campus.id}/image`, { headers, multipart: form })).status()).toBe(200);
    const building = await api('post', '/maps', { name: 'Lab building', parentId: campus.id });

    await page.addInitScript(() => { (window as unknown as { __svgRan?: string }).__svgRan = undefined; });
    const console = await ConsolePage.signedIn(page, serve.url, PASSWORD);
    const mapPanel = page.locator('section[aria-label="Floor plan"]');
    await expect(page.getByTestId('map-current')).toHaveText('Campus');

    // A new floor, its plan an SVG carrying a script and an onload handler.
    await page.getByTestId('map-new').click();
    await page.getByTestId('map-new-name').fill('Floor 1');
    await page.getByTestId('map-new-parent').selectOption(String(building.id));
    await page.getByTestId('map-new-file').setInputFiles({ name: 'floor-1.svg', mimeType: 'image/svg+xml', buffer: Buffer.from(EVIL_SVG) });
    await page.getByTestId('map-new-create').click();
    await expect(page.getByTestId('map-current')).toHaveText('Floor 1');
    await expect(page.getByTestId('map-breadcrumb')).toHaveText('Campus › Lab building › Floor 1');
    await expect(page.getByTestId('floor-map').locator('img.leaflet-image-layer')).toHaveCount(1);
    const floorId = Number(await page.getByTestId('floor-map').getAttribute('data-map-id'));

    // Place a door, the HALO and a camera from the palette, drag the door, save.
    await page.getByTestId('map-edit').click();
    for (const name of ['Door 01', 'Lab HALO', 'Camera 01']) {
      await page.getByTestId('map-palette').selectOption({ label: name });
      await page.getByTestId('map-place').click();
    }
    const box = (await page.getByTestId('floor-map').boundingBox())!;
    const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    // The camera was placed last, on top: drag it away to the right.
    await page.mouse.move(centre.x, centre.y);
    await page.mouse.down();
    await page.mouse.move(centre.x + 120, centre.y + 40, { steps: 5 });
    await page.mouse.up();
    await mapPanel.screenshot({ path: 'docs/screenshots/maps-edit.png' });
    await page.getByTestId('map-save').click();
    await expect(page.getByTestId('map-editor')).toHaveCount(0);
    await expect(page.getByTestId('marker-count')).toHaveText('(3 markers)');
    const floor = await (await request.get(`${serve.url}api/v1/maps/${floorId}`, { headers })).json() as { placements: Array<{ kind: string; x: number; y: number; deviceId?: number; assetId?: string }> };
    expect(floor.placements.map((p) => p.kind).sort()).toEqual(['asset', 'device', 'fov']);
    expect(floor.placements.find((p) => p.kind === 'device')!.deviceId).toBe(halo.id);
    const camera = floor.placements.find((p) => p.kind === 'fov')!;
    expect(camera.x).toBeGreaterThan(floor.placements.find((p) => p.kind === 'asset')!.x + 50);

    // Turn the camera's field of view by its tip handle, and save again.
    await page.getByTestId('map-edit').click();
    // The editor's palette moves the map down: measure the plan once it is in view and still.
    await expect(page.getByTestId('map-drag-palette')).toBeVisible();
    await page.getByTestId('floor-map').scrollIntoViewIfNeeded();
    // A loaded machine may still be laying the page out or settling the map: wait until the plan
    // stands still (the same box twice, a frame apart) before aiming at a handle on it.
    const planImage = page.getByTestId('floor-map').locator('img.leaflet-image-layer');
    let plan = (await planImage.boundingBox())!;
    await expect.poll(async () => {
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const now = (await planImage.boundingBox())!;
      const still = JSON.stringify(now) === JSON.stringify(plan);
      plan = now;
      return still;
    }).toBe(true);
    const scale = plan.width / 1200;
    const tip = { x: plan.x + camera.x * scale, y: plan.y + (camera.y - 80) * scale };
    await page.mouse.move(tip.x, tip.y);
    await page.mouse.down();
    await page.mouse.move(tip.x + 40 * scale, tip.y + 60 * scale, { steps: 5 });
    await page.mouse.move(tip.x + 80 * scale, tip.y + 80 * scale, { steps: 5 });
    await page.mouse.up();
    await page.getByTestId('map-save').click();
    await expect(page.getByTestId('map-editor')).toHaveCount(0);
    const turned = (await (await request.get(`${serve.url}api/v1/maps/${floorId}`, { headers })).json() as { placements: Array<{ kind: string; direction?: number; range?: number }> }).placements.find((p) => p.kind === 'fov')!;
    // Screen pixels round: about east, about as far. Some full runs land ~17 plan px long
    // (cause not found: see the closing note of 2026-11-29); the turn itself is what is tested.
    expect(Math.abs(turned.direction! - 90)).toBeLessThan(12);
    expect(Math.abs(turned.range! - 80)).toBeLessThan(25);
    floor.placements = (await (await request.get(`${serve.url}api/v1/maps/${floorId}`, { headers })).json() as typeof floor).placements;

    // A PTZ preset as a point on the floor: a click turns the camera there.
    await api('put', `/maps/${floorId}/placements`, { placements: [...floor.placements, { kind: 'preset', id: 'entrance', assetId: 'camera-01', presetId: '2', x: 300, y: 600 }] });
    await page.getByTestId('map-preset-entrance').click();
    await expect.poll(async () => ((await (await request.get(`${serve.url}api/v1/commands?limit=5`, { headers })).json()) as Array<{ assetId: string; command: string; params: { presetId?: string }; actor: string }>)
      .some((c) => c.assetId === 'camera-01' && c.command === 'ptz-preset' && c.params.presetId === '2' && c.actor === 'admin')).toBe(true);
    await mapPanel.screenshot({ path: 'docs/screenshots/maps-preset.png' });

    // The building links to the floor; the campus shows the building as a linked area.
    await api('put', `/maps/${building.id}/placements`, { placements: [{ kind: 'link', linkMapId: floorId, label: 'Floor 1', x: 0, y: 0 }] });
    await api('put', `/maps/${campus.id}/placements`, { placements: [{ kind: 'area', id: 'lab', name: 'Lab building', polygon: [[500, 300], [1100, 300], [1100, 700], [500, 700]], linkMapId: building.id }] });

    // An alarm on the floor: the campus area shows it.
    const socket = net.connect({ host: '127.0.0.1', port: serve.tcpPort });
    await new Promise((r) => socket.once('connect', r));
    socket.write('DeviceId=Lab1 Noise=@72.5@;');
    await page.getByTestId(`map-crumb-${campus.id}`).click();
    await expect(page.getByTestId('map-current')).toHaveText('Campus');
    await expect(page.getByTestId('map-area-lab-alarms')).toHaveText('⚠ 1');
    await expect(page.getByTestId('map-elsewhere')).toHaveCount(0);
    await mapPanel.screenshot({ path: 'docs/screenshots/maps-rollup.png' });

    // Through the area to the building: its link to the floor carries the alarm too.
    await page.getByTestId('map-area-lab').click();
    await expect(page.getByTestId('map-current')).toHaveText('Lab building');
    await expect(page.getByTestId(`map-link-${floorId}-alarms`)).toHaveText('⚠ 1');

    // Click the alarm: the floor opens, centred on the HALO, its popup open and the marker flashing.
    const row = page.locator('[data-testid^="alarm-row-"]').first();
    await row.getByRole('button', { name: 'Map' }).click();
    await expect(page.getByTestId('map-current')).toHaveText('Floor 1');
    await expect(page.getByTestId('map-popup')).toContainText('Lab HALO');
    await expect(page.locator('.map-flash')).toHaveCount(1);
    await mapPanel.screenshot({ path: 'docs/screenshots/maps-alarm-source.png' });
    socket.end();

    // Nothing the SVG carried ran: not in the console, and not when its original is opened on its own.
    expect(await page.evaluate(() => (window as unknown as { __svgRan?: string }).__svgRan)).toBeUndefined();
    expect(await page.title()).not.toBe('pwned');
    const map = await (await request.get(`${serve.url}api/v1/maps/${floorId}`, { headers })).json() as { image: { key: string; type: string } };
    expect(map.image.type).toBe('svg');
    const original = await page.context().newPage();
    const blocked: string[] = [];
    original.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) blocked.push(m.text()); });
    const res = await original.goto(`${serve.url}api/v1/maps/${floorId}/image?key=${map.image.key}&variant=original`);
    expect(res!.headers()['content-security-policy']).toBe("default-src 'none'");
    expect(await original.evaluate(() => (window as unknown as { __svgRan?: string }).__svgRan)).toBeUndefined();
    await expect.poll(() => blocked.length).toBeGreaterThan(0);
    await original.close();

    // A crowded map clusters at low zoom, each cluster showing how many it holds and the worst state among them.
    const crowd = await api('post', '/maps', { name: 'Crowd', order: 5 });
    await api('put', `/maps/${crowd.id}/placements`, { placements: [
      { kind: 'device', deviceId: halo.id, x: 5, y: 5 },
      ...Array.from({ length: 400 }, (_, i) => ({ kind: 'asset', assetId: `door-${i}`, x: (i % 20) * 10, y: Math.floor(i / 20) * 10 })),
    ] });
    await page.getByTestId(`map-crumb-${campus.id}`).click();
    await page.getByTestId(`map-floor-${crowd.id}`).click();
    await expect(page.getByTestId('map-current')).toHaveText('Crowd');
    await expect(page.getByTestId('marker-count')).toHaveText('(401 markers)');
    await expect(page.getByTestId('map-cluster').first()).toBeVisible();
    const held = (await page.getByTestId('map-cluster').allTextContents()).reduce((n, t) => n + Number(t.replace(/,/g, '')), 0);
    expect(held).toBeGreaterThan(300);
    await mapPanel.screenshot({ path: 'docs/screenshots/maps-clusters.png' });
    void console;
  });
});

test.describe('the demo site as maps', () => {
  let serve: ServeHandle;
  test.beforeAll(async () => { serve = await startServe(['--admin-password', PASSWORD]); });
  test.afterAll(async () => { expect(await serve.stop()).toBe(0); });

  test('the campus is an offline outdoor map; its building opens the floors, with a floor selector and a breadcrumb', async ({ page }) => {
    await ConsolePage.signedIn(page, serve.url, PASSWORD);
    const mapPanel = page.locator('section[aria-label="Floor plan"]');
    await expect(page.getByTestId('map-current')).toHaveText('Campus');
    await expect(page.getByTestId('floor-map').locator('img.leaflet-tile').first()).toBeVisible();
    await expect(page.locator('[data-testid^="map-area-"]').filter({ hasText: 'Main building' })).toBeVisible();
    // Floor 1 is georeferenced: it lies in place inside the main building.
    await expect(page.locator('img[data-testid^="map-georef-"]')).toHaveCount(1);
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="floor-map"] img')].every((i) => (i as HTMLImageElement).complete));
    await mapPanel.screenshot({ path: 'docs/screenshots/maps-campus.png' });
    await page.locator('[data-testid^="map-area-"]').filter({ hasText: 'Main building' }).first().click();
    await expect(page.getByTestId('map-breadcrumb')).toHaveText('Campus › Main building');
    await page.waitForFunction(() => (document.querySelector('[data-testid="floor-map"] img.leaflet-image-layer') as HTMLImageElement | null)?.complete === true);
    await mapPanel.screenshot({ path: 'docs/screenshots/maps-building.png' });
    await page.getByTestId('map-area-floor-1').click();
    await expect(page.getByTestId('map-breadcrumb')).toHaveText('Campus › Main building › Floor 1');
    await expect(page.getByTestId('map-floors').getByRole('button')).toHaveText([/Floor 1/, /Floor 2/, /Floor 3/]);
    await expect(page.getByTestId('marker-count')).not.toHaveText('(0 markers)');
    await page.getByTestId('map-floors').getByRole('button', { name: /Floor 2/ }).click();
    await expect(page.getByTestId('map-current')).toHaveText('Floor 2');
    await expect(page.getByTestId('floor-map').locator('img.leaflet-image-layer')).toHaveCount(1);
    await page.waitForFunction(() => (document.querySelector('[data-testid="floor-map"] img.leaflet-image-layer') as HTMLImageElement | null)?.complete === true);
    await mapPanel.screenshot({ path: 'docs/screenshots/maps-floor.png' });
  });

  test('export the maps, import them into a fresh server, and they are the same', async ({ page, browser, request }) => {
    await ConsolePage.signedIn(page, serve.url, PASSWORD);
    const downloading = page.waitForEvent('download');
    await page.getByTestId('map-export').click();
    const file = await (await downloading).path();
    const fresh = await startServe(['--no-demo', '--admin-password', PASSWORD]);
    try {
      const other = await browser.newPage();
      await ConsolePage.signedIn(other, fresh.url, PASSWORD);
      await expect(other.getByTestId('map-empty')).toBeVisible();
      await other.getByTestId('map-import-file').setInputFiles(file);
      await expect(other.getByTestId('map-transfer-status')).toHaveText('5 maps imported.');
      await expect(other.getByTestId('map-current')).toHaveText('Campus');
      await other.locator('section[aria-label="Floor plan"]').screenshot({ path: 'docs/screenshots/maps-imported.png' });
      type Shown = Array<{ name: string; kind: string; parentId: number | null; order: number; image: { type: string; width: number } | null; mbtiles: { maxZoom: number } | null; placements: Array<{ id: string; kind: string }> }>;
      const list = async (url: string): Promise<unknown[]> => {
        const token = await apiToken(request, url, PASSWORD);
        const maps = (await (await request.get(`${url}api/v1/maps`, { headers: { authorization: `Bearer ${token}` } })).json()) as Shown;
        const names = new Map(maps.map((m, i) => [i, m.name]));
        return maps.map((m) => ({ name: m.name, kind: m.kind, order: m.order, parent: m.parentId === null ? null : names.get(maps.findIndex((x) => (x as unknown as { id: number }).id === m.parentId)), image: m.image && { type: m.image.type, width: m.image.width }, mbtiles: m.mbtiles?.maxZoom ?? null, placements: m.placements.map((p) => `${p.kind}:${p.id}`) }));
      };
      expect(await list(fresh.url)).toEqual(await list(serve.url));
      await other.close();
    } finally {
      expect(await fresh.stop()).toBe(0);
    }
  });
});
