import type Database from 'better-sqlite3';
import { lttbColumns, type Columns, type Sample } from '../../../shared/lttb.js';
import { columnsFromChunks } from './chunk-columns.js';
import { decodeChunkColumn } from './chunk-codec.js';
import { LayoutNames } from './layout-names.js';
import { HOUR, MINUTE, decodeMinutes, emptyMinutes, mergeMinutes, rollUp, sliceMinutes, type Minutes } from './rollups.js';

const ROW_CAP = 5000;

/** Raw samples, 1-minute rollups, or the rollups' hourly totals (when a chart point spans hours). */
export type { SeriesResolution as Resolution, SeriesData as SeriesResult } from '../../../shared/api/views.js';
import type { SeriesResolution as Resolution, SeriesData as SeriesResult } from '../../../shared/api/views.js';

/**
 * Reads a data point's history: raw samples from the packed blocks and the not yet compacted
 * chunks, or 1-minute rollups when one chart point covers a minute or more. A chart's cost then
 * follows its pixel width, not the history's length: a year is 8,760 small rollup rows.
 */
export class SeriesReader {
  /**
   * Up to this many raw samples, a chart reads them all and LTTB keeps their peaks: cheaper than
   * the 30-day figures below, and a spike stays a spike even where the chart draws no band.
   */
  rawBudget = 100_000;
  /** Rows skipped because they could not be decoded (damaged on disk): a chart shows the rest. */
  unreadable = 0;
  private readonly layouts: LayoutNames;
  private readonly stmt;

  constructor(db: Database.Database) {
    this.layouts = new LayoutNames(db);
    this.stmt = {
      // A block lies within one clock hour, so t_end < to + 1 h bounds the scan at both ends.
      blocks: db.prepare('SELECT layout, data FROM sample_blocks WHERE device = ? AND t_end >= ? AND t_end < ? AND t_start <= ? ORDER BY t_end'),
      chunks: db.prepare('SELECT layout, data FROM sample_chunks WHERE device = ? AND t_end >= ? AND t_start <= ? ORDER BY t_end'),
      rollups: db.prepare('SELECT hour, data FROM rollups WHERE device = ? AND point = ? AND hour >= ? AND hour <= ? ORDER BY hour'),
      hours: db.prepare('SELECT hour, count, min, max, sum FROM rollups WHERE device = ? AND point = ? AND hour >= ? AND hour <= ? ORDER BY hour'),
      // Each a single index probe: the extent of what is stored, whatever its length.
      firstHour: db.prepare('SELECT MIN(hour) AS v FROM rollups WHERE device = ? AND point = ?').pluck(),
      lastHour: db.prepare('SELECT MAX(hour) AS v FROM rollups WHERE device = ? AND point = ?').pluck(),
      firstChunk: db.prepare('SELECT MIN(t_end) AS v FROM sample_chunks WHERE device = ?').pluck(),
      lastChunk: db.prepare('SELECT MAX(t_end) AS v FROM sample_chunks WHERE device = ?').pluck(),
      // Frames in the range, from the rows alone (no blob), counting at most ROW_CAP rows a table.
      blockFrames: db.prepare(`SELECT count(*) AS rows, coalesce(sum(n), 0) AS frames FROM (SELECT n FROM sample_blocks WHERE device = ? AND t_end >= ? AND t_end < ? AND t_start <= ? LIMIT ${ROW_CAP})`),
      chunkFrames: db.prepare(`SELECT count(*) AS rows, coalesce(sum(n), 0) AS frames FROM (SELECT n FROM sample_chunks WHERE device = ? AND t_end >= ? AND t_start <= ? LIMIT ${ROW_CAP})`),
    };
  }

  /**
   * Chooses the resolution by how much time one of `maxPoints` covers, counting only the part
   * of [from, to] that holds data: "since 1970" over a day of history is a day.
   */
  query(device: number, point: string, from: number, to: number, maxPoints: number): SeriesResult {
    const [first, last] = this.extent(device, point);
    const lo = Math.max(from, first);
    const hi = Math.min(to, last);
    const per = (hi - lo) / maxPoints;
    if (per < MINUTE || this.rawWithin(device, from, to, this.rawBudget)) {
      const raw = this.raw(device, point, from, to);
      // Raw samples past their retention are gone; the rollups may still have the range.
      if (raw.times.length > 0) return { resolution: 'raw', total: raw.times.length, samples: lttbColumns(raw, maxPoints) };
    }
    if (!(hi >= lo)) return { resolution: 'raw', total: 0, samples: [] };
    const width = Math.max(1, Math.ceil(per / MINUTE)) * MINUTE;
    if (width >= HOUR) return bucket(this.hours(device, point, lo, hi), Math.floor(lo / HOUR) * HOUR, Math.ceil(width / HOUR) * HOUR, '1h');
    return bucket(this.minutes(device, point, lo, hi), Math.floor(lo / MINUTE) * MINUTE, width, '1m');
  }

