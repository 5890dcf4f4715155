import { readFileSync, readdirSync, statSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type net from 'node:net';
import WebSocket from 'ws';
import { startServe } from '../../e2e/support/serve-process.js';
import { connect, heartbeat } from './load.js';
import { fmt, percentile } from './stats.js';

// The server as a site runs it: compiled JavaScript (npm run serve), not the TypeScript loader.
// WATCHDESK_SERVE_BUILT=0 measures the sources instead.
process.env.WATCHDESK_SERVE_BUILT ??= '1';

/**
 * `npm run bench:soak`: the server left running as a site runs it. 1,000 simulated HALOs at a
 * 1 s heartbeat over 20 connections, the demo site, one console stream, retention, compaction
 * and rollups running; for SOAK_MINUTES (30 by default). Reports the RSS slope, the API's
 * latency (a ceiling on the event loop's delay), disk growth, and heartbeats lost.
 */
const MINUTES = Number(process.env.SOAK_MINUTES ?? 30);
const DEVICES = 1000;
const CONNECTIONS = 20;
const PASSWORD = 'soak-password';
const WARMUP_MS = Math.min(60_000, MINUTES * 60_000 / 4);

const rssMb = (pid: number): number => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
const bytesIn = (dir: string): number => readdirSync(dir).reduce((sum, f) => {
  const p = join(dir, f);
  const s = statSync(p);
  return sum + (s.isDirectory() ? bytesIn(p) : s.size);
}, 0);

/** Least-squares slope of y over x. */
function slope(points: Array<[number, number]>): number {
  const n = points.length;
  if (n < 2) return NaN;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const num = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const den = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'watchdesk-soak-'));
  const serve = await startServe(['--demo', '--admin-password', PASSWORD], dir);
  const api = async (method: string, path: string, token: string | null, body?: unknown): Promise<any> => { // eslint-disable-line @typescript-eslint/no-explicit-any
    const res = await fetch(`${serve.url}api/v1${path}`, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
    return res.status === 204 ? undefined : res.json();
  };
  const sockets: net.Socket[] = [];
  try {
    const { token } = await api('POST', '/sessions', null, { username: 'admin', password: PASSWORD });
    const server = await api('GET', '/tcp-servers/1', token);
    const { id: _i, boundPort: _b, listening: _l, connections: _c, error: _e, ...config } = server;
    await api('PUT', '/tcp-servers/1', token, { ...config, port: serve.tcpPort, autoCreateDevices: true, maxConnections: 5000, maxConnectionsPerAddress: 5000 });

    let streamMessages = 0;
    const ws = new WebSocket(`${serve.url.replace('http', 'ws')}api/v1/stream?token=${token}`);
    ws.on('message', () => { streamMessages++; });

    for (let c = 0; c < CONNECTIONS; c++) sockets.push(await connect(serve.tcpPort));
    const perConnection = DEVICES / CONNECTIONS;
    let sent = 0;
    // Each connection sends its 50 devices' heartbeats once a second, spread over the second.
    const timers = sockets.map((socket, c) => setTimeout(() => {
      const tick = (): void => {
        let batch = '';
        for (let d = 0; d < perConnection; d++) batch += heartbeat(c * perConnection + d);
        socket.write(batch);
        sent += perConnection;
      };
      tick();
      timers[c] = setInterval(tick, 1000);
    }, (1000 * c) / CONNECTIONS));

    const started = Date.now();
    type Stats = { frames: number; storedFrames: number; framesWithoutValues: number; rejected: number; unmatched: number; refusedFrames: number; droppedFrames: number; storage?: { pendingFrames: number }; eventLoop?: { p50Ms: number; p99Ms: number; maxMs: number } | null };
    const statsAt = async (): Promise<Stats> => api('GET', '/ingest/stats', token);
    // A frame is lost when it is neither stored, nor waiting in the batch window, nor counted as one that has no sample
    // (the demo's incident frames carry events only), rejected, unmatched, refused or dropped: see docs/api.md, Ingest.
    const lostIn = (st: Stats): number => st.frames - st.storedFrames - st.framesWithoutValues - st.rejected - st.unmatched
      - st.refusedFrames - st.droppedFrames - (st.storage?.pendingFrames ?? 0);
    const first = await statsAt();
    const rss: Array<[number, number]> = [];
    const disk: Array<[number, number]> = [];
    const healthMs: number[] = [];
    while (Date.now() - started < MINUTES * 60_000) {
      await new Promise((r) => setTimeout(r, 10_000));
      const hours = (Date.now() - started) / 3_600_000;
      for (let k = 0; k < 5; k++) {
        const t0 = performance.now();
        await fetch(`${serve.url}api/v1/health`);
        healthMs.push(performance.now() - t0);
      }
      if (Date.now() - started < WARMUP_MS) continue;
      rss.push([hours, rssMb(serve.child.pid!)]);
      disk.push([hours, bytesIn(dir) / 1e6]);
      process.stderr.write(`${fmt(hours * 60, 1)} min: RSS ${fmt(rss.at(-1)![1])} MB, data ${fmt(disk.at(-1)![1], 1)} MB, sent ${fmt(sent)}\n`);
    }
    timers.forEach((t) => { clearTimeout(t); clearInterval(t); });
    // Everything sent is parsed before the count is taken; the demo HALOs keep sending, and the sum holds at any moment.
    let last = await statsAt();
    for (let i = 0; i < 100 && last.frames - first.frames < sent; i++) { await new Promise((r) => setTimeout(r, 100)); last = await statsAt(); }
    const parsed = last.frames - first.frames;
    const lost = lostIn(last);
    ws.close();
    const rows = [
      ['Minutes run (after a warm-up of ' + fmt(WARMUP_MS / 60_000, 1) + ' min)', fmt(MINUTES, 1), '30'],
      ['Heartbeats sent by the bench', fmt(sent), '—'],
      ['Frames lost: parsed, but not stored, pending or counted as without values, rejected, unmatched, refused, dropped', fmt(lost), '0'],
      ['Frames without values (demo incidents), unmatched, rejected', `${fmt(last.framesWithoutValues)}, ${fmt(last.unmatched)}, ${fmt(last.rejected)}`, '—'],
      ['Frames parsed ≥ heartbeats sent', String(parsed >= sent), 'true'],
      ['RSS at the end (MB)', fmt(rss.at(-1)?.[1] ?? NaN), '—'],
      ['RSS slope (MB/hour)', fmt(slope(rss), 1), '≈ 0'],
      ['Server event-loop delay since start p50 / p99 / max (ms)', last.eventLoop ? `${fmt(last.eventLoop.p50Ms, 1)} / ${fmt(last.eventLoop.p99Ms, 1)} / ${fmt(last.eventLoop.maxMs, 1)}` : '—', 'p99 < 20'],
      ['GET /health latency p50 / p99 (ms): a ceiling on event-loop delay', `${fmt(percentile(healthMs, 50), 1)} / ${fmt(percentile(healthMs, 99), 1)}`, 'p99 < 20'],
      ['Data folder growth (MB/hour)', fmt(slope(disk), 1), '—'],
      ['Stream messages to the console (/s)', fmt(streamMessages / ((Date.now() - started) / 1000), 1), '≤ 10 + alarms'],
    ];
    console.log(`Watchdesk soak — ${DEVICES} HALOs at 1 s, the demo site, one console stream, ${MINUTES} min, Node ${process.version}`);
    for (const [what, value, goal] of rows) console.log(`${what!.padEnd(72)} ${value!.padStart(12)}   goal ${goal}`);
  } finally {
    sockets.forEach((s) => s.destroy());
    await serve.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
