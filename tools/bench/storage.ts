import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packChunk } from '../../electron/core/store/chunk-codec.js';
import { ByteSink, encodeColumn } from '../../electron/core/store/column-codec.js';
import { HOUR } from '../../electron/core/store/rollups.js';
import { RARE_GRAM } from '../../electron/core/store/event-grams.js';
import { SqliteStore } from '../../electron/core/store/sqlite-store.js';
import { startServe } from '../../e2e/support/serve-process.js';
import { fmt, median, percentile } from './stats.js';
import { HaloFeed, POINTS, compactAll, eventsDb, historyDb, writeOnePerChunk } from './history-data.js';

/**
 * `npm run bench:storage`: bytes on disk per stored value before and after compaction, the
 * codecs side by side on HALO heartbeats, chart queries on a generated year of history, and
 * event text search over a million events. The two large databases are built once and cached
 * in the OS temp folder (watchdesk-bench-cache).
 */
const log = (line: string): void => { process.stderr.write(`${line}\n`); };
const rows: Array<[string, string, string]> = [];
const row = (name: string, value: string, goal = '—'): void => { rows.push([name, value, goal]); log(`${name}: ${value}`); };
const YEAR_MS = 365 * 24 * HOUR;

/** The same heartbeats under each candidate encoding. */
function codecs(): void {
  const feeds = Array.from({ length: 50 }, (_, i) => new HaloFeed(i + 1, 100 + i));
  const sizes = { raw: 0, xor: 0, varint: 0, packed: 0 };
  let values = 0;
  const sink = new ByteSink();
  for (const f of feeds) {
    const { times, values: v } = f.frames(Date.now() - 2 * HOUR, 360, 10_000);
    const n = times.length;
    values += n * POINTS.length;
    sizes.raw += 8 + 8 * n * (1 + POINTS.length);
    sizes.packed += packChunk(times, v, POINTS.length).length;
    // Gorilla alone: every column as xor (a value with a NaN payload forces xor).
    for (let j = 0; j < POINTS.length; j++) {
      sink.reset();
      const col = Float64Array.from({ length: n + 1 }, (_, i) => (i === n ? -0 : v[i * POINTS.length + j]!));
      encodeColumn(sink, col, 0, 1, n + 1);
      sizes.xor += sink.len - 8;
      // Decimal, each delta a zigzag varint instead of bit-packed.
      const scale = 100;
      let prev = 0;
      for (let i = 0; i < n; i++) {
        const s = Math.round(v[i * POINTS.length + j]! * scale);
        const d = s - prev;
        prev = s;
        const z = d >= 0 ? 2 * d : -2 * d - 1;
        sizes.varint += z < 128 ? 1 : z < 16384 ? 2 : z < 2097152 ? 3 : 4;
      }
    }
  }
  row('Codec on HALO heartbeats (10 s, 50 devices × 1 h): raw float64 (bytes/value)', fmt(sizes.raw / values, 2));
  row('Codec: Gorilla XOR floats, every column (bytes/value)', fmt(sizes.xor / values, 2));
  row('Codec: decimal delta + zigzag varint (bytes/value)', fmt(sizes.varint / values, 2));
  row('Codec: decimal delta bit-packed, XOR where not decimal — chosen (bytes/value)', fmt(sizes.packed / values, 2), '≤ 2');
}

function tableBytes(path: string): Map<string, number> {
  const db = new Database(path);
  db.pragma('wal_checkpoint(TRUNCATE)');
  const out = new Map<string, number>();
  for (const r of db.prepare('SELECT name, sum(pgsize) AS size FROM dbstat GROUP BY name').all() as Array<{ name: string; size: number }>) out.set(r.name, r.size);
  db.close();
  return out;
}

const sum = (m: Map<string, number>, names: string[]): number => names.reduce((a, n) => a + (m.get(n) ?? 0), 0);