  /**
   * Hourly totals over [from, to]: the stored hour columns for whole hours (no decoding), the
   * minutes for the partial hours at the ends, and chunks not yet compacted rolled up here.
   */
  hours(device: number, point: string, from: number, to: number): Minutes {
    const firstWhole = Math.ceil(from / HOUR);
    const lastWhole = Math.floor((to + 1) / HOUR) - 1;
    const byHour = new Map<number, { count: number; min: number; max: number; sum: number }>();
    const fold = (hour: number, count: number, min: number, max: number, sum: number): void => {
      const h = byHour.get(hour);
      if (!h) { byHour.set(hour, { count, min, max, sum }); return; }
      h.count += count; h.sum += sum;
      if (min < h.min) h.min = min;
      if (max > h.max) h.max = max;
    };
    if (lastWhole >= firstWhole) {
      for (const r of this.stmt.hours.iterate(device, point, firstWhole, lastWhole) as IterableIterator<{ hour: number; count: number; min: number; max: number; sum: number }>) {
        fold(r.hour, r.count, r.min, r.max, r.sum);
      }
      const fresh = this.fresh(device, point, firstWhole * HOUR, (lastWhole + 1) * HOUR - 1);
      for (let i = 0; i < fresh.t.length; i++) fold(Math.floor(fresh.t[i]! / HOUR), fresh.count[i]!, fresh.min[i]!, fresh.max[i]!, fresh.sum[i]!);
    }
    const edges = lastWhole >= firstWhole
      ? [[from, firstWhole * HOUR - 1], [(lastWhole + 1) * HOUR, to]]
      : [[from, to]];
    for (const [a, b] of edges) {
      if (b! < a!) continue;
      const x = this.minutes(device, point, a!, b!);
      for (let i = 0; i < x.t.length; i++) fold(Math.floor(x.t[i]! / HOUR), x.count[i]!, x.min[i]!, x.max[i]!, x.sum[i]!);
    }
    const keys = [...byHour.keys()].sort((a, b) => a - b);
    const out = emptyMinutes(keys.length);
    keys.forEach((k, i) => {
      const h = byHour.get(k)!;
      out.t[i] = k * HOUR; out.count[i] = h.count; out.min[i] = h.min; out.max[i] = h.max; out.sum[i] = h.sum; out.last[i] = NaN;
    });
    return out;
  }

  /** Whether the range holds at most `budget` raw frames; reads row headers only, a bounded number of them. */
  private rawWithin(device: number, from: number, to: number, budget: number): boolean {
    const b = this.stmt.blockFrames.get(device, from, to + HOUR, to) as { rows: number; frames: number };
    if (b.rows >= ROW_CAP || b.frames > budget) return false;
    const c = this.stmt.chunkFrames.get(device, from, to) as { rows: number; frames: number };
    return c.rows < ROW_CAP && b.frames + c.frames <= budget;
  }

  private extent(device: number, point: string): [number, number] {
    const s = this.stmt;
    const firstHour = s.firstHour.get(device, point) as number | null;
    const lastHour = s.lastHour.get(device, point) as number | null;
    const firstChunk = s.firstChunk.get(device) as number | null;
    const lastChunk = s.lastChunk.get(device) as number | null;
    const first = Math.min(firstHour === null ? Infinity : firstHour * HOUR, firstChunk ?? Infinity);
    const last = Math.max(lastHour === null ? -Infinity : (lastHour + 1) * HOUR, lastChunk ?? -Infinity);
    return [first, last];
  }

