import type Database from 'better-sqlite3';
import { ByteSink, ByteSource, decodeColumn, encodeColumn } from './column-codec.js';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
const FORMAT = 1;

/**
 * One data point's 1-minute rollups, as columns sorted by minute. The sum, not the mean, is
 * kept: sums of decimals stay decimals (and pack small), and two rollups of one minute merge
 * exactly. `last` is the minute's latest value.
 */
export interface Minutes {
  /** Start of each minute (ms). */
  t: Float64Array;
  count: Float64Array;
  min: Float64Array;
  max: Float64Array;
  sum: Float64Array;
  last: Float64Array;
}

const FIELDS = ['count', 'min', 'max', 'sum', 'last'] as const;

export function emptyMinutes(m: number): Minutes {
  return { t: new Float64Array(m), count: new Float64Array(m), min: new Float64Array(m), max: new Float64Array(m), sum: new Float64Array(m), last: new Float64Array(m) };
}

export function sliceMinutes(x: Minutes, m: number): Minutes {
  return { t: x.t.subarray(0, m), count: x.count.subarray(0, m), min: x.min.subarray(0, m), max: x.max.subarray(0, m), sum: x.sum.subarray(0, m), last: x.last.subarray(0, m) };
}

/**
 * Rolls up column `col` of frames sorted by time. `exponent` ≥ 0 says every value is a decimal
 * with that many digits (from the packed chunk), so the sum is accumulated as an exact integer.
 */
export function rollUp(times: Float64Array, values: Float64Array, points: number, col: number, exponent: number): Minutes {
  const n = times.length;
  // Sized by the minutes the frames span, not by the frames: at a 1 s heartbeat 60 times smaller.
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < n; i++) { if (times[i]! < first) first = times[i]!; if (times[i]! > last) last = times[i]!; }
  const out = emptyMinutes(n === 0 ? 0 : Math.min(n, Math.floor(last / MINUTE) - Math.floor(first / MINUTE) + 1));
  const p = exponent >= 0 ? 10 ** exponent : 0;
  let m = -1;
  let minute = NaN;
  for (let i = 0; i < n; i++) {
    const v = values[i * points + col]!;
    if (v !== v) continue;
    const mt = Math.floor(times[i]! / MINUTE) * MINUTE;
    if (mt !== minute) {
      if (m >= 0 && p > 0) out.sum[m] = out.sum[m]! / p;
      minute = mt;
      m++;
      out.t[m] = mt; out.count[m] = 0; out.min[m] = v; out.max[m] = v; out.sum[m] = 0;
    }
    out.count[m]!++;
    if (v < out.min[m]!) out.min[m] = v;
    if (v > out.max[m]!) out.max[m] = v;
    out.sum[m]! += p > 0 ? Math.round(v * p) : v;
    out.last[m] = v;
  }
  if (m >= 0 && p > 0) out.sum[m] = out.sum[m]! / p;
  return sliceMinutes(out, m + 1);
}

/** Merges two sorted rollups; where both have a minute, `later`'s last value wins. */
export function mergeMinutes(a: Minutes, later: Minutes): Minutes {
  const out = emptyMinutes(a.t.length + later.t.length);
  let i = 0;
  let j = 0;
  let k = 0;
  const copy = (from: Minutes, at: number): void => {
    out.t[k] = from.t[at]!;
    for (const f of FIELDS) out[f][k] = from[f][at]!;
    k++;
  };
  while (i < a.t.length || j < later.t.length) {
    const ta = i < a.t.length ? a.t[i]! : Infinity;
    const tb = j < later.t.length ? later.t[j]! : Infinity;
    if (ta < tb) copy(a, i++);
    else if (tb < ta) copy(later, j++);
    else {
      copy(a, i++);
      const at = k - 1;
      out.count[at]! += later.count[j]!;
      out.min[at] = Math.min(out.min[at]!, later.min[j]!);
      out.max[at] = Math.max(out.max[at]!, later.max[j]!);
      out.sum[at]! += later.sum[j]!;
      out.last[at] = later.last[j]!;
      j++;
    }
  }
  return sliceMinutes(out, k);
}

