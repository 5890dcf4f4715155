import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { WatchdeskApp } from '../electron/core/app.js';
import { createServer, type Server } from 'node:http';
import { PASSWORD, connect, startApp, tempDir, until, type Api, type ApiReply } from './support/app.js';
import { makeMbtiles, tileColour } from './support/mbtiles.js';
import { tmsRow } from '../electron/core/maps/mbtiles.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- maps compared field by field, as JSON
type Loose = Record<string, any>;

/** A plan as a browser sends it: multipart, one file, with the name the operator's file had. */
async function upload(base: string, mapId: number, data: Buffer, filename: string, auth: { token?: string | null; ticket?: string } = {}): Promise<ApiReply> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(data)]), filename);
  const res = await fetch(`${base}api/v1/maps/${mapId}/image${auth.ticket ? `?ticket=${auth.ticket}` : ''}`, { method: 'POST', body: form, headers: auth.token ? { authorization: `Bearer ${auth.token}` } : {} });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const png = (width: number, height: number): Promise<Buffer> => sharp({ create: { width, height, channels: 3, background: '#336699' } }).png().toBuffer();

/** Upload folders left in the data folder: a failed upload must leave none. */
function leftovers(dataDir: string, mapId: number): string[] {
  const dir = join(dataDir, 'maps', String(mapId));
  return existsSync(dir) ? readdirSync(dir) : [];
}

