import type Database from 'better-sqlite3';
import { Turns } from './background.js';
import { decodeChunk, packChunk, type Chunk } from './chunk-codec.js';
import { LayoutNames } from './layout-names.js';
import { HOUR, RollupWriter, rollUp } from './rollups.js';

/**
 * Most frames and raw chunks folded in one step: the commit, which rewrites the pages the raw
 * chunks sat in, is most of a step's cost, so both bound a step to a few ms. Not smaller, nor
 * adapted to the step's time: smaller steps make smaller blocks, and a run with steps shrunk on a
 * loaded machine stored 1.36 bytes a value instead of 0.78, for no better p99.
 */
const MAX_FRAMES = 1024;
const MAX_CHUNKS = 120;
/** An hour is compacted once it is this long over: late frames of the hour are still in the batcher. */
const SETTLE_MS = 60_000;

export interface CompactorStats {
  /** Raw chunks folded into blocks since start. */
  chunks: number;
  /** Raw chunks that could not be decoded (damaged on disk): removed, or they would stop compaction for good. */
  unreadable: number;
  frames: number;
  blocks: number;
  /** Longest step, ms. */
  longestStepMs: number;
  lastError: string | null;
}

interface RawRow { id: number; layout: number; t_end: number; n: number; data: Buffer }

/**
 * Folds the one-window chunks ingest writes (one heartbeat each at a 1 s heartbeat) into packed
 * blocks of up to an hour of a device, and writes their 1-minute rollups in the same
 * transaction. Runs in steps off a timer, never in the ingest path: each step packs a bounded
 * number of chunks of one device-hour, and a slice stops taking steps after its budget.
 */
export class Compactor {
  readonly stats: CompactorStats = { chunks: 0, unreadable: 0, frames: 0, blocks: 0, longestStepMs: 0, lastError: null };
  private readonly layouts: LayoutNames;
  private readonly rollups: RollupWriter;
  private readonly stmt;
  // A full disk or a locked file: the chunks stay as they are until the next turn.
  private readonly turns = new Turns(() => this.step(), (error) => { this.stats.lastError = error; });

  constructor(private readonly db: Database.Database, private readonly now: () => number = Date.now) {
    this.layouts = new LayoutNames(db);
    this.rollups = new RollupWriter(db);
    this.stmt = {
      oldest: db.prepare('SELECT device, t_end FROM sample_chunks ORDER BY id LIMIT 1'),
      bucket: db.prepare('SELECT id, layout, t_end, n, data FROM sample_chunks WHERE device = ? AND t_end >= ? AND t_end < ? ORDER BY t_end, id'),
      remove: db.prepare('DELETE FROM sample_chunks WHERE id = ?'),
      insert: db.prepare('INSERT INTO sample_blocks (device, layout, t_start, t_end, n, data) VALUES (?, ?, ?, ?, ?, ?)'),
    };
  }


  /** Steps until the budget is spent or nothing is left; returns whether work remains. */
  slice(budgetMs: number): boolean {
    return this.turns.slice(budgetMs);
  }

  /** Packs up to MAX_FRAMES frames of the device-hour of the oldest raw chunk; false when none is due. */
  step(): boolean {
    const started = performance.now();
    const oldest = this.stmt.oldest.get() as { device: number; t_end: number } | undefined;
    if (!oldest) return false;
    const now = this.now();
    const cutoff = Math.floor((now - SETTLE_MS) / HOUR) * HOUR;
    // A chunk dated in the future (a device clock) would otherwise block everything behind it.
    if (oldest.t_end >= cutoff && oldest.t_end <= now + HOUR) return false;
    const hour = Math.floor(oldest.t_end / HOUR) * HOUR;
    const rows: RawRow[] = [];
    let frames = 0;
    for (const row of this.stmt.bucket.iterate(oldest.device, hour, hour + HOUR) as IterableIterator<RawRow>) {
      rows.push(row);
      frames += row.n;
      if (frames >= MAX_FRAMES || rows.length >= MAX_CHUNKS) break;
    }
    const byLayout = new Map<number, RawRow[]>();
    for (const r of rows) {
      const list = byLayout.get(r.layout) ?? [];
      list.push(r);
      byLayout.set(r.layout, list);
    }
    this.db.transaction(() => {
      for (const [layout, list] of byLayout) this.pack(oldest.device, layout, list);
      for (const r of rows) this.stmt.remove.run(r.id);
    }).immediate();
    this.stats.chunks += rows.length;
    this.stats.frames += frames;
    this.stats.longestStepMs = Math.max(this.stats.longestStepMs, performance.now() - started);
    return true;
  }

  private pack(device: number, layout: number, rows: RawRow[]): void {
    const chunks: Chunk[] = [];
    for (const r of rows) {
      try {
        const c = decodeChunk(r.data);
        if (chunks.length > 0 && c.points !== chunks[0]!.points) throw new Error(`layout ${layout} has ${chunks[0]!.points} points, the chunk ${c.points}`);
        chunks.push(c);
      } catch (err) {
        this.stats.unreadable++;
        this.stats.lastError = `raw chunk ${r.id} of device ${device} is unreadable and was removed: ${err instanceof Error ? err.message : String(err)}`;
      }
    }
    if (chunks.length === 0) return;
    const points = chunks[0]!.points;
    const n = chunks.reduce((a, c) => a + c.times.length, 0);
    let times = new Float64Array(n);
    let values = new Float64Array(n * points);
    let at = 0;
    for (const c of chunks) {
      times.set(c.times, at);
      values.set(c.values, at * points);
      at += c.times.length;
    }
    let sorted = true;
    for (let i = 1; i < n && sorted; i++) sorted = times[i]! >= times[i - 1]!;
    if (!sorted) {
      // A clock step back: frames are kept, in time order, as queries and rollups expect.
      const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => times[a]! - times[b]! || a - b);
      const t2 = new Float64Array(n);
      const v2 = new Float64Array(n * points);
      order.forEach((from, to) => { t2[to] = times[from]!; v2.set(values.subarray(from * points, (from + 1) * points), to * points); });
      times = t2;
      values = v2;
    }
    // One block never spans two clock hours: a query then bounds its scan by t_end as well.
    for (let from = 0; from < n;) {
      const hour = Math.floor(times[from]! / HOUR);
      let to = from + 1;
      while (to < n && Math.floor(times[to]! / HOUR) === hour) to++;
      this.block(device, layout, times.subarray(from, to), values.subarray(from * points, to * points), points);
      from = to;
    }
  }

  private block(device: number, layout: number, times: Float64Array, values: Float64Array, points: number): void {
    const exponents = new Int8Array(points);
    this.stmt.insert.run(device, layout, times[0], times[times.length - 1], times.length, packChunk(times, values, points, exponents));
    this.stats.blocks++;
    const names = this.layouts.get(layout);
    for (let j = 0; j < points; j++) {
      const minutes = rollUp(times, values, points, j, exponents[j]!);
      if (minutes.t.length > 0) this.rollups.add(device, names[j] ?? `#${j}`, minutes);
    }
  }

  /** In turns of at most 5 ms, back to back while behind (see Turns). */
  start(): void { this.turns.start(); }

  stop(): void { this.turns.stop(); }

  /** Puts turns off while ingest is busy (see Turns). */
  yieldWhile(busy: () => boolean): void { this.turns.yieldWhile(busy); }
}