const sink = new ByteSink();
/** At a heartbeat of a minute or slower each minute has one value: min, max and sum are the last. */
const SAME_AS_LAST = 0;
const OWN_COLUMN = 1;

function sameBits(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length * 2);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length * 2);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

export function encodeMinutes(x: Minutes, hour: number): Buffer {
  sink.reset();
  sink.byte(FORMAT);
  const m = x.t.length;
  sink.varint(m);
  const offsets = new Float64Array(m);
  for (let i = 0; i < m; i++) offsets[i] = (x.t[i]! - hour * HOUR) / MINUTE;
  encodeColumn(sink, offsets, 0, 1, m);
  encodeColumn(sink, x.count, 0, 1, m);
  encodeColumn(sink, x.last, 0, 1, m);
  for (const f of ['min', 'max', 'sum'] as const) {
    if (sameBits(x[f], x.last)) { sink.byte(SAME_AS_LAST); continue; }
    sink.byte(OWN_COLUMN);
    encodeColumn(sink, x[f], 0, 1, m);
  }
  return Buffer.from(sink.buf.subarray(0, sink.len));
}

export function decodeMinutes(blob: Uint8Array, hour: number): Minutes {
  const src = new ByteSource(blob, 0, blob.length);
  const format = src.byte();
  if (format !== FORMAT) throw new Error(`rollup format ${format} is newer than this build knows`);
  const m = src.varint();
  const x = emptyMinutes(m);
  decodeColumn(src, m, x.t, 0, 1);
  for (let i = 0; i < m; i++) x.t[i] = hour * HOUR + x.t[i]! * MINUTE;
  decodeColumn(src, m, x.count, 0, 1);
  decodeColumn(src, m, x.last, 0, 1);
  for (const f of ['min', 'max', 'sum'] as const) {
    if (src.byte() === SAME_AS_LAST) x[f].set(x.last);
    else decodeColumn(src, m, x[f], 0, 1);
  }
  return x;
}

/** Writes rollups into the `rollups` table, merging with what an hour already holds. */
export class RollupWriter {
  private readonly get;
  private readonly put;

  constructor(db: Database.Database) {
    this.get = db.prepare('SELECT data FROM rollups WHERE device = ? AND point = ? AND hour = ?').pluck();
    this.put = db.prepare(`INSERT INTO rollups (device, point, hour, count, min, max, sum, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (device, point, hour) DO UPDATE SET count = excluded.count, min = excluded.min, max = excluded.max, sum = excluded.sum, data = excluded.data`);
  }

  /** Call inside the transaction that stores the samples, so the two never disagree. */
  add(device: number, point: string, minutes: Minutes): void {
    let from = 0;
    while (from < minutes.t.length) {
      const hour = Math.floor(minutes.t[from]! / HOUR);
      let to = from;
      while (to < minutes.t.length && Math.floor(minutes.t[to]! / HOUR) === hour) to++;
      let part: Minutes = { t: minutes.t.subarray(from, to), count: minutes.count.subarray(from, to), min: minutes.min.subarray(from, to), max: minutes.max.subarray(from, to), sum: minutes.sum.subarray(from, to), last: minutes.last.subarray(from, to) };
      const stored = this.get.get(device, point, hour) as Buffer | undefined;
      if (stored) part = mergeMinutes(decodeMinutes(stored, hour), part);
      let count = 0;
      let sum = 0;
      let min = Infinity;
      let max = -Infinity;
      for (let i = 0; i < part.t.length; i++) {
        count += part.count[i]!;
        sum += part.sum[i]!;
        if (part.min[i]! < min) min = part.min[i]!;
        if (part.max[i]! > max) max = part.max[i]!;
      }
      this.put.run(device, point, hour, count, min, max, sum, encodeMinutes(part, hour));
      from = to;
    }
  }
}