describe('maps as data', () => {
  let app: WatchdeskApp;
  let api: Api;
  let base: string;
  beforeAll(async () => { ({ app, api } = await startApp()); base = api.base; });
  afterAll(async () => { await app.stop(); });

  it('creates, lists, edits and deletes maps in a tree, audited and on the stream', async () => {
    const ws = new WebSocket(`${base.replace('http', 'ws')}api/v1/stream?token=${api.token}`);
    const deltas: Array<{ type: string; maps?: number[] }> = [];
    ws.on('message', (d) => deltas.push(JSON.parse(String(d))));
    await until('snapshot', () => deltas.length, (n) => n >= 1);

    const campus = await api.post('/maps', { name: 'Campus', kind: 'geo', defaultView: { x: 4.35, y: 50.85, zoom: 16 } });
    expect(campus.status).toBe(201);
    expect(campus.body).toMatchObject({ name: 'Campus', kind: 'geo', parentId: null, order: 0, placements: [], image: null });
    const building = (await api.post('/maps', { name: 'Building A', parentId: campus.body.id })).body;
    const f1 = (await api.post('/maps', { name: 'Floor 1', parentId: building.id, order: 1 })).body;
    const f2 = (await api.post('/maps', { name: 'Floor 2', parentId: building.id, order: 2 })).body;
    await until('maps on the stream', () => deltas.flatMap((d) => d.maps ?? []), (ids) => [campus.body.id, f2.id].every((id) => ids.includes(id)));

    expect((await api.get('/maps')).body.map((m: { name: string }) => m.name)).toEqual(['Campus', 'Building A', 'Floor 1', 'Floor 2']);
    const renamed = await api.request('PUT', `/maps/${f1.id}`, { name: 'Ground floor', parentId: building.id, order: 0 });
    expect(renamed.body).toMatchObject({ name: 'Ground floor', order: 0 });
    // A map cannot sit inside itself, nor under a map that does not exist.
    expect((await api.request('PUT', `/maps/${building.id}`, { name: 'Building A', parentId: f1.id })).body.error.message).toMatch(/inside itself/);
    expect((await api.post('/maps', { name: 'X', parentId: 999 })).status).toBe(400);
    expect((await api.post('/maps', { name: '', kind: 'moon' })).body.error.details).toEqual(expect.arrayContaining([expect.stringMatching(/^name/), expect.stringMatching(/^kind/)]));

    // The campus links to the building by an area; the building holds a link to floor 2.
    const area = await api.request('PUT', `/maps/${campus.body.id}/placements`, { placements: [{ kind: 'area', name: 'Building A', polygon: [[4.35, 50.85], [4.36, 50.85], [4.36, 50.86]], linkMapId: building.id }, { kind: 'label', text: 'Gate', x: 4.351, y: 50.851 }] });
    expect(area.status).toBe(200);
    expect(area.body.placements).toHaveLength(2);
    expect(area.body.placements[0].id).toMatch(/^p-/);
    expect((await api.request('PUT', `/maps/${building.id}/placements`, { placements: [{ kind: 'link', linkMapId: f2.id, x: 5, y: 5 }, { kind: 'link', linkMapId: 999, x: 5, y: 5 }] })).body.error.message).toMatch(/placements\.1: linkMapId: map 999 does not exist/);
    expect((await api.request('PUT', `/maps/${campus.body.id}/placements`, { placements: [{ kind: 'device', deviceId: 1, x: 200, y: 50 }] })).body.error.message).toMatch(/outside longitude/);
    expect((await api.request('PUT', `/maps/${building.id}/placements`, { placements: [{ kind: 'link', linkMapId: f2.id, x: 5, y: 5 }] })).status).toBe(200);

    // Deleting the building: its floors move to the top, the campus area stays as a plain area.
    expect((await api.request('DELETE', `/maps/${building.id}`)).status).toBe(204);
    expect((await api.get(`/maps/${building.id}`)).status).toBe(404);
    expect((await api.get(`/maps/${f2.id}`)).body.parentId).toBeNull();
    expect((await api.get(`/maps/${campus.body.id}`)).body.placements[0]).toMatchObject({ kind: 'area', linkMapId: null });

    const audit = (await api.get('/audit?limit=1000')).body as Array<{ action: string; target: string }>;
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['map.create', 'map.update', 'map.placements', 'map.delete']));
    ws.close();
  });

  it('georeferences a plan onto a geo map by three corners', async () => {
    const outdoor = (await api.post('/maps', { name: 'Outdoor', kind: 'geo' })).body;
    const plan = (await api.post('/maps', { name: 'Plan' })).body;
    const georef = { mapId: outdoor.id, topLeft: [4.3, 50.9], topRight: [4.4, 50.9], bottomLeft: [4.3, 50.8] };
    expect((await api.request('PUT', `/maps/${plan.id}`, { name: 'Plan', georef })).body.georef).toEqual(georef);
    expect((await api.request('PUT', `/maps/${plan.id}`, { name: 'Plan', georef: { ...georef, mapId: plan.id } })).body.error.message).toMatch(/is not a geo map/);
    expect((await api.request('PUT', `/maps/${plan.id}`, { name: 'Plan', georef: { ...georef, bottomLeft: [4.5, 50.9] } })).body.error.message).toMatch(/in a line/);
    expect((await api.request('PUT', `/maps/${outdoor.id}`, { name: 'Outdoor', kind: 'geo', georef })).body.error.message).toMatch(/only a plan/);
    expect((await api.request('PUT', `/maps/${plan.id}`, { name: 'Plan', tileSource: { url: 'https://t.example/{z}/{x}/{y}.png' } })).status).toBe(400);
    expect((await api.request('DELETE', `/maps/${outdoor.id}`)).status).toBe(204);
    expect((await api.get(`/maps/${plan.id}`)).body.georef).toBeNull();
  });

  it('leaves editing to supervisors', async () => {
    await api.post('/operators', { username: 'olga', password: 'operator-pass', role: 'operator' });
    const olga = new (api.constructor as typeof Api)(base);
    await olga.login('olga', 'operator-pass');
    expect((await olga.get('/maps')).status).toBe(200);
    expect((await olga.post('/maps', { name: 'Mine' })).status).toBe(403);
    const map = (await api.post('/maps', { name: 'Olga cannot' })).body;
    expect((await upload(base, map.id, await png(10, 10), 'p.png', { token: olga.token })).status).toBe(403);
    expect((await upload(base, map.id, await png(10, 10), 'p.png')).status).toBe(401);
  });

  describe('plan upload', () => {
    let mapId: number;
    beforeAll(async () => { mapId = (await api.post('/maps', { name: 'Upload floor' })).body.id; });

    it('takes PNG, JPEG, WebP and SVG by their bytes, and shows small plans as one image', async () => {
      const jpeg = await sharp(await png(640, 480)).jpeg().toBuffer();
      const webp = await sharp(await png(320, 200)).webp().toBuffer();
      const svg = Buffer.from('<?xml version="1.0"?>\n<!-- plan --><svg xmlns="http://www.w3.org/2000/svg" width="800" height="500"><rect width="800" height="500" fill="#234"/></svg>');
      for (const [data, name, type, w, h] of [[await png(1000, 600), 'floor.png', 'png', 1000, 600], [jpeg, 'floor.JPG', 'jpeg', 640, 480], [webp, 'no-extension', 'webp', 320, 200], [svg, 'floor.svg', 'svg', 800, 500]] as const) {
        const r = await upload(base, mapId, data, name, { token: api.token });
        expect(r.status, `${name}: ${JSON.stringify(r.body)}`).toBe(200);
        expect(r.body.image).toMatchObject({ type, width: w, height: h, tiled: false, bytes: data.length });
        const shown = await fetch(`${base}api/v1/maps/${mapId}/image?key=${r.body.image.key}`);
        expect(shown.status).toBe(200);
        expect(shown.headers.get('content-type')).toBe('image/webp');
        expect(shown.headers.get('cache-control')).toMatch(/max-age=31536000/);
        expect((await sharp(Buffer.from(await shown.arrayBuffer())).metadata()).width).toBe(w);
      }
      // Only the newest upload is kept.
      expect(leftovers(app.options.dataDir, mapId)).toHaveLength(1);
    });

    it('serves an SVG as it came only under a CSP that runs nothing', async () => {
      const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" onload="alert(1)"><script>alert(2)</script><rect width="100" height="100"/></svg>');
      const r = await upload(base, mapId, svg, 'evil.svg', { token: api.token });
      expect(r.status).toBe(200);
      const res = await fetch(`${base}api/v1/maps/${mapId}/image?key=${r.body.image.key}&variant=original`);
      expect(res.headers.get('content-type')).toBe('image/svg+xml');
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect((await fetch(`${base}api/v1/maps/${mapId}/image?key=${'0'.repeat(32)}`)).status).toBe(404);
      expect((await fetch(`${base}api/v1/maps/${mapId}/image`)).status).toBe(404);
    });

    it('refuses truncated, corrupt and lying files with 400, and stores nothing', async () => {
      const before = (await api.get(`/maps/${mapId}`)).body.image;
      const good = await png(400, 300);
      const cases: Array<[Buffer, string, RegExp]> = [
        [good.subarray(0, Math.floor(good.length / 2)), 'half.png', /truncated or corrupt|cannot be read/],
        [Buffer.concat([good.subarray(0, 16), Buffer.alloc(500, 7)]), 'noise.png', /cannot be read|truncated or corrupt/],
        [good, 'plan.jpg', /named "plan.jpg" but its content is PNG/],
        [Buffer.from('just text'), 'plan.txt', /not a PNG, JPEG, WebP or SVG/],
        [Buffer.from('%PDF-1.7\n...'), 'plan.pdf', /PDF/],
        [Buffer.from('<html><script>x</script></html>'), 'plan.svg', /not a PNG/],
      ];
      for (const [data, name, message] of cases) {
        const r = await upload(base, mapId, data, name, { token: api.token });
        expect(r.status, name).toBe(400);
        expect(r.body.error.message, name).toMatch(message);
      }
      expect((await api.get(`/maps/${mapId}`)).body.image).toEqual(before);
      expect(leftovers(app.options.dataDir, mapId)).toEqual([before.key]);
    });

    it('answers 413 over 50 MB and keeps nothing', async () => {
      const before = (await api.get(`/maps/${mapId}`)).body.image;
      const big = Buffer.concat([await png(10, 10), Buffer.alloc(50 * 1024 * 1024 + 10)]);
      const r = await upload(base, mapId, big, 'huge.png', { token: api.token });
      expect(r.status).toBe(413);
      expect((await api.get(`/maps/${mapId}`)).body.image).toEqual(before);
      expect(leftovers(app.options.dataDir, mapId)).toEqual([before.key]);
    });

    it('tiles a large plan into a pyramid served with long-lived caching', async () => {
      const big = await sharp({ create: { width: 5000, height: 3000, channels: 3, background: '#114477' } }).png().toBuffer();
      const r = await upload(base, mapId, big, 'site.png', { token: api.token });
      expect(r.status).toBe(200);
      const image = r.body.image;
      // 5000 px: 1:1 at zoom 5 (5000 / 2^5 < 256), pyramid level = zoom + 8.
      expect(image).toMatchObject({ tiled: true, maxZoom: 5, levelOffset: 8, width: 5000, height: 3000 });
      const tile = await fetch(`${base}api/v1/maps/${mapId}/tiles/5/19/11?key=${image.key}`);
      expect(tile.status).toBe(200);
      expect(tile.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
      const meta = await sharp(Buffer.from(await tile.arrayBuffer())).metadata();
      expect(meta.format).toBe('webp');
      expect(meta.width).toBe(5000 - 19 * 256);
      const whole = await fetch(`${base}api/v1/maps/${mapId}/tiles/0/0/0?key=${image.key}`);
      expect((await sharp(Buffer.from(await whole.arrayBuffer())).metadata()).width).toBe(157);
      expect((await fetch(`${base}api/v1/maps/${mapId}/tiles/5/99/99?key=${image.key}`)).status).toBe(404);
      expect((await fetch(`${base}api/v1/maps/${mapId}/tiles/5/0/0?key=${'1'.repeat(32)}`)).status).toBe(404);
    });

    it('takes an upload with a single-use ticket, as the console sends it', async () => {
      const ticket = (await api.post(`/maps/${mapId}/upload-ticket`, {})).body.ticket as string;
      expect((await upload(base, mapId, await png(50, 40), 'small.png', { ticket })).status).toBe(200);
      expect((await upload(base, mapId, await png(50, 40), 'small.png', { ticket })).status).toBe(401);
      const audit = (await api.get('/audit?limit=1000&action=map.image')).body as Array<{ actor: string }>;
      expect(audit[0]?.actor ?? audit.at(-1)?.actor).toBe('admin');
    });
  });
});

