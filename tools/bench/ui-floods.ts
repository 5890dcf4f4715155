import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { SqliteStore } from '../../electron/core/store/sqlite-store.js';
import { DeviceConfigSchema } from '../../shared/domain.js';
import { startServe, type ServeHandle } from '../../e2e/support/serve-process.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../e2e/support/chromium.js';
import { fmt, median, percentile } from './stats.js';
import { frameStats, type FrameStats } from './frames.js';

/**
 * Part of `npm run bench:ui`: the alarm list in a flood. 5,000 standing alarms in 40 flood
 * groups (seeded into the store as a flood would have left them), then 500 activations a second
 * for 10 s from 500 HALOs over TCP through a rule. Measured in Debian Chromium: the list's first
 * render and scroll, input latency during the burst, and how often the console sounds.
 */
const PASSWORD = 'bench-ui-password';
const GROUPS = 40;
const PER_GROUP = 125;
const BURST_DEVICES = 500;
const BURST_S = 10;

function seed(dir: string): void {
  const store = new SqliteStore(dir);
  try {
    const now = Date.now();
    for (let g = 0; g < GROUPS; g++) {
      const id = `FLOOD-${String(g).padStart(2, '0')}`;
      store.saveAlarmDefinition(id, { id, name: `Flood ${g}`, priority: 20 + g, category: 'bench', procedure: '', latching: false, maxShelveS: 28_800, maintenanceWindows: [], schedule: [] });
      for (let i = 0; i < PER_GROUP; i++) {
        const t = now - 5 * 60_000 + i * 1000;
        store.saveAlarm(null, {
          id: 0, definitionId: id, state: 'unack', source: { kind: 'system', id: `bench:${g}:${i}`, name: `Point ${g}.${i}`, deviceId: null }, value: null, ruleId: null,
          activatedAt: t, lastChangeAt: t, activations: 1, chattering: false, shelved: null, outOfService: null, acknowledgedBy: null, acknowledgedAt: null,
          comment: '', investigatingBy: null, forwardedTo: null, forwardMessage: '', recent: [], version: 1,
        });
      }
    }
    for (let i = 0; i < BURST_DEVICES; i++) store.createDevice(DeviceConfigSchema.parse({ name: `Burst ${i}`, deviceId: `B${i}`, typeId: 'halo', serverId: 1, location: 'Burst hall' }), false);
  } finally {
    store.close();
  }
}

async function api(serve: ServeHandle, token: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${serve.url}api/v1${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? undefined : res.json();
}

/** Frame times while scrolling the alarm list for 2 s, down and back. */
async function scrollFrames(page: Page): Promise<FrameStats> {
  const deltas = await page.evaluate(async () => {
    const el = document.querySelector<HTMLElement>('[data-testid="alarm-scroll"]')!;
    el.scrollTop = 0;
    const out: number[] = [];
    let last = performance.now();
    const end = last + 2000;
    let dir = 1;
    while (last < end) {
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      out.push(now - last);
      el.scrollTop += dir * 2 * (now - last);
      if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1) dir = -1;
      if (el.scrollTop <= 0) dir = 1;
      last = now;
    }
    return out;
  });
  return frameStats(deltas);
}

/**
 * How late the page's main thread answers while the burst runs: a task posted every 50 ms and
 * the time until it runs. Input events run before such tasks, so this bounds input latency.
 */
