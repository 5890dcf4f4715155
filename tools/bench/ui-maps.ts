import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import sharp from 'sharp';
import { SqliteStore } from '../../electron/core/store/sqlite-store.js';
import { DeviceConfigSchema } from '../../shared/domain.js';
import { startServe, type ServeHandle } from '../../e2e/support/serve-process.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../e2e/support/chromium.js';
import { fmt, median } from './stats.js';
import { type FrameStats } from './frames.js';
import { panFrames } from './ui-pan.js';

/**
 * `npm run bench:ui`, site maps: a 16,000 × 16,000 px plan opening, 10,000 objects on one map
 * (pan and cluster recompute on zoom), and 50 maps with 5,000 standing alarms (the roll-up
 * after one alarm changes). Each beside a baseline measured the same way in the same run: a
 * 1,000 px plan, a 400-object map, the same 50 maps with 50 alarms.
 */
const PASSWORD = 'bench-ui-password';
const OBJECTS = 10_000;
/** Of the objects, this many are HALOs; the rest are placed assets (see performance.md). */
const DEVICES = 2_000;
const CROWD_BASE = 400;
const ALARMS = 5_000;
const MAPS = 50;
const REPEATS = Number(process.env.BENCH_RUNS ?? 5);
/** A server with 10,000 devices starts slowly on a busy 2-core machine. */
const READY_MS = 180_000;

type Api = (method: string, path: string, body?: unknown) => Promise<unknown>;

async function signIn(serve: ServeHandle): Promise<{ api: Api; token: string }> {
  const res = await fetch(`${serve.url}api/v1/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PASSWORD }) });
  const token = ((await res.json()) as { token: string }).token;
  const api: Api = async (method, path, body) => {
    const r = await fetch(`${serve.url}api/v1${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
    return r.status === 204 ? undefined : r.json();
  };
  return { api, token };
}

async function upload(serve: ServeHandle, token: string, mapId: number, data: Buffer, name: string): Promise<void> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(data)]), name);
  const res = await fetch(`${serve.url}api/v1/maps/${mapId}/image`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`plan upload: ${res.status} ${await res.text()}`);
}