describe('outdoor maps without the internet', () => {
  let app: WatchdeskApp;
  let api: Api;
  let base: string;
  beforeAll(async () => { ({ app, api } = await startApp()); base = api.base; });
  afterAll(async () => { await app.stop(); });

  const colourOf = async (res: Response): Promise<number[]> => {
    const { data } = await sharp(Buffer.from(await res.arrayBuffer())).raw().toBuffer({ resolveWithObject: true });
    return [data[0]!, data[1]!, data[2]!];
  };

  it('flips XYZ rows to TMS', () => {
    expect(tmsRow(0, 0)).toBe(0);
    expect(tmsRow(2, 0)).toBe(3);
    expect(tmsRow(2, 3)).toBe(0);
  });

  it('serves an uploaded MBTiles file tile by tile, rows flipped, cached for good', async () => {
    const map = (await api.post('/maps', { name: 'Campus', kind: 'geo' })).body;
    const r = await upload(base, map.id, await makeMbtiles(2), 'campus.mbtiles', { token: api.token });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.mbtiles).toMatchObject({ format: 'png', minZoom: 0, maxZoom: 2, bounds: [4.3, 50.8, 4.4, 50.9] });
    const key = r.body.mbtiles.key as string;
    for (const [z, x, y] of [[0, 0, 0], [1, 1, 0], [2, 1, 3], [2, 3, 0]] as const) {
      const res = await fetch(`${base}api/v1/maps/${map.id}/tiles/${z}/${x}/${y}?key=${key}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(res.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
      expect(await colourOf(res), `${z}/${x}/${y}`).toEqual(tileColour(z, x, y));
    }
    expect((await fetch(`${base}api/v1/maps/${map.id}/tiles/3/0/0?key=${key}`)).status).toBe(404);
    expect((await fetch(`${base}api/v1/maps/${map.id}/tiles/1/2/0?key=${key}`)).status).toBe(404);
    expect((await fetch(`${base}api/v1/maps/${map.id}/tiles/0/0/0?key=${'2'.repeat(32)}`)).status).toBe(404);
    // A plan's image is no MBTiles file, and an MBTiles file is no plan.
    expect((await upload(base, map.id, await png(10, 10), 'x.png', { token: api.token })).status).toBe(400);
    const plan = (await api.post('/maps', { name: 'Plan' })).body;
    expect((await upload(base, plan.id, await makeMbtiles(0), 'x.mbtiles', { token: api.token })).status).toBe(400);
    expect((await api.get('/audit?limit=1000&action=map.tiles')).body).toHaveLength(1);
  });

  it('refuses an SQLite file that is not MBTiles, and keeps nothing', async () => {
    const map = (await api.post('/maps', { name: 'Not tiles', kind: 'geo' })).body;
    const Database = (await import('better-sqlite3')).default;
    const file = join(tempDir(), 'x.db');
    const db = new Database(file);
    db.exec('CREATE TABLE x (a)');
    db.close();
    const { readFileSync } = await import('node:fs');
    const r = await upload(base, map.id, readFileSync(file), 'x.mbtiles', { token: api.token });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/not an MBTiles file/);
    expect(leftovers(app.options.dataDir, map.id)).toEqual([]);
  });

  it('fetches an XYZ template through the core, for consoles that reach only the server', async () => {
    let asked = 0;
    const tiles: Server = createServer((req, res) => {
      asked++;
      const m = /^\/(\d+)\/(\d+)\/(\d+)\.png$/.exec(req.url ?? '');
      if (!m) { res.writeHead(404).end(); return; }
      const [z, x, y] = m.slice(1).map(Number) as [number, number, number];
      const [r, g, b] = tileColour(z, x, y);
      void sharp({ create: { width: 256, height: 256, channels: 3, background: { r, g, b } } }).png().toBuffer().then((data) => res.writeHead(200, { 'content-type': 'image/png' }).end(data));
    });
    await new Promise<void>((r) => tiles.listen(0, '127.0.0.1', r));
    try {
      const port = (tiles.address() as { port: number }).port;
      const map = (await api.post('/maps', { name: 'Street map', kind: 'geo', tileSource: { url: `http://127.0.0.1:${port}/{z}/{x}/{y}.png`, attribution: 'test' } })).body;
      expect(map.tileKey).toMatch(/^[0-9a-f]{32}$/);
      const res = await fetch(`${base}api/v1/maps/${map.id}/tiles/2/1/3?key=${map.tileKey}`);
      expect(res.status).toBe(200);
      expect(await colourOf(res)).toEqual(tileColour(2, 1, 3));
      await fetch(`${base}api/v1/maps/${map.id}/tiles/2/1/3?key=${map.tileKey}`);
      expect(asked).toBe(1);
      expect((await fetch(`${base}api/v1/maps/${map.id}/tiles/2/4/0?key=${map.tileKey}`)).status).toBe(404);
      // A new source, a new key: the old URLs no longer answer.
      const moved = (await api.request('PUT', `/maps/${map.id}`, { name: 'Street map', kind: 'geo', tileSource: { url: `http://127.0.0.1:${port}/{z}/{x}/{y}.png?v=2` } })).body;
      expect(moved.tileKey).not.toBe(map.tileKey);
      expect((await fetch(`${base}api/v1/maps/${map.id}/tiles/2/1/3?key=${map.tileKey}`)).status).toBe(404);
      expect((await api.post('/maps', { name: 'Bad', kind: 'geo', tileSource: { url: 'file:///etc/passwd' } })).status).toBe(400);
    } finally {
      tiles.close();
    }
  });
});

