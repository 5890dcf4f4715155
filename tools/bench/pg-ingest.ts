import { SqliteAsyncStore } from '../../electron/core/store/sqlite-async-store.js';
import { SqliteStore } from '../../electron/core/store/sqlite-store.js';
import type { AsyncStore } from '../../electron/core/store/async-store.js';
import { PgStore } from '../../electron/core/store/pg/pg-store.js';
import type { Batch } from '../../electron/core/store/store.js';
import { findPgBin, startPgCluster } from '../../test/support/pg-cluster.js';
import { tempDir } from '../../test/support/app.js';

/**
 * `npm run bench:pg`: the ingest's batched write (one window of every device in one transaction)
 * into SQLite and into PostgreSQL (a private cluster here: fsync off, so an upper bound for the
 * statements themselves, not for a disk), side by side. BENCH_DEVICES, BENCH_WINDOWS.
 */
const DEVICES = Number(process.env.BENCH_DEVICES ?? 1000);
const WINDOWS = Number(process.env.BENCH_WINDOWS ?? 30);
/** A HALO 3C heartbeat has 44 data points. */
const POINTS = Array.from({ length: 44 }, (_, i) => `p${i}`);
/** Heartbeats of each device in one window (a 1 s window, heartbeats every 250 ms). */
const PER_WINDOW = 4;

function window(w: number, first = 0): Batch {
  const t0 = Date.now() - (WINDOWS - w) * 1000;
  return {
    chunks: Array.from({ length: DEVICES }, (_, i) => {
      const d = first + i;
      const times = Array.from({ length: PER_WINDOW }, (_, i) => t0 + i * 250);
      return { device: d + 1, points: POINTS, times, values: times.flatMap((_, i) => POINTS.map((__, j) => 20 + ((d + i + j) % 17))) };
    }),
    events: [],
    latest: Array.from({ length: DEVICES }, (_, i) => ({ device: first + i + 1, lastSeen: t0, latest: { p0: { v: 20, t: t0 } }, invalid: {} })),
  };
}

async function run(name: string, store: AsyncStore): Promise<void> {
  const batches = Array.from({ length: WINDOWS }, (_, w) => window(w));
  await store.writeBatch(batches[0]!);
  const ms: number[] = [];
  for (const b of batches.slice(1)) {
    const t = performance.now();
    await store.writeBatch(b);
    ms.push(performance.now() - t);
  }
  const total = ms.reduce((a, b) => a + b, 0);
  const heartbeats = (WINDOWS - 1) * DEVICES * PER_WINDOW;
  ms.sort((a, b) => a - b);
  console.log(`${name.padEnd(10)} ${Math.round(heartbeats / (total / 1000)).toLocaleString('en')} heartbeats/s (${(heartbeats * POINTS.length / (total / 1000) / 1e6).toFixed(2)} M values/s); a window of ${DEVICES} devices × ${PER_WINDOW} heartbeats: p50 ${ms[ms.length >> 1]!.toFixed(1)} ms, max ${ms[ms.length - 1]!.toFixed(1)} ms`);
}

/**
 * Two nodes of one site, each with its own connections and its own devices, writing their windows
 * at the same time into one PostgreSQL: the heartbeats/s the site stores durably (committed).
 */
async function runTwo(a: AsyncStore, b: AsyncStore): Promise<void> {
  const node = async (store: AsyncStore, first: number): Promise<number[]> => {
    const batches = Array.from({ length: WINDOWS }, (_, w) => window(w, first));
    await store.writeBatch(batches[0]!);
    const ms: number[] = [];
    for (const batch of batches.slice(1)) {
      const t = performance.now();
      await store.writeBatch(batch);
      ms.push(performance.now() - t);
    }
    return ms;
  };
  const t = performance.now();
  const [ma, mb] = await Promise.all([node(a, 0), node(b, DEVICES)]);
  const wall = performance.now() - t;
  const heartbeats = 2 * WINDOWS * DEVICES * PER_WINDOW;
  const ms = [...ma, ...mb].sort((x, y) => x - y);
  console.log(`${'2 nodes'.padEnd(10)} ${Math.round(heartbeats / (wall / 1000)).toLocaleString('en')} heartbeats/s into one PostgreSQL (${DEVICES} devices each, writing at once); a window: p50 ${ms[ms.length >> 1]!.toFixed(1)} ms, max ${ms[ms.length - 1]!.toFixed(1)} ms`);
}

const sqlite = new SqliteAsyncStore(new SqliteStore(tempDir()));
await run('SQLite', sqlite);
await sqlite.close();
const bin = findPgBin();
if (!bin) {
  console.log('PostgreSQL: skipped, no binaries under /usr/lib/postgresql');
} else {
  const cluster = await startPgCluster(bin);
  try {
    const pg = await PgStore.open(await cluster.createDatabase('bench'));
    await run('PostgreSQL', pg);
    await pg.close();
    const url = await cluster.createDatabase('bench_two_nodes');
    const [a, b] = [await PgStore.open(url), await PgStore.open(url)];
    await runTwo(a, b);
    await a.close();
    await b.close();
  } finally {
    await cluster.stop();
  }
}
