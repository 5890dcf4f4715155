import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { SqliteStore } from '../../electron/core/store/sqlite-store.js';
import { DeviceConfigSchema } from '../../shared/domain.js';
import { startServe, type ServeHandle } from '../../e2e/support/serve-process.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../e2e/support/chromium.js';
import { RawHttpConnection } from './raw-http.js';
import { fmt, median } from './stats.js';
import { frameStats, type FrameStats } from './frames.js';
import { panFrames } from './ui-pan.js';
import { mapBench } from './ui-maps.js';

/**
 * `npm run bench:ui`: the console in Debian Chromium against a real `serve` holding a large
 * site: 1,000,000 stored samples on one device, 5,000 devices on one floor plan and 100,000
 * live events. Each figure comes with a baseline measured the same way in the same page on a
 * small load (1,000 samples, an empty plan, a filtered list), so ratios hold on a noisy machine.
 */
const PASSWORD = 'bench-ui-password';
const SAMPLES = 1_000_000;
const MARKERS = 5_000;
const EVENTS = Number(process.env.BENCH_UI_EVENTS ?? 100_000);
const REPEATS = Number(process.env.BENCH_RUNS ?? 5);

async function api(serve: ServeHandle, token: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${serve.url}api/v1${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? undefined : res.json();
}

/** Two floors, their plans the bundled demo drawings; the console opens on floor 1 (the lowest order). */
async function benchFloors(serve: ServeHandle, token: string): Promise<[number, number]> {
  const ids: number[] = [];
  for (const n of [1, 2]) {
    const floor = (await api(serve, token, 'POST', '/maps', { name: `Floor ${n}`, order: n })) as { id: number };
    const form = new FormData();
    form.append('file', new Blob([readFileSync(`assets/floorplan-${n}.svg`)]), `floorplan-${n}.svg`);
    const res = await fetch(`${serve.url}api/v1/maps/${floor.id}/image`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`plan upload: ${res.status} ${await res.text()}`);
    ids.push(floor.id);
  }
  return [ids[0]!, ids[1]!];
}

async function token(serve: ServeHandle): Promise<string> {
  const res = await fetch(`${serve.url}api/v1/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PASSWORD }) });
  return ((await res.json()) as { token: string }).token;
}

/** Writes the large site straight into the store, as weeks of ingest would have left it. */
function seed(dir: string): { trend: number; small: number } {
  const store = new SqliteStore(dir);
  try {
    const device = (name: string, location = '') => store.createDevice(DeviceConfigSchema.parse({ name, deviceId: name.replace(/\s/g, ''), typeId: 'halo', serverId: 1, location }), false).id;
    const trend = device('Trend 1M');
    const small = device('Trend 1k');
    for (let i = 0; i < MARKERS; i++) device(`Sensor ${String(i).padStart(4, '0')}`);
    // Inside the last hour: the chart's default window.
    const end = Date.now() - 60_000;
    const write = (id: number, n: number): void => {
      const step = (55 * 60_000) / n;
      for (let start = 0; start < n; start += 10_000) {
        const times: number[] = [];
        const values: number[] = [];
        for (let i = start; i < Math.min(n, start + 10_000); i++) {
          times.push(Math.round(end - (n - i) * step));
          values.push(45 + 10 * Math.sin(i / 5000) + ((i * 7919) % 13) - 6);
        }
        store.writeBatch({ chunks: [{ device: id, points: ['Noise'], times, values }], events: [], latest: [] });
      }
      store.writeBatch({ chunks: [], events: [], latest: [{ device: id, lastSeen: end, latest: { Noise: { v: 45, t: end } }, invalid: {} }] });
    };
    write(trend, SAMPLES);
    write(small, 1_000);
    return { trend, small };
  } finally {
    store.close();
  }
}

/** Generic events over the Nx collector, paced under the stream's 5,000 events/s so none is dropped. */
async function sendEvents(serve: ServeHandle, count: number): Promise<void> {
  const auth = `Basic ${Buffer.from('bench:bench-password').toString('base64')}`;
  const conns = await Promise.all(Array.from({ length: 4 }, () => RawHttpConnection.open(serve.collectorPort!)));
  const perSecond = 4_000;
  const started = performance.now();
  let sent = 0;
  await Promise.all(conns.map(async (conn, c) => {
    while (sent < count) {
      const i = sent++;
      const due = started + (i / perSecond) * 1000;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      await conn.get(`/api/createEvent?source=${i % 100 === 0 ? 'Gate' : `Bench${c}`}&caption=Vape&description=Event+${i}&state=Active`, auth);
    }
  }));
  conns.forEach((c) => c.close());
}

/** Milliseconds from choosing a device on the chart until its line is drawn and painted, and of that the series query. */
function chartDraw(page: Page, deviceId: number, expectTotal: string): Promise<{ total: number; query: number }> {
  return page.evaluate(async ({ deviceId, expectTotal }) => {
    const select = document.querySelector<HTMLSelectElement>('[data-testid="chart-device"]')!;
    const count = document.querySelector('[data-testid="chart-count"]')!;
    const t0 = performance.now();
    select.value = String(deviceId);
    select.dispatchEvent(new Event('change', { bubbles: true }));
    const deadline = t0 + 20_000;
    for (;;) {
      await new Promise((r) => requestAnimationFrame(r));
      const path = document.querySelector('[data-testid="chart"] .recharts-line-curve')?.getAttribute('d') ?? '';
      if (new RegExp(`^[\\d,]+ of ${expectTotal} samples shown$`).test(count.textContent ?? '') && path.length > 100) break;
      if (performance.now() > deadline) throw new Error(`chart did not draw ${expectTotal} samples`);
    }
    await new Promise((r) => requestAnimationFrame(r));
    const done = performance.now();
    const request = performance.getEntriesByType('resource').find((e) => e.name.includes('/series') && e.startTime >= t0) as PerformanceResourceTiming | undefined;
    return { total: done - t0, query: request ? request.responseEnd - request.startTime : NaN };
  }, { deviceId, expectTotal });
}

/** Frame times while scrolling the live event list for 2 s at 2,000 px/s. */
async function scrollFrames(page: Page): Promise<FrameStats> {
  const deltas = await page.evaluate(async () => {
    const el = document.querySelector<HTMLElement>('[data-testid="event-list"]')!;
    el.scrollTop = 0;
    const out: number[] = [];
    let last = performance.now();
    const end = last + 2000;
    while (last < end) {
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      out.push(now - last);
      el.scrollTop += 2 * (now - last);
      last = now;
    }
    return out;
  });
  return frameStats(deltas);
}

/** Milliseconds from navigation to Monitoring's useful first render: alarms, map markers, chart, devices, stream live. */
async function firstRender(page: Page): Promise<number> {
  await page.reload();
  const handle = await page.waitForFunction(() => {
    const ready = document.querySelector('[data-testid="floor-map"] canvas') && document.querySelector('[data-testid="chart"] .recharts-surface')
      && document.querySelector('[data-testid="device-table"]') && document.querySelector('section[aria-label="Alarms"]') && document.querySelector('[data-testid="stream-state"]')?.textContent === 'LIVE';
    return ready ? performance.now() : null;
  }, undefined, { timeout: 60_000, polling: 'raf' });
  return (await handle.jsonValue())!;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'watchdesk-bench-ui-'));
  const init = await startServe(['--no-demo', '--admin-password', PASSWORD], dir);
  await init.stop();
  const seeded = performance.now();
  const { trend, small } = seed(dir);
  console.log(`seeded ${fmt(SAMPLES)} samples and ${fmt(MARKERS)} devices in ${fmt((performance.now() - seeded) / 1000, 1)} s`);
  const serve = await startServe(['--no-demo', '--admin-password', PASSWORD], dir);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? CHROMIUM_PATH,
    // Frames as fast as the page can make them, not at the display's 60 Hz: a frame's time is then its cost.
    args: [...CHROMIUM_ARGS, ...(process.env.BENCH_VSYNC ? [] : ['--disable-frame-rate-limit', '--disable-gpu-vsync'])],
  });
  try {
    const t = await token(serve);
    await api(serve, t, 'POST', '/integration-accounts', { username: 'bench', password: 'bench-password' });
    // Every sensor on floor 1, in a grid, so one plan carries all 5,000 markers; floor 2 stays empty.
    const devices = (await api(serve, t, 'GET', '/devices')) as Array<{ id: number }>;
    const floors = await benchFloors(serve, t);
    const placements = devices.map((d, i) => ({ kind: 'device', deviceId: d.id, x: 10 + (i % 100) * 9.8, y: 10 + Math.floor(i / 100) * 11.5 }));
    await api(serve, t, 'PUT', `/maps/${floors[0]}/placements`, { placements });

    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.goto(serve.url);
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('stream-state').getByText('LIVE').waitFor({ timeout: 60_000 });
    const loginPage = await page.evaluate(() => performance.getEntriesByType('paint').find((p) => p.name === 'first-contentful-paint')?.startTime ?? NaN);

    const renders: number[] = [];
    for (let i = 0; i < REPEATS; i++) renders.push(await firstRender(page));
    const markers = await page.getByTestId('marker-count').textContent();

    // BENCH_PROFILE=1: the chart switch's top self-time functions, from Chromium's sampling profiler.
    if (process.env.BENCH_PROFILE) {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
      for (let i = 0; i < 3; i++) { await chartDraw(page, small, '1,000'); await chartDraw(page, trend, '1,000,000'); }
      const { profile } = await cdp.send('Profiler.stop');
      const self = new Map<string, number>();
      const dt = profile.timeDeltas ?? [];
      const byId = new Map(profile.nodes.map((n) => [n.id, n]));
      (profile.samples ?? []).forEach((id, i) => { const n = byId.get(id)!; const k = `${n.callFrame.functionName || "(anon)"} ${n.callFrame.url.split("/").pop()}:${n.callFrame.lineNumber}:${n.callFrame.columnNumber}`; self.set(k, (self.get(k) ?? 0) + (dt[i] ?? 0) / 1000); });
      console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${v.toFixed(0).padStart(6)} ms  ${k}`).join('\n'));
    }
    const draws: Array<{ total: number; query: number }> = [];
    const drawsSmall: Array<{ total: number; query: number }> = [];
    for (let i = 0; i < REPEATS; i++) {
      drawsSmall.push(await chartDraw(page, small, '1,000'));
      draws.push(await chartDraw(page, trend, '1,000,000'));
    }

    const shownOfTotal = await page.getByTestId('chart-count').textContent();
    const pans: FrameStats[] = [];
    const pansEmpty: FrameStats[] = [];
    await page.getByTestId('floor-map').scrollIntoViewIfNeeded();
    for (let i = 0; i < 3; i++) {
      await page.getByTestId(`map-floor-${floors[1]}`).click();
      pansEmpty.push(await panFrames(page));
      await page.getByTestId(`map-floor-${floors[0]}`).click();
      await page.waitForFunction(() => document.querySelector('[data-testid="marker-count"]')?.textContent?.includes('5,0'), undefined, { timeout: 15_000 }).catch(async (e: unknown) => { await page.screenshot({ path: '/tmp/pan-fail.png' }); console.log(await page.getByTestId('marker-count').textContent()); throw e; });
      pans.push(await panFrames(page));
    }

    let scrolls: FrameStats[] = [];
    const scrollsSmall: FrameStats[] = [];
    let sentIn = NaN;
    if (EVENTS > 0) {
      const sending = performance.now();
      await sendEvents(serve, EVENTS);
      await page.waitForFunction((n) => document.querySelector('[data-testid="event-count"]')?.textContent === `${n.toLocaleString()} events`, EVENTS, { timeout: 120_000 }).catch(async (err: unknown) => {
        const stored = (await api(serve, t, 'GET', '/events?limit=10000')) as Array<{ origin: string }>;
        throw new Error(`the list shows ${await page.getByTestId('event-count').textContent()}; ${stored.length} events stored (${stored.filter((e) => e.origin !== 'http').length} not from HTTP)`, { cause: err });
      });
      sentIn = (performance.now() - sending) / 1000;
      await page.getByTestId('event-list').scrollIntoViewIfNeeded();
      scrolls = [];
      for (let i = 0; i < 3; i++) {
        await page.getByTestId('event-search').fill('');
        scrolls.push(await scrollFrames(page));
        await page.getByTestId('event-search').fill('Gate');
        scrollsSmall.push(await scrollFrames(page));
      }
    }

    const m = (xs: FrameStats[], k: keyof FrameStats): number => median(xs.map((x) => x[k]));
    console.log(`\nUI benchmark (Chromium ${browser.version()}; medians of ${REPEATS} runs, frame figures medians of 3 runs of 2 s)`);
    console.log(`first useful render of Monitoring (${markers?.trim()}, ${fmt(MARKERS + 2)} devices): ${fmt(median(renders))} ms   baseline: login page first paint ${fmt(loginPage)} ms`);
    const total = (xs: typeof draws): number => median(xs.map((x) => x.total));
    const query = (xs: typeof draws): number => median(xs.map((x) => x.query));
    console.log(`chart: ${shownOfTotal} (the chart's width in pixels, at most 1,500)`);
    console.log(`chart draw, ${fmt(SAMPLES)} stored samples: ${fmt(total(draws))} ms (goal < 300), of which the series query ${fmt(query(draws))} ms   baseline 1,000 samples: ${fmt(total(drawsSmall))} ms, query ${fmt(query(drawsSmall))} ms`);
    console.log(`pan ${fmt(MARKERS)} markers: median frame ${fmt(m(pans, 'median'), 1)} ms (goal < 16), p95 ${fmt(m(pans, 'p95'), 1)} ms, ${fmt(m(pans, 'longPercent'), 1)} % frames > 20 ms   baseline empty plan: ${fmt(m(pansEmpty, 'median'), 1)} ms, p95 ${fmt(m(pansEmpty, 'p95'), 1)} ms`);
    if (EVENTS > 0) {
      console.log(`scroll ${fmt(EVENTS)} events: median frame ${fmt(m(scrolls, 'median'), 1)} ms (${fmt(m(scrolls, 'fps'))} fps, goal 60), p95 ${fmt(m(scrolls, 'p95'), 1)} ms, ${fmt(m(scrolls, 'longPercent'), 1)} % frames > 20 ms   baseline ~${fmt(EVENTS / 100)} events: ${fmt(m(scrollsSmall, 'median'), 1)} ms, p95 ${fmt(m(scrollsSmall, 'p95'), 1)} ms`);
      console.log(`(${fmt(EVENTS)} events reached the list ${fmt(sentIn, 1)} s after the first was sent)`);
    }
  } finally {
    await browser.close();
    await serve.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

// BENCH_UI_ONLY=maps runs the site-map scenarios alone.
if (process.env.BENCH_UI_ONLY !== 'maps') await main();
await mapBench();