describe('a rule turns the nearest PTZ preset to the source', () => {
  it('ptz-to-source picks the preset point nearest the source on the same map', async () => {
    const { app, api, ready } = await startApp();
    try {
      await api.request('PUT', '/site/connection', { driver: 'simulated', directoryServer: '127.0.0.1', username: 'site', password: 'site-password', activity: false });
      await until('assets', async () => (await api.get('/assets?type=camera')).body as unknown[], (a) => a.length >= 2);
      const device = (await api.post('/devices', { name: 'Lab', deviceId: 'Lab1', typeId: 'halo', serverId: 1 })).body;
      const floor = (await api.post('/maps', { name: 'Floor' })).body;
      const other = (await api.post('/maps', { name: 'Elsewhere' })).body;
      expect((await api.request('PUT', `/maps/${floor.id}/placements`, { placements: [
        { kind: 'device', deviceId: device.id, x: 100, y: 100 },
        { kind: 'preset', assetId: 'camera-01', presetId: '2', x: 130, y: 100 },
        { kind: 'preset', assetId: 'camera-02', presetId: '3', x: 500, y: 500 },
      ] })).status).toBe(200);
      // Closer, but on a map without the source: not chosen.
      await api.request('PUT', `/maps/${other.id}/placements`, { placements: [{ kind: 'preset', assetId: 'camera-02', presetId: '4', x: 100, y: 100 }] });
      expect(app.maps.nearestPreset(`device:${device.id}`)).toEqual({ assetId: 'camera-01', presetId: '2', mapId: floor.id });
      expect(app.maps.nearestPreset('device:999')).toBeNull();

      await api.post('/alarm-definitions', { id: 'NOISE', name: 'NOISE', priority: 10 });
      expect((await api.post('/rules', { id: 'noise', name: 'Noise', when: { type: 'data', deviceTypeId: 'halo', point: 'Noise', op: '>', value: 60 }, do: [{ type: 'trigger-alarm', alarmId: 'NOISE' }, { type: 'ptz-to-source' }] })).status).toBe(201);
      const s = await connect(ready.tcpPort!);
      s.write('DeviceId=Lab1 Noise=@72@;');
      const commands = await until('the preset command', async () => (await api.get('/commands?limit=10')).body as Array<{ assetId: string; command: string; params: { presetId: string }; actor: string }>, (c) => c.some((x) => x.command === 'ptz-preset'));
      expect(commands.find((x) => x.command === 'ptz-preset')).toMatchObject({ assetId: 'camera-01', params: { presetId: '2' }, actor: 'rule:noise' });
      s.destroy();
    } finally {
      await app.stop();
    }
  });
});