/** A plan with rooms drawn on it at `side` px: a 1,000 px drawing scaled up without smoothing. */
async function plan(side: number): Promise<Buffer> {
  const rooms = Array.from({ length: 64 }, (_, i) => `<rect x="${(i % 8) * 125 + 6}" y="${Math.floor(i / 8) * 125 + 6}" width="113" height="113" fill="#17212c" stroke="#5a7088" stroke-width="3"/>`).join('');
  const drawing = await sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="1000"><rect width="1000" height="1000" fill="#0f1419"/>${rooms}</svg>`)).png().toBuffer();
  return side === 1000 ? drawing : sharp(drawing, { limitInputPixels: false }).resize(side, side, { kernel: 'nearest' }).png({ compressionLevel: 6 }).toBuffer();
}

/** Devices straight into the store, as a large site's configuration would have left them. */
function seedDevices(dir: string, count: number): void {
  const store = new SqliteStore(dir);
  try {
    for (let i = 0; i < count; i++) store.createDevice(DeviceConfigSchema.parse({ name: `Sensor ${String(i).padStart(5, '0')}`, deviceId: `S${i}`, typeId: 'halo', serverId: 1 }), false);
  } finally {
    store.close();
  }
}

/** Standing, unacknowledged alarms on `count` assets (bench-1 …), as a busy night would have left them. */
function seedAlarms(dir: string, count: number): void {
  const store = new SqliteStore(dir);
  try {
    const defs = [['BENCH-HIGH', 10], ['BENCH-MID', 100], ['BENCH-LOW', 200]] as const;
    for (const [id, priority] of defs) store.saveAlarmDefinition(id, { id, name: id, priority, category: 'general', procedure: '', latching: false, maxShelveS: 28_800 });
    const now = Date.now();
    for (let i = 1; i <= count; i++) {
      store.saveAlarm(null, {
        id: 0, definitionId: defs[i % 3]![0], state: 'unack', source: { kind: 'asset', id: `asset:bench-${i}`, name: `Bench point ${i}`, deviceId: null }, value: 70, ruleId: null,
        activatedAt: now, lastChangeAt: now, activations: 1, chattering: false, shelved: null, outOfService: null, acknowledgedBy: null, acknowledgedAt: null, comment: '', investigatingBy: null, forwardedTo: null, forwardMessage: '', recent: [now],
      });
    }
  } finally {
    store.close();
  }
}

async function openConsole(browser: Browser, serve: ServeHandle): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1600, height: 1000 } })).newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(serve.url);
  await page.getByTestId('login-username').fill('admin');
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('stream-state').getByText('LIVE').waitFor({ timeout: 120_000 });
  // 5,000 alarms keep the list moving: the map panel need not be scrolled to for a measure.
  await page.getByTestId('floor-map').scrollIntoViewIfNeeded({ timeout: 10_000 }).catch(() => undefined);
  return page;
}

/** Milliseconds from choosing a map until the plan in view is painted: every tile (or the one image) loaded, then a frame. */
function openPlan(page: Page, mapId: number): Promise<number> {
  return page.evaluate(`(async () => {
    const t0 = performance.now();
    document.querySelector('[data-testid="map-floor-${mapId}"]').click();
    const deadline = t0 + 30000;
    for (;;) {
      await new Promise((r) => requestAnimationFrame(r));
      const panel = document.querySelector('[data-testid="floor-map"]');
      if (panel && panel.dataset.mapId === '${mapId}') {
        const tiles = [...panel.querySelectorAll('img.leaflet-tile, img.leaflet-image-layer')];
        if (tiles.length && tiles.every((i) => i.complete && i.naturalWidth > 0)) break;
      }
      if (performance.now() > deadline) throw new Error('plan ${mapId} did not paint');
    }
    await new Promise((r) => requestAnimationFrame(r));
    return performance.now() - t0;
  })()`) as Promise<number>;
}

async function showMap(page: Page, mapId: number): Promise<void> {
  await page.getByTestId(`map-floor-${mapId}`).click();
  await page.waitForFunction((id) => document.querySelector('[data-testid="floor-map"]')?.getAttribute('data-map-id') === String(id) && document.querySelector('[data-testid="floor-map"] .leaflet-container'), mapId);
}

/**
 * One zoom step by the map's own control: the cluster recompute it caused (the console's
 * measure), and the longest frame until the map settles.
 */
function zoomStep(page: Page, control: 'in' | 'out'): Promise<{ recompute: number; longest: number }> {
  return page.evaluate(`(async () => {
    const before = performance.getEntriesByName('watchdesk:clusters')[0]?.startTime ?? -1;
    document.querySelector('[data-testid="floor-map"] .leaflet-control-zoom-${control}').click();
    let last = performance.now();
    const end = last + 1200;
    let longest = 0;
    while (last < end) {
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }
    const m = performance.getEntriesByName('watchdesk:clusters')[0];
    if (!m || m.startTime === before) throw new Error('the zoom did not recompute the clusters');
    return { recompute: m.duration, longest };
  })()`) as Promise<{ recompute: number; longest: number }>;
}

/** The roll-up's time after one alarm is acknowledged elsewhere: the console's measure, once the change has arrived. */
async function rollupAfterChange(page: Page, api: Api, alarmId: number): Promise<number> {
  const before = await page.evaluate(() => performance.getEntriesByName('watchdesk:rollup')[0]?.startTime ?? -1);
  await api('POST', `/alarms/${alarmId}/acknowledge`, {});
  const handle = await page.waitForFunction((b) => {
    const m = performance.getEntriesByName('watchdesk:rollup')[0];
    return m && m.startTime !== b ? m.duration : null;
  }, before, { timeout: 60_000, polling: 100 });
  return (await handle.jsonValue())!;
}

/** 50 maps: a campus, 7 buildings linked from it, 6 floors linked from each; `objects` assets spread over the floors. */
async function fiftyMaps(api: Api, objects: number): Promise<void> {
  const campus = (await api('POST', '/maps', { name: 'Campus' })) as { id: number };
  const floors: number[] = [];
  const links: Array<{ kind: 'link'; linkMapId: number; label: string; x: number; y: number }> = [];
  for (let b = 0; b < 7; b++) {
    const building = (await api('POST', '/maps', { name: `Building ${b + 1}`, parentId: campus.id, order: b })) as { id: number };
    links.push({ kind: 'link', linkMapId: building.id, label: '', x: 100 + b * 120, y: 300 });
    const own: typeof links = [];
    for (let f = 0; f < 6; f++) {
      const floor = (await api('POST', '/maps', { name: `B${b + 1} floor ${f + 1}`, parentId: building.id, order: f })) as { id: number };
      floors.push(floor.id);
      own.push({ kind: 'link', linkMapId: floor.id, label: '', x: 100, y: 100 + f * 80 });
    }
    await api('PUT', `/maps/${building.id}/placements`, { placements: own });
  }
  await api('PUT', `/maps/${campus.id}/placements`, { placements: links });
  for (const [i, floor] of floors.entries()) {
    const mine = Array.from({ length: objects }, (_, d) => d + 1).filter((d) => d % floors.length === i);
    await api('PUT', `/maps/${floor}/placements`, { placements: mine.map((d, k) => ({ kind: 'asset', assetId: `bench-${d}`, x: 20 + (k % 12) * 40, y: 20 + Math.floor(k / 12) * 40 })) });
  }
}

async function rollupRun(browser: Browser, alarms: number): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'watchdesk-bench-maps-'));
  const init = await startServe(['--no-demo', '--admin-password', PASSWORD], dir, READY_MS);
  await init.stop();
  seedAlarms(dir, alarms);
  const serve = await startServe(['--no-demo', '--admin-password', PASSWORD], dir, READY_MS);
  try {
    const { api } = await signIn(serve);
    await fiftyMaps(api, ALARMS);
    const standing = ((await api('GET', '/alarms')) as Array<{ id: number }>).map((a) => a.id);
    if (standing.length !== alarms) throw new Error(`${standing.length} alarms standing, not ${alarms}`);
    const page = await openConsole(browser, serve);
    await page.waitForFunction((n) => document.querySelector('[data-testid="alarm-summary"]')?.textContent?.includes(`${n} standing`), alarms, { timeout: 120_000 });
    const out: number[] = [];
    for (let i = 0; i < REPEATS * 2; i++) out.push(await rollupAfterChange(page, api, standing[i * 7]!));
    await page.context().close();
    return out;
  } finally {
    await serve.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function mapBench(): Promise<void> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, ...(process.env.BENCH_VSYNC ? [] : ['--disable-frame-rate-limit', '--disable-gpu-vsync'])],
  });
  const dir = mkdtempSync(join(tmpdir(), 'watchdesk-bench-maps-'));
  let serve: ServeHandle | null = null;
  try {
    const init = await startServe(['--no-demo', '--admin-password', PASSWORD], dir, READY_MS);
    await init.stop();
    seedDevices(dir, DEVICES);
    serve = await startServe(['--no-demo', '--admin-password', PASSWORD], dir, READY_MS);
    const { api, token } = await signIn(serve);

    // The plans: 16,000 px (tiled on upload) and 1,000 px; the crowded maps on a 4,000 × 3,000 px plan.
    let t = performance.now();
    const huge = await plan(16_000);
    const made = (performance.now() - t) / 1000;
    const start = (await api('POST', '/maps', { name: 'Start', order: -1 })) as { id: number };
    const big = (await api('POST', '/maps', { name: 'Plan 16,000 px', order: 0 })) as { id: number };
    t = performance.now();
    await upload(serve, token, big.id, huge, 'plan-16000.png');
    console.log(`\nsite maps: a 16,000 × 16,000 px plan (${fmt(huge.length / 1024 / 1024, 1)} MB PNG, drawn in ${fmt(made, 1)} s) uploaded and tiled in ${fmt((performance.now() - t) / 1000, 1)} s`);
    const small = (await api('POST', '/maps', { name: 'Plan 1,000 px', order: 1 })) as { id: number };
    await upload(serve, token, small.id, await plan(1000), 'plan-1000.png');
    const crowdPlan = await sharp(await plan(1000)).resize(4000, 3000, { kernel: 'nearest' }).png().toBuffer();
    const crowd = (await api('POST', '/maps', { name: `${fmt(OBJECTS)} objects`, order: 2 })) as { id: number };
    const few = (await api('POST', '/maps', { name: `${CROWD_BASE} objects`, order: 3 })) as { id: number };
    for (const m of [crowd, few]) await upload(serve, token, m.id, crowdPlan, 'crowd.png');
    const devices = (await api('GET', '/devices')) as Array<{ id: number }>;
    const at = (i: number) => ({ x: 20 + (i % 100) * 39.5, y: 20 + Math.floor(i / 100) * 29.5 });
    const grid = (n: number) => Array.from({ length: n }, (_, i) => (i < devices.length ? { kind: 'device', deviceId: devices[i]!.id, ...at(i) } : { kind: 'asset', assetId: `bench-${i}`, ...at(i) }));
    await api('PUT', `/maps/${crowd.id}/placements`, { placements: grid(OBJECTS) });
    await api('PUT', `/maps/${few.id}/placements`, { placements: grid(CROWD_BASE) });

    // Each opening is a first one: a fresh browser context (no HTTP or image cache), signed in
    // on an empty start map, then the plan chosen from the floor selector.
    const opensHuge: number[] = [];
    const opensSmall: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      for (const [id, out] of [[small.id, opensSmall], [big.id, opensHuge]] as const) {
        const cold = await openConsole(browser, serve);
        await showMap(cold, start.id);
        out.push(await openPlan(cold, id));
        await cold.context().close();
      }
    }
    const page = await openConsole(browser, serve);

    const pans: FrameStats[] = [];
    const pansEmpty: FrameStats[] = [];
    const zooms: Array<{ recompute: number; longest: number }> = [];
    const zoomsFew: Array<{ recompute: number; longest: number }> = [];
    for (let i = 0; i < 3; i++) {
      await showMap(page, small.id);
      pansEmpty.push(await panFrames(page));
      await showMap(page, crowd.id);
      await page.waitForFunction((n) => document.querySelector('[data-testid="marker-count"]')?.textContent === `(${n} markers)`, OBJECTS.toLocaleString('en-US'));
      pans.push(await panFrames(page));
    }
    for (const [id, out] of [[crowd.id, zooms], [few.id, zoomsFew]] as const) {
      await showMap(page, id);
      for (let i = 0; i < REPEATS; i++) {
        out.push(await zoomStep(page, 'in'));
        out.push(await zoomStep(page, 'out'));
      }
    }
    await page.context().close();
    await serve.stop();
    serve = null;

    const m = (xs: FrameStats[], k: keyof FrameStats): number => median(xs.map((x) => x[k]));
    const z = (xs: typeof zooms, k: 'recompute' | 'longest'): number => median(xs.map((x) => x[k]));
    console.log(`site maps (Chromium ${browser.version()}; medians of ${REPEATS} runs, frames of 3 runs of 2 s, zooms of ${REPEATS * 2} steps, roll-ups of ${REPEATS * 2} changes)`);
    console.log(`open a 16,000 × 16,000 px plan, first tiles painted: ${fmt(median(opensHuge))} ms (goal < 500)   baseline 1,000 px plan: ${fmt(median(opensSmall))} ms`);
    console.log(`pan ${fmt(OBJECTS)} objects on one map (${fmt(DEVICES)} HALOs, the rest assets): median frame ${fmt(m(pans, 'median'), 1)} ms (goal < 16), p95 ${fmt(m(pans, 'p95'), 1)} ms   baseline empty plan: ${fmt(m(pansEmpty, 'median'), 1)} ms, p95 ${fmt(m(pansEmpty, 'p95'), 1)} ms`);
    console.log(`cluster recompute on zoom, ${fmt(OBJECTS)} objects: ${fmt(z(zooms, 'recompute'), 1)} ms (goal < 50), longest frame of the zoom ${fmt(z(zooms, 'longest'), 1)} ms   baseline ${CROWD_BASE} objects: ${fmt(z(zoomsFew, 'recompute'), 1)} ms, longest frame ${fmt(z(zoomsFew, 'longest'), 1)} ms`);
    const rollups = await rollupRun(browser, ALARMS);
    const rollupsFew = await rollupRun(browser, MAPS);
    console.log(`${MAPS} maps, ${fmt(ALARMS)} standing alarms, one alarm changes: every roll-up in ${fmt(median(rollups), 2)} ms of main thread (goal < 5), max ${fmt(Math.max(...rollups), 2)} ms   baseline ${MAPS} alarms: ${fmt(median(rollupsFew), 2)} ms`);
  } finally {
    await serve?.stop();
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