function startLatencyProbe(page: Page): Promise<unknown> {
  // A string, not a function: the bundler would wrap named callbacks in a helper the page lacks.
  return page.evaluate(`(() => {
    window.__lags = [];
    window.__probe = true;
    const channel = new MessageChannel();
    let sent = 0;
    const post = () => { sent = performance.now(); channel.port2.postMessage(0); };
    channel.port1.onmessage = () => { window.__lags.push(performance.now() - sent); if (window.__probe) setTimeout(post, 50); };
    post();
  })()`);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'watchdesk-bench-floods-'));
  const init = await startServe(['--no-demo', '--admin-password', PASSWORD], dir);
  await init.stop();
  seed(dir);
  const serve = await startServe(['--no-demo', '--admin-password', PASSWORD], dir);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, ...(process.env.BENCH_VSYNC ? [] : ['--disable-frame-rate-limit', '--disable-gpu-vsync']), '--autoplay-policy=no-user-gesture-required'],
  });
  try {
    const t = ((await (await fetch(`${serve.url}api/v1/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PASSWORD }) })).json()) as { token: string }).token;
    await api(serve, t, 'POST', '/alarm-definitions', { id: 'BURST', name: 'Burst', priority: 5 });
    await api(serve, t, 'POST', '/rules', { id: 'burst', name: 'Noise above 60', when: { type: 'data', deviceTypeId: 'halo', point: 'Noise', op: '>', value: 60 }, do: [{ type: 'trigger-alarm', alarmId: 'BURST' }] });

    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.on('pageerror', (e) => console.error('page error:', e.message));
    // Count the console's alert sounds: each beep starts two or three tones.
    await page.addInitScript(`(() => {
      window.__beeps = 0;
      const Real = window.AudioContext;
      window.AudioContext = class extends Real {
        createOscillator() {
          // The tones of one beep share its start time.
          if (this.currentTime !== this.__last) { window.__beeps += 1; this.__last = this.currentTime; }
          return super.createOscillator();
        }
      };
    })()`);
    await page.goto(serve.url);
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill(PASSWORD);
    const t0 = Date.now();
    await page.getByTestId('login-submit').click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid^="flood-group-definition:"]').length === n, GROUPS, { timeout: 60_000 });
    const listed = Date.now() - t0;
    const scrolls: FrameStats[] = [];
    for (let i = 0; i < 3; i++) scrolls.push(await scrollFrames(page));
    // One group open: its 125 members as rows.
    await page.locator('[data-testid="flood-group-toggle"]').first().click();
    const scrollsOpen: FrameStats[] = [];
    const cdp = process.env.BENCH_PROFILE ? await page.context().newCDPSession(page) : null;
    if (cdp) { await cdp.send('Profiler.enable'); await cdp.send('Profiler.start'); }
    for (let i = 0; i < 3; i++) scrollsOpen.push(await scrollFrames(page));
    if (cdp) {
      const { profile } = await cdp.send('Profiler.stop');
      const self = new Map<string, number>();
      const byId = new Map(profile.nodes.map((n) => [n.id, n]));
      (profile.samples ?? []).forEach((id, i) => { const n = byId.get(id)!; const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`; self.set(k, (self.get(k) ?? 0) + (profile.timeDeltas?.[i] ?? 0) / 1000); });
      console.log([...self].sort((x, y) => y[1] - x[1]).slice(0, 15).map(([k, v]) => `${v.toFixed(0).padStart(6)} ms  ${k}`).join('\n'));
    }
    await page.locator('[data-testid="flood-group-toggle"]').first().click();

    // The burst: 500 HALOs, each crossing the threshold once a second, for 10 s.
    await startLatencyProbe(page);
    const socket = net.connect({ host: '127.0.0.1', port: serve.tcpPort });
    await new Promise((r) => socket.once('connect', r));
    const started = performance.now();
    for (let half = 0; half < BURST_S * 2; half++) {
      const value = half % 2 === 0 ? 72 : 50;
      socket.write(Array.from({ length: BURST_DEVICES }, (_, i) => `DeviceId=B${i} Noise=@${value}@;`).join(''));
      const due = started + (half + 1) * 500;
      await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
    }
    socket.end();
    const burstMs = performance.now() - started;
    await page.waitForFunction(() => document.querySelectorAll('[data-testid^="flood-group-definition:BURST"]').length === 1, undefined, { timeout: 30_000 });
    const lags = await page.evaluate(() => { const w = window as unknown as { __lags: number[]; __probe: boolean }; w.__probe = false; return w.__lags; });
    const alarms = (await api(serve, t, 'GET', '/alarms?state=standing')) as Array<{ definitionId: string; activations: number }>;
    const activations = alarms.filter((a) => a.definitionId === 'BURST').reduce((n, a) => n + a.activations, 0);
    const beeps = await page.evaluate(() => (window as unknown as { __beeps: number }).__beeps);
    const m = (xs: FrameStats[], k: keyof FrameStats): number => median(xs.map((x) => x[k]));

    console.log(`\nAlarm floods (Chromium ${browser.version()}; frame figures medians of 3 runs of 2 s)`);
    console.log(`${fmt(GROUPS * PER_GROUP)} standing alarms → ${GROUPS} group rows, from login to listed: ${fmt(listed)} ms`);
    console.log(`scroll the list, groups closed: median frame ${fmt(m(scrolls, 'median'), 1)} ms (${fmt(m(scrolls, 'fps'))} fps, goal 60), p95 ${fmt(m(scrolls, 'p95'), 1)} ms`);
    console.log(`scroll the list, one group of ${PER_GROUP} open: median frame ${fmt(m(scrollsOpen, 'median'), 1)} ms (${fmt(m(scrollsOpen, 'fps'))} fps), p95 ${fmt(m(scrollsOpen, 'p95'), 1)} ms`);
    console.log(`burst: ${fmt(BURST_DEVICES * BURST_S)} activations sent over ${fmt(burstMs / 1000, 1)} s; the core counted ${fmt(activations)} activations of the burst alarm`);
    console.log(`main-thread delay during the burst (bounds input latency; goal < 100 ms): median ${fmt(median(lags), 1)} ms, p95 ${fmt(percentile(lags, 95), 1)} ms, max ${fmt(Math.max(...lags), 1)} ms (${lags.length} probes)`);
    console.log(`alert sounds during the burst: ${beeps} (${GROUPS + 1} groups stand; the burst is one group)`);
  } finally {
    await browser.close();
    await serve.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