  /** Every stored sample of the point in [from, to], oldest first. */
  raw(device: number, point: string, from: number, to: number): Columns {
    const rows = function* (this: SeriesReader): Generator<{ points: readonly string[]; data: Uint8Array }> {
      for (const row of this.stmt.blocks.iterate(device, from, to + HOUR, to) as IterableIterator<{ layout: number; data: Buffer }>) yield { points: this.layouts.get(row.layout), data: row.data };
      for (const row of this.stmt.chunks.iterate(device, from, to) as IterableIterator<{ layout: number; data: Buffer }>) yield { points: this.layouts.get(row.layout), data: row.data };
    };
    return columnsFromChunks(rows.call(this), point, from, to, () => { this.unreadable++; });
  }

  /** 1-minute rollups of the point for the minutes that overlap [from, to]. */
  minutes(device: number, point: string, from: number, to: number): Minutes {
    const parts: Minutes[] = [];
    let m = 0;
    const first = Math.floor(from / MINUTE) * MINUTE;
    for (const row of this.stmt.rollups.iterate(device, point, Math.floor(from / HOUR), Math.floor(to / HOUR)) as IterableIterator<{ hour: number; data: Buffer }>) {
      const x = this.decode(() => decodeMinutes(row.data, row.hour));
      if (!x) continue;
      let lo = 0;
      let hi = x.t.length;
      while (lo < hi && x.t[lo]! < first) lo++;
      while (hi > lo && x.t[hi - 1]! > to) hi--;
      if (hi > lo) { parts.push(sub(x, lo, hi)); m += hi - lo; }
    }
    const stored = concatMinutes(parts, m);
    const fresh = this.fresh(device, point, from, to);
    return fresh.t.length === 0 ? stored : mergeMinutes(stored, fresh);
  }

  private decode<T>(read: () => T): T | null {
    try {
      return read();
    } catch {
      this.unreadable++;
      return null;
    }
  }

  /** Chunks not yet compacted are not in the rollups: rolled up here, by the minutes overlapping [from, to]. */
  private fresh(device: number, point: string, from: number, to: number): Minutes {
    const first = Math.floor(from / MINUTE) * MINUTE;
    let fresh = emptyMinutes(0);
    for (const row of this.stmt.chunks.iterate(device, first, to) as IterableIterator<{ layout: number; data: Buffer }>) {
      const col = this.layouts.get(row.layout).indexOf(point);
      if (col < 0) continue;
      const decoded = this.decode(() => decodeChunkColumn(row.data, col));
      if (!decoded) continue;
      const minutes = rollUp(decoded.times, decoded.values, 1, 0, -1);
      let lo = 0;
      let hi = minutes.t.length;
      while (lo < hi && minutes.t[lo]! < first) lo++;
      while (hi > lo && minutes.t[hi - 1]! > to) hi--;
      fresh = mergeMinutes(fresh, sub(minutes, lo, hi));
    }
    return fresh;
  }
}

function sub(x: Minutes, lo: number, hi: number): Minutes {
  return { t: x.t.subarray(lo, hi), count: x.count.subarray(lo, hi), min: x.min.subarray(lo, hi), max: x.max.subarray(lo, hi), sum: x.sum.subarray(lo, hi), last: x.last.subarray(lo, hi) };
}

function concatMinutes(parts: Minutes[], m: number): Minutes {
  if (parts.length === 1) return parts[0]!;
  const out = emptyMinutes(m);
  let at = 0;
  for (const p of parts) {
    out.t.set(p.t, at); out.count.set(p.count, at); out.min.set(p.min, at); out.max.set(p.max, at); out.sum.set(p.sum, at); out.last.set(p.last, at);
    at += p.t.length;
  }
  return sliceMinutes(out, at);
}

/** Folds minutes (or hours) into buckets of `width` from `origin`: mean line, min/max band. */
function bucket(x: Minutes, origin: number, width: number, resolution: Resolution): SeriesResult {
  const samples: Sample[] = [];
  const min: number[] = [];
  const max: number[] = [];
  let total = 0;
  let i = 0;
  const m = x.t.length;
  while (i < m) {
    const key = Math.floor((x.t[i]! - origin) / width);
    const t = x.t[i]!;
    let count = 0;
    let sum = 0;
    let lo = Infinity;
    let hi = -Infinity;
    while (i < m && Math.floor((x.t[i]! - origin) / width) === key) {
      count += x.count[i]!;
      sum += x.sum[i]!;
      if (x.min[i]! < lo) lo = x.min[i]!;
      if (x.max[i]! > hi) hi = x.max[i]!;
      i++;
    }
    samples.push([t, sum / count]);
    min.push(lo);
    max.push(hi);
    total += count;
  }
  return { resolution, total, samples, min, max };
}