describe('maps made from the saved layout and the demo', () => {
  it('moves a layout saved before maps existed onto the demo plans', async () => {
    const dataDir = tempDir();
    const first = await startApp({ dataDir });
    const device = (await first.api.post('/devices', { name: 'Gym', deviceId: 'Gym', typeId: 'halo', serverId: 1 })).body;
    first.app.store.setSetting('mapLayout', JSON.stringify({ positions: { [`device:${device.id}`]: { plan: 2, x: 120, y: 80 } } }));
    await first.app.stop();
    const { app, api } = await startApp({ dataDir, adminPassword: PASSWORD });
    try {
      const maps = (await api.get('/maps')).body as Array<{ id: number; name: string; parentId: number | null; image: { type: string } | null; placements: Array<Record<string, unknown>> }>;
      expect(maps.map((m) => m.name)).toEqual(['Campus', 'Main building', 'Floor 1', 'Floor 2', 'Floor 3']);
      const floor2 = maps[3]!;
      expect(floor2.parentId).toBe(maps[1]!.id);
      expect(floor2.image).toMatchObject({ type: 'svg', width: 1000, height: 600 });
      expect(floor2.placements).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'device', deviceId: device.id, x: 120, y: 80 })]));
      // Off the demo, nothing else was placed.
      expect(maps[2]!.placements.filter((p) => p.kind === 'device')).toEqual([]);
    } finally {
      await app.stop();
    }
  });

  it('expresses the demo site only as maps: campus, the building linked from it, three floors, every demo HALO and asset placed', async () => {
    const { app, api } = await startApp({ demo: true, demoIntervalMs: 60_000 });
    try {
      const assets = await until('the simulated site', async () => (await api.get('/assets')).body as Array<{ id: string; type: string }>, (a) => a.length > 0);
      // Assets arrive with the site's connection; the demo places what it has when it starts.
      const maps = (await api.get('/maps')).body as Array<{ id: number; name: string; parentId: number | null; placements: Array<{ kind: string; deviceId?: number; assetId?: string; linkMapId?: number | null }> }>;
      expect(maps.map((m) => m.name)).toEqual(['Campus', 'Main building', 'Floor 1', 'Floor 2', 'Floor 3']);
      const [campus, building, f1, f2, f3] = maps as [typeof maps[0], typeof maps[0], typeof maps[0], typeof maps[0], typeof maps[0]];
      expect(campus).toMatchObject({ kind: 'geo', mbtiles: { format: 'webp', minZoom: 15, maxZoom: 18 } });
      expect(campus.placements).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'area', linkMapId: building.id })]));
      expect(building.parentId).toBe(campus.id);
      expect(building.placements.map((p) => p.linkMapId)).toEqual([f1.id, f2.id, f3.id]);
      expect([f1.parentId, f2.parentId, f3.parentId]).toEqual([building.id, building.id, building.id]);
      // Stairwell 3 is on the third floor.
      const stair3 = ((await api.get('/devices')).body as Array<{ id: number; deviceId: string }>).find((d) => d.deviceId === 'Stair3')!;
      expect(f3.placements).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'device', deviceId: stair3.id })]));
      const placed = new Set([...f1.placements, ...f2.placements, ...f3.placements].map((p) => (p.kind === 'device' ? `device:${p.deviceId}` : `asset:${p.assetId}`)));
      const devices = (await api.get('/devices')).body as Array<{ id: number }>;
      expect(devices.length).toBeGreaterThan(0);
      for (const d of devices) expect(placed.has(`device:${d.id}`)).toBe(true);
      for (const a of assets.filter((x) => !['system', 'role', 'reader'].includes(x.type))) expect(placed.has(`asset:${a.id}`), a.id).toBe(true);
      expect([...f1.placements, ...f2.placements, ...f3.placements].some((p) => p.kind === 'fov')).toBe(true);
    } finally {
      await app.stop();
    }
  });

  it('exports a site\'s maps as one file, and an import onto an empty site recreates them exactly', async () => {
    const source = await startApp({ demo: true, demoIntervalMs: 60_000 });
    const target = await startApp();
    try {
      const before = (await source.api.get('/maps')).body as Array<Loose>;
      const exported = await fetch(`${source.api.base}api/v1/maps/export`, { headers: { authorization: `Bearer ${source.api.token}` } });
      expect(exported.status).toBe(200);
      expect(exported.headers.get('content-disposition')).toMatch(/^attachment; filename="watchdesk-maps-/);
      const file = Buffer.from(await exported.arrayBuffer());
      expect(JSON.parse(file.toString()).format).toBe('watchdesk-maps');

      const form = (data: Buffer): FormData => { const f = new FormData(); f.append('file', new Blob([new Uint8Array(data)]), 'site.json'); return f; };
      const post = async (data: Buffer): Promise<ApiReply> => {
        const res = await fetch(`${target.api.base}api/v1/maps/import`, { method: 'POST', body: form(data), headers: { authorization: `Bearer ${target.api.token}` } });
        return { status: res.status, body: await res.json() };
      };
      // Without a session, a single-use ticket.
      const ticket = (await target.api.post('/maps/import-ticket', {})).body.ticket as string;
      const noAuth = await fetch(`${target.api.base}api/v1/maps/import?ticket=${ticket}`, { method: 'POST', body: form(Buffer.from('{}')) });
      expect(noAuth.status).toBe(400);
      expect((await fetch(`${target.api.base}api/v1/maps/import?ticket=${ticket}`, { method: 'POST', body: form(Buffer.from('{}')) })).status).toBe(401);
      const bad = await post(Buffer.from('{"format":"something else"}'));
      expect(bad.status).toBe(400);
      expect((await target.api.get('/maps')).body).toEqual([]);
      const imported = await post(file);
      expect(imported.status, JSON.stringify(imported.body)).toBe(201);
      expect((await post(file)).status).toBe(409);

      const after = (await target.api.get('/maps')).body as Array<Loose>;
      // Ids and image keys are the new site's own; everything else is the same, links included.
      const names = (maps: Array<Loose>): Map<number, string> => new Map(maps.map((m) => [m.id as number, m.name as string]));
      const normal = (maps: Array<Loose>): unknown[] => {
        const n = names(maps);
        return maps.map((m) => ({
          ...m, id: undefined, updatedAt: undefined, tileKey: m.tileKey ? 'key' : null,
          parentId: m.parentId === null ? null : n.get(m.parentId),
          georef: m.georef ? { ...m.georef, mapId: n.get(m.georef.mapId) } : null,
          image: m.image ? { ...m.image, key: undefined } : null,
          mbtiles: m.mbtiles ? { ...m.mbtiles, key: undefined } : null,
          placements: m.placements.map((p: Loose) => ({ ...p, linkMapId: p.linkMapId === undefined || p.linkMapId === null ? p.linkMapId : n.get(p.linkMapId) })),
        }));
      };
      expect(normal(after)).toEqual(normal(before));
      expect(after.find((m) => m.name === 'Campus')!.mbtiles).toBeTruthy();
      const key = after.find((m) => m.name === 'Campus')!.mbtiles.key;
      expect((await fetch(`${target.api.base}api/v1/maps/${after[0]!.id}/tiles/15/16780/10998?key=${key}`)).status).toBe(200);
      const audit = (await target.api.get('/audit?limit=1000&action=map.import')).body as Array<{ after: { maps: number } }>;
      expect(audit[0]!.after.maps).toBe(5);
    } finally {
      await source.app.stop();
      await target.app.stop();
    }
  });
});
