import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { WatchdeskApp } from '../electron/core/app.js';
import { SqliteStore } from '../electron/core/store/sqlite-store.js';
import { HOUR, MINUTE } from '../electron/core/store/rollups.js';
import { SimulatedHalo } from '../shared/halo/simulated-sensor.js';
import { startApp, tempDir, until } from './support/app.js';

const POINTS = ['Noise', 'C', 'CO2cal', 'PM2.5', 'Gun', 'P-Hg'];

/** One heartbeat a second chunk each, as ingest writes a 1 s heartbeat: a HALO's readings, in layout order. */
function writeHeartbeats(store: SqliteStore, device: number, from: number, count: number, everyMs: number, seed = 1): void {
  const sim = new SimulatedHalo('Bath2F', seed);
  const chunks = [];
  for (let i = 0; i < count; i++) {
    const v = sim.sample();
    const values = POINTS.map((p) => (p === 'Gun' && i % 3 === 0 ? NaN : Number(v[p])));
    chunks.push({ device, points: POINTS, times: [from + i * everyMs + (i % 5)], values });
  }
  for (let i = 0; i < chunks.length; i += 500) store.writeBatch({ chunks: chunks.slice(i, i + 500), events: [], latest: [] });
}

function compactAll(store: SqliteStore): void {
  for (let turns = 0; store.compactor.slice(5); turns++) if (turns > 10_000) throw new Error('compaction does not finish');
}

const dirs: string[] = [];
const stores: SqliteStore[] = [];
let app: WatchdeskApp | null = null;
afterEach(async () => {
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  await app?.stop();
  app = null;
});

function open(dir = tempDir()): SqliteStore {
  if (!dirs.includes(dir)) dirs.push(dir);
  const s = new SqliteStore(dir);
  stores.push(s);
  return s;
}

const count = (s: SqliteStore, table: string): number => (s as unknown as { db: { prepare(q: string): { get(): { n: number } } } }).db.prepare(`SELECT count(*) AS n FROM ${table}`).get().n;

