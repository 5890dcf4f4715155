import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INCIDENT_NAMES, SimulatedHalo } from '../../shared/halo/simulated-sensor.js';
import { seededRandom } from '../../shared/random.js';
import { HOUR } from '../../electron/core/store/rollups.js';
import { SqliteStore } from '../../electron/core/store/sqlite-store.js';
import type { ChunkWrite, Store } from '../../electron/core/store/store.js';
import { HALO } from './load.js';

export const POINTS = HALO.pointNames;
const DAY = 24 * HOUR;

/** A HALO's heartbeats as ingest parses them, with an incident now and then. */
export class HaloFeed {
  private readonly sim: SimulatedHalo;
  private readonly rand: () => number;
  constructor(readonly device: number, seed: number) {
    this.sim = new SimulatedHalo(`Bench${device}`, seed);
    this.rand = seededRandom(seed * 7919);
  }

  /** `count` heartbeats from `t0`, every `everyMs` with a few ms of jitter; row-major values. */
  frames(t0: number, count: number, everyMs: number): { times: number[]; values: number[] } {
    const times: number[] = [];
    const values: number[] = [];
    for (let i = 0; i < count; i++) {
      const t = t0 + i * everyMs + Math.floor(this.rand() * 20);
      this.sim.endIncidentIfDue(t);
      if (this.rand() < everyMs / (2 * HOUR)) this.sim.startIncident(INCIDENT_NAMES[Math.floor(this.rand() * INCIDENT_NAMES.length)]!, t);
      const v = this.sim.sample();
      times.push(t);
      for (const p of POINTS) values.push(Number(v[p]));
    }
    return { times, values };
  }
}

/** Writes heartbeats as ingest does below one a batch window: one chunk per heartbeat. */
export function writeOnePerChunk(store: Store, feeds: HaloFeed[], t0: number, count: number, everyMs: number): void {
  const per = feeds.map((f) => f.frames(t0, count, everyMs));
  let batch: ChunkWrite[] = [];
  for (let i = 0; i < count; i++) {
    for (let d = 0; d < feeds.length; d++) {
      const { times, values } = per[d]!;
      batch.push({ device: feeds[d]!.device, points: POINTS, times: [times[i]!], values: values.slice(i * POINTS.length, (i + 1) * POINTS.length) });
    }
    if (batch.length >= 2000) { store.writeBatch({ chunks: batch, events: [], latest: [] }); batch = []; }
  }
  if (batch.length) store.writeBatch({ chunks: batch, events: [], latest: [] });
}

/**
 * Runs the compactor to the end, step by step; returns each step's wall time and CPU time (ms).
 * On a shared machine the wall time includes waiting for a core; the CPU time does not.
 */
export function compactAll(store: SqliteStore): { wall: number[]; cpu: number[] } {
  const wall: number[] = [];
  const cpu: number[] = [];
  // As in service, no step's commit runs a WAL checkpoint: the server's series worker does them
  // on its own connection; here one runs between steps, outside the timing.
  const auto = store.db.pragma('wal_autocheckpoint', { simple: true }) as number;
  store.db.pragma('wal_autocheckpoint = 0');
  try {
    for (let i = 1; ; i++) {
      const t = performance.now();
      const c = process.cpuUsage();
      if (!store.compactor.step()) return { wall, cpu };
      const used = process.cpuUsage(c);
      wall.push(performance.now() - t);
      cpu.push((used.user + used.system) / 1000);
      if (i % 50 === 0) store.db.pragma('wal_checkpoint(PASSIVE)');
    }
  } finally {
    store.db.pragma(`wal_autocheckpoint = ${auto}`);
  }
}

export interface HistoryDb { dir: string; end: number; heartbeats: number; yearDevice: number; monthDevices: number[] }

const CACHE = join(tmpdir(), 'watchdesk-bench-cache');

/**
 * One device with a year of 10 s heartbeats and nine with 30 days, written hour by hour across
 * the devices as a site would, then compacted: built once, kept in the OS temp folder.
 */