/** Bytes on disk per stored value as ingest writes them, then after compaction. */
function onDisk(everyMs: number, devices: number, hours: number): { before: number; samples: number; rollupsPerDeviceHour: number; perHeartbeat: number; stepMs: { p50: number; p99: number; cpuP50: number; cpuP99: number }; cpuPerHeartbeatUs: number } {
  const dir = mkdtempSync(join(tmpdir(), 'watchdesk-bench-storage-'));
  try {
    const store = new SqliteStore(dir);
    const feeds = Array.from({ length: devices }, (_, i) => new HaloFeed(i + 1, 500 + i));
    const t0 = Math.floor(Date.now() / HOUR) * HOUR - (hours + 2) * HOUR;
    const count = (hours * HOUR) / everyMs;
    writeOnePerChunk(store, feeds, t0, count, everyMs);
    const values = devices * count * POINTS.length;
    const before = tableBytes(store.path);
    const rawBytes = sum(before, ['sample_chunks', 'sample_chunks_by_device']);
    const steps = compactAll(store);
    const after = tableBytes(store.path);
    const samples = sum(after, ['sample_blocks', 'sample_blocks_by_device']);
    const rollups = sum(after, ['rollups', 'rollups_by_point']);
    const stepMs = { p50: median(steps.wall), p99: percentile(steps.wall, 99), cpuP50: median(steps.cpu), cpuP99: percentile(steps.cpu, 99) };
    const cpuPerHeartbeatUs = (steps.cpu.reduce((a, b) => a + b, 0) * 1000) / (devices * count);
    store.close();
    return { before: rawBytes / values, samples: samples / values, rollupsPerDeviceHour: rollups / (devices * hours), perHeartbeat: samples / (devices * count), stepMs, cpuPerHeartbeatUs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function storage(): void {
  const ten = onDisk(10_000, 100, 6);
  row('On disk as ingest writes it, one heartbeat a chunk (bytes/value, table + index)', fmt(ten.before, 2));
  row('On disk after compaction, 10 s heartbeat (bytes/value, table + index)', fmt(ten.samples, 2), '≤ 2');
  row('1-minute rollups, all 44 points of a device (bytes/hour)', fmt(ten.rollupsPerDeviceHour));
  row('Compaction step, wall time p50 / p99 (ms)', `${fmt(ten.stepMs.p50, 1)} / ${fmt(ten.stepMs.p99, 1)}`, '≤ 5');
  row('Compaction step, CPU time p50 / p99 (ms)', `${fmt(ten.stepMs.cpuP50, 1)} / ${fmt(ten.stepMs.cpuP99, 1)}`, '≤ 5');
  const one = onDisk(1000, 50, 1);
  row('On disk after compaction, 1 s heartbeat (bytes/value)', fmt(one.samples, 2), '≤ 2');
  row('Compaction at 1 s: step CPU p50 / p99 (ms); CPU per heartbeat (µs)', `${fmt(one.stepMs.cpuP50, 1)} / ${fmt(one.stepMs.cpuP99, 1)}; ${fmt(one.cpuPerHeartbeatUs, 1)}`);
  const sixty = onDisk(60_000, 100, 24);
  row('On disk after compaction, 60 s heartbeat (bytes/value)', fmt(sixty.samples, 2), '≤ 2');
  const rollupYear = 1000 * 8760 * ten.rollupsPerDeviceHour;
  const yearOf = (perHeartbeat: number, everyMs: number): number => 1000 * (YEAR_MS / everyMs) * perHeartbeat;
  const gb = (b: number): string => `${fmt(b / 1e9, 1)} GB`;
  row('1,000 HALOs for a year at 10 s: raw samples + rollups', `${gb(yearOf(ten.perHeartbeat, 10_000))} + ${gb(rollupYear)}`);
  row('1,000 HALOs for a year at 60 s: raw samples + rollups', `${gb(yearOf(sixty.perHeartbeat, 60_000))} + ${gb(1000 * 8760 * sixty.rollupsPerDeviceHour)}`);
  row('1,000 HALOs at 10 s, default retention (30 days raw, 2 years rollups)', gb(yearOf(ten.perHeartbeat, 10_000) * 30 / 365 + 2 * rollupYear));
  row('Before (as issue 13 measured, 9.8 bytes/value): 1,000 HALOs for a year at 10 s', gb(yearOf(ten.before * POINTS.length, 10_000)));
}

function timeQueries(label: string, goal: string, runs: number, q: () => unknown): void {
  const times: number[] = [];
  const growth: number[] = [];
  const startRss = process.memoryUsage().rss;
  for (let i = 0; i < runs; i++) {
    const rss = process.memoryUsage().rss;
    const t = performance.now();
    q();
    times.push(performance.now() - t);
    growth.push((process.memoryUsage().rss - rss) / 1024 / 1024);
  }
  row(`${label} median / p95 (ms)`, `${fmt(median(times), 1)} / ${fmt(percentile(times, 95), 1)}`, goal);
  const total = (process.memoryUsage().rss - startRss) / 1024 / 1024;
  row(`${label} RSS growth per query: median / largest / all ${runs} queries together (MB)`, `${fmt(Math.max(0, median(growth)), 1)} / ${fmt(Math.max(0, ...growth), 1)} / ${fmt(total, 1)}`, '< 10');
}

function queries(): void {
  const h = historyDb(log);
  const store = new SqliteStore(h.dir);
  try {
    row('History database: heartbeats (1 device × 1 year + 9 × 30 days, 10 s)', fmt(h.heartbeats));
    const monthFrom = h.end - 30 * 24 * HOUR;
    const check = store.series.query(h.monthDevices[0]!, 'Noise', monthFrom, h.end, 1000);
    row('30-day chart: resolution, points, samples covered', `${check.resolution}, ${check.samples.length}, ${fmt(check.total)}`);
    timeQueries('30-day chart (maxPoints 1000)', '< 50', 30, () => store.series.query(h.monthDevices[0]!, 'Noise', monthFrom, h.end, 1000));
    timeQueries('30-day chart of the year device', '< 50', 30, () => store.series.query(h.yearDevice, 'PM2.5', monthFrom, h.end, 1000));
    timeQueries('1-year chart (maxPoints 1000)', '< 100', 20, () => store.series.query(h.yearDevice, 'Noise', h.end - YEAR_MS, h.end, 1000));
    const week = store.series.query(h.monthDevices[0]!, 'Noise', h.end - 7 * 24 * HOUR, h.end, 1000);
    row('7-day chart: resolution, points, samples covered', `${week.resolution}, ${week.samples.length}, ${fmt(week.total)}`);
    timeQueries('7-day chart (maxPoints 1000)', '—', 20, () => store.series.query(h.monthDevices[0]!, 'Noise', h.end - 7 * 24 * HOUR, h.end, 1000));
    timeQueries('1-hour chart, raw, a year back', '—', 30, () => store.series.query(h.yearDevice, 'Noise', h.end - 300 * 24 * HOUR, h.end - 300 * 24 * HOUR + HOUR, 1000));
    timeQueries('30 days raw, every sample (what the 30-day chart cost before)', '—', 5, () => store.seriesColumns(h.monthDevices[0]!, 'Noise', monthFrom, h.end));
  } finally {
    store.close();
  }
}

/** Event inserts as they are, and with the index kept by an insert trigger instead, on a fresh database. */
function insertCost(): void {
  const rate = (withIndex: boolean): number => {
    const dir = mkdtempSync(join(tmpdir(), 'watchdesk-bench-events-'));
    try {
      const store = new SqliteStore(dir);
      if (withIndex) {
        // The alternative not taken: indexing inside the insert, by a trigger.
        const db = new Database(store.path);
        db.exec('CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN INSERT INTO events_fts (rowid, name, description) VALUES (new.id, new.name, new.description); END');
        db.close();
      }
      const t = performance.now();
      for (let i = 0; i < 100; i++) {
        const events = Array.from({ length: 1000 }, (_, k) => ({ id: store.nextEventId(), t: Date.now(), origin: 'http' as const, deviceId: null, name: 'Door forced open', kind: 'instant' as const, source: `Camera ${k}`, caption: 'Door forced open', description: `Door forced open at north stair ${i * 1000 + k}`, args: {}, metadata: null, pairId: null }));
        store.writeBatch({ chunks: [], events, latest: [] });
      }
      const perS = 100_000 / ((performance.now() - t) / 1000);
      store.close();
      return perS;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const without = median([rate(false), rate(false), rate(false)]);
  const withIndex = median([rate(true), rate(true), rate(true)]);
  row('Events stored, batches of 1,000: as now (indexed in the background) / indexed by an insert trigger (/s)', `${fmt(without)} / ${fmt(withIndex)}`, '≥ 20,000');
}

/**
 * The indexer's turns on a fresh database of 200,000 events, as the server runs them (5 ms
 * budget): wall time, and the CPU time this process spent, which a loaded machine does not stretch.
 */
function indexTurns(): void {
  const dir = mkdtempSync(join(tmpdir(), 'watchdesk-bench-index-'));
  try {
    const store = new SqliteStore(dir);
    const names = ['Vape', 'Gunshot', 'Door forced open', 'Motion detected', 'Camera offline'];
    for (let i = 0; i < 200; i++) {
      const events = Array.from({ length: 1000 }, (_, k) => ({ id: store.nextEventId(), t: Date.now(), origin: 'http' as const, deviceId: null, name: names[k % 5]!, kind: 'instant' as const, source: `Camera ${k}`, caption: names[k % 5]!, description: `${names[(k * 7) % 5]} at north stair ${(i * 1000 + k) % 977}`, args: {}, metadata: null, pairId: null }));
      store.writeBatch({ chunks: [], events, latest: [] });
    }
    // As in service: WAL checkpoints are the series worker's, here between turns and untimed.
    store.db.pragma('wal_autocheckpoint = 0');
    const wall: number[] = [];
    const cpu: number[] = [];
    let busy = 0;
    for (let i = 1; ; i++) {
      const t = performance.now();
      const c = process.cpuUsage();
      const more = store.textSearch.slice(5);
      const used = process.cpuUsage(c);
      wall.push(performance.now() - t);
      cpu.push((used.user + used.system) / 1000);
      busy += performance.now() - t;
      if (i % 50 === 0) store.db.pragma('wal_checkpoint(PASSIVE)');
      if (!more) break;
    }
    row('Indexer turns, 200,000 new events (trigrams, merges, grams): turns; wall p50 / p99 / max (ms)', `${fmt(wall.length)}; ${fmt(median(wall), 1)} / ${fmt(percentile(wall, 99), 1)} / ${fmt(Math.max(...wall), 1)}`, '≤ 5');
    row('Indexer turns: CPU p50 / p99 / max (ms); events indexed per second of turns', `${fmt(median(cpu), 1)} / ${fmt(percentile(cpu, 99), 1)} / ${fmt(Math.max(...cpu), 1)}; ${fmt(200_000 / (busy / 1000))}`, '≤ 5');
    store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function search(): void {
  if (process.env.STORAGE_INDEX_TURNS !== '0') indexTurns();
  insertCost();
  const e = eventsDb(log);
  row('Background indexing of 1 M events, trigrams and grams, 5 ms turns back to back (events/s); turn p99 (ms)', `${fmt(e.indexPerS)}; ${fmt(e.turnP99, 1)}`);
  const store = new SqliteStore(e.dir);
  const raw = new Database(join(e.dir, 'watchdesk.db'), { readonly: true });
  try {
    // The gram just past the id-list limit is the slowest short text: scanned newest first with the fewest hits to find.
    const leastFrequent = raw.prepare(`SELECT gram, hits FROM event_grams WHERE hits > ${RARE_GRAM} ORDER BY hits LIMIT 1`).get() as { gram: string; hits: number } | undefined;
    const words: Array<[string, string]> = [['absent word', 'qwertyuiop'], ['rare word (10 hits)', 'zebracorn'], ['medium word', 'library'], ['frequent word', 'Door'],
      ['two letters', 'ym'], ['two letters, absent', 'qz'], ['two letters, rare (10 hits)', 'eb'], ['one letter, absent', 'Q'], ['one letter, rare (10 hits)', 'z'], ['one letter, frequent', 'e']];
    if (leastFrequent) words.push([`short text just past the id-list limit ("${leastFrequent.gram}", ${fmt(leastFrequent.hits)} hits)`, leastFrequent.gram]);
    for (const [label, w] of words) {
      timeQueries(`Event text search, ${label}, 1 M events, limit 500`, '< 20', 15, () => store.events({ text: w, limit: 500 }));
    }
    const before: number[] = [];
    const stmt = raw.prepare("SELECT * FROM events WHERE (instr(name, ?) > 0 OR instr(description, ?) > 0) ORDER BY t DESC, id DESC LIMIT 500");
    for (let i = 0; i < 5; i++) { const t = performance.now(); stmt.all('qwertyuiop', 'qwertyuiop'); before.push(performance.now() - t); }
    row('Before: table scan for an absent word (ms)', fmt(median(before), 1));
    const fts = tableBytes(join(e.dir, 'watchdesk.db'));
    const ftsBytes = [...fts].filter(([n]) => n.startsWith('events_fts')).reduce((a, [, b]) => a + b, 0);
    row('FTS index size per event (bytes)', fmt(ftsBytes / e.events));
    const gramBytes = [...fts].filter(([n]) => n.startsWith('event_gram')).reduce((a, [, b]) => a + b, 0);
    row('Gram index (one or two characters) size per event (bytes)', fmt(gramBytes / e.events));
  } finally {
    raw.close();
    store.close();
  }
}

/** `/health` while charts load: 10 30-day chart requests at once, against a real `serve` on a copy of the history. */
async function healthUnderCharts(): Promise<void> {
  const h = historyDb(log);
  const dir = mkdtempSync(join(tmpdir(), 'watchdesk-bench-health-'));
  copyFileSync(join(h.dir, 'watchdesk.db'), join(dir, 'watchdesk.db'));
  const serve = await startServe(['--no-demo', '--admin-password', 'bench-password'], dir);
  try {
    const call = async (path: string, token: string | null, method = 'GET', body?: unknown): Promise<any> => { // eslint-disable-line @typescript-eslint/no-explicit-any
      const res = await fetch(`${serve.url}api/v1${path}`, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
      return res.json();
    };
    const { token } = await call('/sessions', null, 'POST', { username: 'admin', password: 'bench-password' });
    // Devices 1–10 are the history's devices: the copy has their samples but not their configuration.
    for (let i = 1; i <= 10; i++) await call('/devices', token, 'POST', { name: `Bench ${i}`, deviceId: `Bench${i}`, typeId: 'halo', serverId: 1 });
    const from = h.end - 30 * 24 * HOUR;
    const chart = (device: number): Promise<unknown> => call(`/devices/${device}/series?point=Noise&from=${from}&to=${h.end}&maxPoints=1000`, token);
    const check = (await chart(2)) as { resolution: string; total: number };
    const alone: number[] = [];
    for (let i = 0; i < 20; i++) { const t = performance.now(); await chart(1 + (i % 10)); alone.push(performance.now() - t); }
    row('Over HTTP: 30-day chart, one at a time, median / p95 (ms)', `${fmt(median(alone), 1)} / ${fmt(percentile(alone, 95), 1)}`, '< 50');
    const health: number[] = [];
    const chartMs: number[] = [];
    for (let round = 0; round < 10; round++) {
      let done = false;
      const charts = Promise.all(Array.from({ length: 10 }, async (_, i) => { const t = performance.now(); await chart(1 + i); chartMs.push(performance.now() - t); })).then(() => { done = true; });
      while (!done) {
        const t = performance.now();
        await fetch(`${serve.url}api/v1/health`);
        health.push(performance.now() - t);
      }
      await charts;
    }
    row('Over HTTP: 30-day chart, 10 at once: resolution, samples behind it; request median / p99 (ms)', `${check.resolution}, ${fmt(check.total)}; ${fmt(median(chartMs), 1)} / ${fmt(percentile(chartMs, 99), 1)}`);
    row('Over HTTP: /health while 10 30-day charts load, p50 / p99 (ms)', `${fmt(median(health), 1)} / ${fmt(percentile(health, 99), 1)}`, '< 20 (p99)');
  } finally {
    await serve.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const only = process.env.STORAGE_PARTS?.split(',') ?? ['codecs', 'disk', 'queries', 'search', 'health'];
  if (only.includes('codecs')) codecs();
  if (only.includes('disk')) storage();
  if (only.includes('queries')) queries();
  if (only.includes('search')) search();
  if (only.includes('health')) await healthUnderCharts();
  process.stdout.write(`\nWatchdesk storage benchmark, Node ${process.version}\n\n| figure | measured | goal |\n|---|---:|---:|\n`);
  for (const [name, value, goal] of rows) process.stdout.write(`| ${name} | ${value} | ${goal} |\n`);
}

void main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
