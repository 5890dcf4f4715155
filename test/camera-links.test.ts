import { afterEach, describe, expect, it } from 'vitest';
import jpeg from 'jpeg-js';
import type { WatchdeskApp } from '../electron/core/app.js';
import { PtzHead, renderView } from '../electron/core/site/simulated-camera.js';
import type { Api} from './support/app.js';
import { startApp, until } from './support/app.js';

let app: WatchdeskApp | null = null;
afterEach(async () => { await app?.stop(); app = null; });

const SETTINGS = { driver: 'simulated', directoryServer: '10.0.0.5', username: 'watchdesk', password: 'secret', activity: false };

async function site() {
  const started = await startApp();
  app = started.app;
  expect((await started.api.request('PUT', '/site/connection', SETTINGS)).body).toMatchObject({ state: 'connected' });
  return started;
}

async function image(api: Api, id: string): Promise<Uint8Array> {
  const res = await fetch(`${api.base}api/v1/assets/${id}/snapshot`, { headers: { authorization: `Bearer ${api.token!}` } });
  expect(res.headers.get('content-type')).toBe('image/jpeg');
  return jpeg.decode(Buffer.from(await res.arrayBuffer())).data;
}

/** The picture without its overlay bars (the clock changes every second). */
const middle = (rgba: Uint8Array): Uint8Array => rgba.subarray(320 * 20 * 4, 320 * 220 * 4);
const difference = (a: Uint8Array, b: Uint8Array): number => {
  let d = 0;
  for (let i = 0; i < a.length; i += 4) d += Math.abs(a[i]! - b[i]!);
  return d / (a.length / 4);
};

describe('a simulated camera’s picture', () => {
  it('moves with its PTZ: a preset glides there, pan keeps going until Stop', () => {
    const head = new PtzHead();
    const t = Date.now();
    head.goTo({ x: 0.5, y: 0.2, zoom: 0.5 }, t);
    expect(head.position(t + 100).x).toBeGreaterThan(0);
    expect(head.position(t + 100).x).toBeLessThan(0.5);
    expect(head.position(t + 5000)).toEqual({ x: 0.5, y: 0.2, zoom: 0.5 });
    head.move('left', 100, t + 5000);
    expect(head.position(t + 6000).x).toBeCloseTo(0, 5);
    head.stop(t + 6000);
    expect(head.position(t + 9000).x).toBeCloseTo(0, 5);
    const home = jpeg.decode(renderView('Camera 01', { x: 0, y: 0, zoom: 0 })).data;
    const entrance = jpeg.decode(renderView('Camera 01', { x: -0.55, y: 0.15, zoom: 0.45 })).data;
    expect(difference(middle(home), middle(entrance))).toBeGreaterThan(10);
  });

  it('is served as the camera asset’s snapshot and changes when a preset runs', async () => {
    const { api } = await site();
    expect((await api.get('/assets/camera-03')).body.attributes).toMatchObject({ snapshot: true, ptz: { position: { x: 0, y: 0, zoom: 0 } } });
    const before = middle(await image(api, 'camera-03'));
    const [c] = (await api.post('/assets/camera-03/commands', { command: 'ptz-preset', params: { presetId: '4' }, confirmed: true })).body;
    await until('preset confirmed', async () => (await api.get(`/commands/${c.id}`)).body, (x) => x.status === 'confirmed', 15_000);
    const after = await until('the picture moved', async () => middle(await image(api, 'camera-03')), (x) => difference(before, x) > 10, 5000);
    expect(difference(before, after)).toBeGreaterThan(10);
    expect((await api.get('/assets/camera-03')).body.attributes.ptz.position.x).toBeGreaterThan(0);
  });
});

describe('camera links', () => {
  it('links cameras to a door and an area; refuses what does not exist; audits', async () => {
    const { api } = await site();
    const set = await api.request('PUT', '/camera-links', { source: 'asset:door-01', cameras: ['asset:camera-01', 'asset:camera-07'] });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ source: 'asset:door-01', cameras: ['asset:camera-01', 'asset:camera-07'], updatedBy: 'admin' });
    expect((await api.request('PUT', '/camera-links', { source: 'area:Floor 1 – East', cameras: ['asset:camera-01'] })).status).toBe(200);
    expect((await api.request('PUT', '/camera-links', { source: 'asset:door-99', cameras: [] })).status).toBe(404);
    const notCamera = await api.request('PUT', '/camera-links', { source: 'asset:door-02', cameras: ['asset:door-03'] });
    expect(notCamera.status).toBe(400);
    expect(notCamera.body.error.message).toContain('asset:door-03 is not a camera');
    expect((await api.request('PUT', '/camera-links', { source: 'nonsense', cameras: [] })).status).toBe(400);
    expect((await api.get('/camera-links')).body.map((l: { source: string }) => l.source)).toEqual(['area:Floor 1 – East', 'asset:door-01']);
    expect((await api.request('PUT', '/camera-links', { source: 'asset:door-01', cameras: [] })).status).toBe(200);
    expect((await api.get('/camera-links')).body).toHaveLength(1);
    const audit = (await api.get('/audit?action=camera-links.set')).body;
    expect(JSON.stringify(audit)).toContain('asset:door-01');
  });

  it('the demo links doors, areas and HALOs to cameras', async () => {
    const started = await startApp({ demo: true });
    app = started.app;
    const links = await until('demo links', async () => (await started.api.get('/camera-links')).body as Array<{ source: string; cameras: string[] }>, (l) => l.length > 0);
    expect(links.find((l) => l.source === 'asset:door-01')?.cameras[0]).toMatch(/^asset:camera-/);
    expect(links.some((l) => l.source.startsWith('area:'))).toBe(true);
    expect(links.some((l) => l.source.startsWith('device:'))).toBe(true);
    // Switching the demo off takes its links with it.
    expect((await started.api.request('PUT', '/demo', { enabled: false })).status).toBe(200);
    expect((await started.api.get('/camera-links')).body).toEqual([]);
  });
});