export function historyDb(log: (line: string) => void): HistoryDb {
  const dir = join(CACHE, 'history-v2');
  const meta = join(dir, 'meta.json');
  if (existsSync(meta)) return JSON.parse(readFileSync(meta, 'utf8')) as HistoryDb;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const store = new SqliteStore(dir);
  const end = Math.floor(Date.now() / DAY) * DAY - DAY;
  const feeds = Array.from({ length: 10 }, (_, i) => new HaloFeed(i + 1, i + 1));
  let heartbeats = 0;
  const started = performance.now();
  for (let h = end - 365 * DAY; h < end; h += HOUR) {
    const chunks: ChunkWrite[] = [];
    for (const f of feeds) {
      if (f.device !== 1 && h < end - 30 * DAY) continue;
      const { times, values } = f.frames(h, 360, 10_000);
      chunks.push({ device: f.device, points: POINTS, times, values });
      heartbeats += times.length;
    }
    store.writeBatch({ chunks, events: [], latest: [] });
    if ((h - end) % DAY === 0) {
      compactAll(store);
      if (((h - end) / DAY) % 30 === 0) log(`  history database: ${Math.round((end - h) / DAY)} days to go, ${heartbeats.toLocaleString('en-US')} heartbeats, ${Math.round((performance.now() - started) / 1000)} s`);
    }
  }
  compactAll(store);
  store.close();
  const db = new Database(join(dir, 'watchdesk.db'));
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const info: HistoryDb = { dir, end, heartbeats, yearDevice: 1, monthDevices: feeds.slice(1).map((f) => f.device) };
  writeFileSync(meta, JSON.stringify(info));
  return info;
}

const WORDS = ['north', 'south', 'stair', 'lobby', 'bathroom', 'gym', 'library', 'kitchen', 'lab', 'office', 'hall', 'entrance', 'garage', 'roof', 'annex'];
const NAMES = ['Vape', 'Smoking', 'THC', 'Aggression', 'Gunshot', 'Help', 'Tamper', 'Motion detected', 'Door forced open', 'Door held open', 'Camera offline'];

/** A million events of the shapes HALOs and generic integrations send; rare words planted at known places. */
export interface EventsDb { dir: string; events: number; insertPerS: number; indexPerS: number; turnP99: number }

export function eventsDb(log: (line: string) => void): EventsDb {
  // v5: with the gram index for one or two characters and merges in steps (schema 12).
  const dir = join(CACHE, 'events-v5');
  const meta = join(dir, 'meta.json');
  if (existsSync(meta)) return JSON.parse(readFileSync(meta, 'utf8')) as EventsDb;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const store = new SqliteStore(dir);
  const rand = seededRandom(42);
  const total = 1_000_000;
  const t0 = Date.now() - 365 * DAY;
  const started = performance.now();
  for (let i = 0; i < total; i += 10_000) {
    const events = [];
    for (let k = i; k < i + 10_000; k++) {
      const name = NAMES[Math.floor(rand() * NAMES.length)]!;
      const where = `${WORDS[Math.floor(rand() * WORDS.length)]} ${WORDS[Math.floor(rand() * WORDS.length)]} ${Math.floor(rand() * 400)}`;
      const description = k % 100_000 === 77 ? `${name} at ${where}, reported by zebracorn` : `${name} at ${where}`;
      events.push({ id: store.nextEventId(), t: t0 + k * 31_000, origin: 'http' as const, deviceId: 1 + (k % 200), name, kind: 'instant' as const, source: `Camera ${k % 500}`, caption: name, description, args: {}, metadata: null, pairId: null });
    }
    store.writeBatch({ chunks: [], events, latest: [] });
    if (i % 200_000 === 0) log(`  events database: ${i.toLocaleString('en-US')} events`);
  }
  const insertPerS = total / ((performance.now() - started) / 1000);
  // The background indexer, run to the end in its 5 ms turns.
  const indexing = performance.now();
  const turns: number[] = [];
  for (;;) {
    const t = performance.now();
    const more = store.textSearch.slice(5);
    turns.push(performance.now() - t);
    if (!more) break;
  }
  const indexPerS = total / ((performance.now() - indexing) / 1000);
  turns.sort((a, b) => a - b);
  const turnP99 = turns[Math.floor(turns.length * 0.99)] ?? 0;
  store.close();
  const info = { dir, events: total, insertPerS, indexPerS, turnP99 };
  writeFileSync(meta, JSON.stringify(info));
  return info;
}
