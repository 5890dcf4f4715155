import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { HOUR } from '../../electron/core/store/rollups.js';
import { SqliteStore } from '../../electron/core/store/sqlite-store.js';
import { fmt, median, percentile } from './stats.js';
import { HaloFeed, writeOnePerChunk } from './history-data.js';

/**
 * `npm run bench:turns`: the background turns' own cost, the compactor's and the event indexer's
 * 5 ms turns as the server runs them, apart from what only lands in them.
 *
 * process.cpuUsage() counts every thread: V8's concurrent marking and compiler threads, which do
 * not hold up the event loop, show as a turn's CPU. So `bench:turns` runs under `node
 * --single-threaded`: then the process's CPU time is the main thread's, GC work included. Each
 * call is reported three ways: all of them; after a warm-up (the first 200 calls are where V8
 * compiles the code); and, of those, the ones no GC pause fell in. A GC pause lands in whatever
 * runs when the young generation fills, ingest as much as a turn; its share is reported apart.
 */
const log = (line: string): void => { process.stdout.write(`${line}\n`); };
const cpuNow = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const WARM_UP = 200;

const gcs: Array<{ start: number; end: number }> = [];
new PerformanceObserver((l) => { for (const e of l.getEntries()) gcs.push({ start: e.startTime, end: e.startTime + e.duration }); }).observe({ entryTypes: ['gc'] });

interface Call { wall: number; cpu: number; start: number; end: number }

function timed(fn: () => boolean, between: (i: number) => void): Call[] {
  const calls: Call[] = [];
  for (let i = 1; ; i++) {
    const c = cpuNow();
    const start = performance.now();
    const more = fn();
    const end = performance.now();
    calls.push({ wall: end - start, cpu: cpuNow() - c, start, end });
    between(i);
    if (!more) return calls;
  }
}

async function report(label: string, calls: Call[]): Promise<void> {
  // GC entries reach the observer on a later tick.
  await new Promise((r) => setTimeout(r, 100));
  const gcIn = (c: Call): number => gcs.filter((g) => g.start >= c.start && g.start < c.end).reduce((a, g) => a + g.end - g.start, 0);
  const line = (name: string, xs: Call[]): void => {
    const w = xs.map((c) => c.wall);
    const p = xs.map((c) => c.cpu);
    log(`  ${name} (${fmt(xs.length)}): CPU p50 ${fmt(median(p), 2)} / p99 ${fmt(percentile(p, 99), 2)} / max ${fmt(Math.max(...p), 2)} ms; wall p50 ${fmt(median(w), 2)} / p99 ${fmt(percentile(w, 99), 2)} ms`);
  };
  log(`${label}, node ${process.execArgv.join(' ') || '(no flags)'}`);
  line('all', calls);
  const warm = calls.slice(WARM_UP);
  line('after warm-up', warm);
  const withGc = warm.filter((c) => gcIn(c) > 0);
  line('after warm-up, no GC pause inside', warm.filter((c) => gcIn(c) === 0));
  log(`  after warm-up, ${fmt(withGc.length)} with a GC pause inside: pause p50 ${fmt(median(withGc.map(gcIn)), 2)} / max ${fmt(Math.max(0, ...withGc.map(gcIn)), 2)} ms`);
}

async function compactor(everyMs: number, devices: number, hours: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'watchdesk-bench-turns-'));
  try {
    const store = new SqliteStore(dir);
    const feeds = Array.from({ length: devices }, (_, i) => new HaloFeed(i + 1, 500 + i));
    const t0 = Math.floor(Date.now() / HOUR) * HOUR - (hours + 2) * HOUR;
    writeOnePerChunk(store, feeds, t0, (hours * HOUR) / everyMs, everyMs);
    // As in service: WAL checkpoints are the checkpoint thread's, here between steps and untimed.
    store.db.pragma('wal_autocheckpoint = 0');
    const calls = timed(() => store.compactor.slice(5), (i) => { if (i % 50 === 0) store.db.pragma('wal_checkpoint(PASSIVE)'); });
    await report(`Compaction turns (5 ms budget), ${everyMs / 1000} s heartbeat, ${devices} HALOs × ${hours} h`, calls.slice(0, -1));
    store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function indexer(events: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'watchdesk-bench-turns-'));
  try {
    const store = new SqliteStore(dir);
    const names = ['Vape', 'Gunshot', 'Door forced open', 'Motion detected', 'Camera offline'];
    for (let i = 0; i < events / 1000; i++) {
      const batch = Array.from({ length: 1000 }, (_, k) => ({ id: store.nextEventId(), t: Date.now(), origin: 'http' as const, deviceId: null, name: names[k % 5]!, kind: 'instant' as const, source: `Camera ${k}`, caption: names[k % 5]!, description: `${names[(k * 7) % 5]} at north stair ${(i * 1000 + k) % 977}`, args: {}, metadata: null, pairId: null }));
      store.writeBatch({ chunks: [], events: batch, latest: [] });
    }
    store.db.pragma('wal_autocheckpoint = 0');
    const calls = timed(() => store.textSearch.slice(5), (i) => { if (i % 50 === 0) store.db.pragma('wal_checkpoint(PASSIVE)'); });
    await report(`Event indexer turns (5 ms budget), ${fmt(events)} new events`, calls);
    store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const only = process.env.TURNS_PARTS?.split(',') ?? ['compact10', 'compact1', 'index'];
  if (only.includes('compact10')) await compactor(10_000, 100, 6);
  if (only.includes('compact1')) await compactor(1000, 50, 1);
  if (only.includes('index')) await indexer(200_000);
}

void main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