describe('compacted history', () => {
  it('packs one-heartbeat chunks into blocks that read back the same values, bit for bit, across a restart', () => {
    const dir = tempDir();
    const store = open(dir);
    const start = Math.floor(Date.now() / HOUR) * HOUR - 4 * HOUR;
    writeHeartbeats(store, 1, start, 3 * 3600, 1000);
    const before = POINTS.map((p) => store.seriesColumns(1, p, 0, Date.now()));
    expect(before[0]!.times.length).toBe(3 * 3600);
    const { size: rawBytes } = (store as unknown as { db: { prepare(q: string): { get(): { size: number } } } }).db.prepare('SELECT sum(length(data)) AS size FROM sample_chunks').get();
    compactAll(store);
    expect(count(store, 'sample_chunks')).toBe(0);
    expect(count(store, 'sample_blocks')).toBeGreaterThanOrEqual(3);
    store.close();
    const again = open(dir);
    POINTS.forEach((p, j) => {
      const after = again.seriesColumns(1, p, 0, Date.now());
      expect(Buffer.from(after.times.buffer, after.times.byteOffset, after.times.byteLength).equals(Buffer.from(before[j]!.times.buffer, before[j]!.times.byteOffset, before[j]!.times.byteLength))).toBe(true);
      expect(Buffer.from(after.values.buffer, after.values.byteOffset, after.values.byteLength).equals(Buffer.from(before[j]!.values.buffer, before[j]!.values.byteOffset, before[j]!.values.byteLength))).toBe(true);
    });
    const { size } = (again as unknown as { db: { prepare(q: string): { get(): { size: number } } } }).db.prepare('SELECT sum(length(data)) AS size FROM sample_blocks').get();
    expect(size / (3 * 3600 * POINTS.length)).toBeLessThan(2);
    expect(size).toBeLessThan(rawBytes / 4);
  });

  it('upgrades a data folder from before packing: old raw chunks compact, old events become searchable', () => {
    const dir = tempDir();
    const store = open(dir);
    const start = Math.floor(Date.now() / HOUR) * HOUR - 3 * HOUR;
    writeHeartbeats(store, 1, start, 360, 10_000);
    store.writeBatch({ chunks: [], events: [{ id: store.nextEventId(), t: start, origin: 'tcp', deviceId: 1, name: 'Vape', kind: 'instant', source: 'PM2.5', caption: 'Vape', description: 'Bathroom 2F', args: {}, metadata: null, pairId: null }], latest: [] });
    const before = store.seriesColumns(1, 'Noise', 0, Date.now());
    store.close();
    // What schema 7 had: no blocks, no rollups, no event index.
    const raw = new Database(join(dir, 'watchdesk.db'));
    raw.exec("DROP TABLE sample_blocks; DROP TABLE rollups; DROP TRIGGER events_fts_delete; DROP TRIGGER events_fts_update; DROP TABLE events_fts; DELETE FROM settings WHERE key = 'eventsIndexed'; PRAGMA user_version = 7;");
    raw.close();
    const upgraded = open(dir);
    expect(upgraded.events({ text: 'throom', limit: 10 })).toHaveLength(1);
    while (upgraded.textSearch.slice(5));
    expect(upgraded.textSearch.indexedUpTo).toBe(1);
    expect(upgraded.events({ text: 'throom', limit: 10 })).toHaveLength(1);
    compactAll(upgraded);
    expect(count(upgraded, 'sample_chunks')).toBe(0);
    expect(Array.from(upgraded.seriesColumns(1, 'Noise', 0, Date.now()).values)).toEqual(Array.from(before.values));
    expect(upgraded.series.minutes(1, 'Noise', start, start + HOUR).t.length).toBe(60);
  });

  it('counts and removes a damaged raw chunk instead of stopping compaction for good, and charts the rest', () => {
    const dir = tempDir();
    const store = open(dir);
    const start = Math.floor(Date.now() / HOUR) * HOUR - 3 * HOUR;
    // The oldest chunk: a head that claims 2^31 frames, then a second damaged one of the wrong length.
    const raw = new Database(join(dir, 'watchdesk.db'));
    const layout = Number(raw.prepare('INSERT INTO layouts (points) VALUES (?)').run(JSON.stringify(POINTS)).lastInsertRowid);
    const bad = Buffer.alloc(64, 0);
    bad.writeUInt32LE(2 ** 31, 0);
    raw.prepare('INSERT INTO sample_chunks (device, layout, t_start, t_end, n, data) VALUES (1, ?, ?, ?, 1, ?)').run(layout, start, start, bad);
    raw.prepare('INSERT INTO sample_chunks (device, layout, t_start, t_end, n, data) VALUES (1, ?, ?, ?, 1, ?)').run(layout, start + 5, start + 5, Buffer.from('not a chunk'));
    raw.close();
    store.close();
    const again = open(dir);
    writeHeartbeats(again, 1, start + 1000, 100, 10_000);
    expect(again.seriesColumns(1, 'Noise', 0, Date.now()).times.length).toBe(100);
    expect(again.series.unreadable).toBe(2);
    compactAll(again);
    expect(count(again, 'sample_chunks')).toBe(0);
    expect(again.compactor.stats.unreadable).toBe(2);
    expect(again.compactor.stats.lastError).toMatch(/unreadable and was removed/);
    expect(again.seriesColumns(1, 'Noise', 0, Date.now()).times.length).toBe(100);
  });

  it('rolls up every minute (count, min, max, mean, last) and answers a long range from the rollups', () => {
    const store = open();
    const start = Math.floor(Date.now() / HOUR) * HOUR - 30 * HOUR;
    writeHeartbeats(store, 1, start, 24 * 360, 10_000);
    const raw = store.seriesColumns(1, 'Noise', 0, Date.now());
    compactAll(store);
    const minutes = store.series.minutes(1, 'Noise', start, start + 24 * HOUR);
    expect(minutes.t.length).toBe(24 * 60);
    for (const k of [0, 17, 1439]) {
      const t0 = start + k * MINUTE;
      const inMinute = Array.from(raw.values).filter((_, i) => raw.times[i]! >= t0 && raw.times[i]! < t0 + MINUTE);
      expect(minutes.count[k]).toBe(inMinute.length);
      expect(minutes.min[k]).toBe(Math.min(...inMinute));
      expect(minutes.max[k]).toBe(Math.max(...inMinute));
      expect(minutes.sum[k]! / minutes.count[k]!).toBeCloseTo(inMinute.reduce((a, b) => a + b, 0) / inMinute.length, 9);
      expect(minutes.last[k]).toBe(inMinute[inMinute.length - 1]);
    }
    // 8,640 samples: few enough to read them all and keep their peaks.
    const cheap = store.series.query(1, 'Noise', start, start + 24 * HOUR, 200);
    expect(cheap).toMatchObject({ resolution: 'raw', total: 24 * 360 });
    expect(Math.max(...cheap.samples.map(([, v]) => v))).toBe(Math.max(...Array.from(raw.values).slice(0, 24 * 360)));
    store.series.rawBudget = 1000;
    const day = store.series.query(1, 'Noise', start, start + 24 * HOUR, 200);
    expect(day.resolution).toBe('1m');
    expect(day.total).toBe(24 * 360);
    expect(day.samples.length).toBeLessThanOrEqual(200);
    expect(day.min!.length).toBe(day.samples.length);
    day.samples.forEach(([, mean], i) => { expect(day.min![i]!).toBeLessThanOrEqual(mean); expect(day.max![i]!).toBeGreaterThanOrEqual(mean); });
    // A chart point of hours reads the hourly totals, and the partial hours at the ends from the minutes.
    const from = start + 25 * MINUTE + 7;
    const to = start + 23 * HOUR + 10 * MINUTE;
    const hours = store.series.query(1, 'Noise', from, to, 10);
    expect(hours.resolution).toBe('1h');
    const inRange = Array.from(raw.values).filter((_, i) => raw.times[i]! >= Math.floor(from / MINUTE) * MINUTE && raw.times[i]! < to - (to % MINUTE) + MINUTE);
    expect(hours.total).toBe(inRange.length);
    expect(Math.min(...hours.min!)).toBe(Math.min(...inRange));
    expect(Math.max(...hours.max!)).toBe(Math.max(...inRange));
    hours.samples.forEach(([, mean], i) => { expect(mean).toBeGreaterThanOrEqual(hours.min![i]!); expect(mean).toBeLessThanOrEqual(hours.max![i]!); });
    const hour = store.series.query(1, 'Noise', start, start + HOUR - 1, 1000);
    expect(hour.resolution).toBe('raw');
    expect(hour.total).toBe(360);
    expect(hour.min).toBeUndefined();
  });

  it('rolls up chunks not yet compacted on the fly, and merges a late chunk into its hour', () => {
    const store = open();
    const start = Math.floor(Date.now() / HOUR) * HOUR - 5 * HOUR;
    writeHeartbeats(store, 1, start, 360, 10_000);
    const fresh = store.series.minutes(1, 'CO2cal', start, start + HOUR);
    compactAll(store);
    const packed = store.series.minutes(1, 'CO2cal', start, start + HOUR);
    expect(Array.from(packed.sum)).toEqual(Array.from(fresh.sum));
    expect(Array.from(packed.count)).toEqual(Array.from(fresh.count));
    // A frame of the same minute arriving late: its own chunk, compacted later, merged into the rollup.
    store.writeBatch({ chunks: [{ device: 1, points: POINTS, times: [start + 30], values: [99, 20, 400, 1, 0, 30] }], events: [], latest: [] });
    compactAll(store);
    const merged = store.series.minutes(1, 'Noise', start, start + MINUTE - 1);
    expect(merged.count[0]).toBe(fresh.count[0]! + 1);
    expect(merged.max[0]).toBe(99);
    expect(merged.last[0]).toBe(99);
  });

  it('serves the series route with the resolution it used and a min/max band for rollups', async () => {
    const started = await startApp();
    app = started.app;
    const created = await started.api.post('/devices', { name: 'Bathroom 2F', deviceId: 'Bath2F', typeId: 'halo', serverId: 1 });
    const id = created.body.id as number;
    const start = Math.floor(Date.now() / HOUR) * HOUR - 50 * HOUR;
    writeHeartbeats(app.store, id, start, 48 * 60, 60_000);
    // The running app compacts on its own, in background turns.
    await until('compacted by the app', () => count(app!.store, 'sample_chunks'), (n) => n === 0);
    app.store.series.rawBudget = 1000;
    const long = await started.api.get(`/devices/${id}/series?point=Noise&from=${start}&to=${start + 48 * HOUR}&maxPoints=500`);
    expect(long.status).toBe(200);
    // Answered by the series worker on its own connection, not in the main thread.
    expect(app.series.fallback).toBeNull();
    expect(long.body).toMatchObject({ point: 'Noise', resolution: '1m', total: 48 * 60 });
    expect(long.body.min).toHaveLength(long.body.samples.length);
    const short = await started.api.get(`/devices/${id}/series?point=Noise&from=${start}&to=${start + HOUR - 1}`);
    expect(short.body).toMatchObject({ resolution: 'raw', total: 60 });
    // "Since 1970" over two days of history reads at the resolution two days need.
    const all = await started.api.get(`/devices/${id}/series?point=Noise&from=0&maxPoints=5000`);
    expect(all.body).toMatchObject({ resolution: 'raw', total: 48 * 60 });
    expect((await started.api.request('DELETE', `/devices/${id}`)).status).toBeLessThan(300);
    // A device's history goes in background slices, blocks and rollups with it.
    await until('the deleted device purged', () => count(app!.store, 'rollups') + count(app!.store, 'sample_blocks') + count(app!.store, 'sample_chunks'), (n) => n === 0, 30_000);
  });
});
