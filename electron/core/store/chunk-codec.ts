import { ByteSink, ByteSource, decodeColumn, encodeColumn } from './column-codec.js';

/**
 * One chunk holds heartbeats of one device: n timestamps and an n × points matrix of float64
 * (NaN where a frame had no value). Writing a row per chunk, not per sample, is what lets
 * SQLite keep up with ~2 M values/s.
 *
 * Two formats, told apart by a 4-byte head:
 * - **raw** (version 0, what ingest writes every batch window): u32 n, u32 points, then the
 *   float64 times and values. Cheapest to write, 8 bytes a value.
 * - **packed** ("WDC" + version byte 1, what the compactor writes): varint n and points, then a
 *   directory of column byte lengths, then the times and each data point as a column encoded by
 *   column-codec.ts. One column decodes without touching the others.
 */
export interface Chunk {
  times: Float64Array;
  /** Row-major: frame i, point j at i * points + j. */
  values: Float64Array;
  points: number;
}

const HEADER = 8;
const MAGIC = [0x57, 0x44, 0x43] as const;
export const PACKED_VERSION = 1;

export function encodeChunk(times: readonly number[], values: readonly number[], points: number): Buffer {
  const n = times.length;
  const buf = Buffer.allocUnsafe(HEADER + 8 * n * (1 + points));
  buf.writeUInt32LE(n, 0);
  buf.writeUInt32LE(points, 4);
  const f = new Float64Array(buf.buffer, buf.byteOffset + HEADER, n * (1 + points));
  for (let i = 0; i < n; i++) f[i] = times[i]!;
  for (let i = 0; i < values.length; i++) f[n + i] = values[i]!;
  return buf;
}

/** A packed chunk's version byte, or 0 for a raw chunk. */
export function chunkVersion(blob: Uint8Array): number {
  // A raw chunk starting with these bytes would hold over a billion frames: it cannot exist.
  return blob.length >= 4 && blob[0] === MAGIC[0] && blob[1] === MAGIC[1] && blob[2] === MAGIC[2] ? blob[3]! : 0;
}

const body = new ByteSink();
const out = new ByteSink();

/**
 * Packs n frames (times, row-major values). `exponents`, when given, receives each data
 * point's decimal exponent (-1: stored as xor), which the rollups use to sum exactly.
 */
export function packChunk(times: ArrayLike<number>, values: ArrayLike<number>, points: number, exponents?: Int8Array): Buffer {
  const n = times.length;
  if (values.length !== n * points) throw new Error(`a chunk of ${n} frames × ${points} points needs ${n * points} values, not ${values.length}`);
  body.reset();
  out.reset();
  out.bytes(Uint8Array.from(MAGIC));
  out.byte(PACKED_VERSION);
  out.varint(n);
  out.varint(points);
  let start = 0;
  encodeColumn(body, times, 0, 1, n);
  out.varint(body.len - start);
  for (let j = 0; j < points; j++) {
    start = body.len;
    const e = encodeColumn(body, values, j, points, n);
    if (exponents) exponents[j] = e;
    out.varint(body.len - start);
  }
  out.bytes(body.buf.subarray(0, body.len));
  return Buffer.from(out.buf.subarray(0, out.len));
}

interface Packed { n: number; points: number; src: ByteSource; lengths: number[] }

/** Far above what ingest or the compactor write: a damaged head fails here, not in a huge allocation. */
const MAX_FRAMES = 1_000_000;
const MAX_POINTS = 10_000;

function checkShape(n: number, points: number): void {
  if (n > MAX_FRAMES || points > MAX_POINTS || n * points > 50_000_000) throw new Error(`chunk is damaged: ${n} frames × ${points} points`);
}

function openPacked(blob: Uint8Array): Packed {
  const version = blob[3]!;
  if (version !== PACKED_VERSION) throw new Error(`chunk format ${version} is newer than this build knows`);
  const src = new ByteSource(blob, 4, blob.length);
  const n = src.varint();
  const points = src.varint();
  checkShape(n, points);
  const lengths: number[] = [];
  for (let j = 0; j <= points; j++) lengths.push(src.varint());
  return { n, points, src, lengths };
}

export function decodeChunk(blob: Uint8Array): Chunk {
  if (chunkVersion(blob) !== 0) {
    const { n, points, src, lengths } = openPacked(blob);
    const times = new Float64Array(n);
    const values = new Float64Array(n * points);
    let at = src.pos;
    for (let j = 0; j <= points; j++) {
      const col = new ByteSource(blob, at, at + lengths[j]!);
      if (j === 0) decodeColumn(col, n, times, 0, 1);
      else decodeColumn(col, n, values, j - 1, points);
      at += lengths[j]!;
    }
    return { times, values, points };
  }
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  if (blob.length < HEADER) throw new Error('chunk is damaged: shorter than its head');
  const n = view.getUint32(0, true);
  const points = view.getUint32(4, true);
  if (blob.length !== HEADER + 8 * n * (1 + points)) throw new Error(`chunk is damaged: ${blob.length} bytes for ${n} frames × ${points} points`);
  // Copy into an aligned buffer: SQLite blobs are not guaranteed 8-byte aligned.
  const all = new Float64Array(n * (1 + points));
  new Uint8Array(all.buffer).set(blob.subarray(HEADER, HEADER + all.byteLength));
  return { times: all.subarray(0, n), values: all.subarray(n), points };
}

/** The times and one data point's values, without decoding the other points. */
export function decodeChunkColumn(blob: Uint8Array, col: number): { times: Float64Array; values: Float64Array } {
  if (chunkVersion(blob) === 0) {
    const { times, values, points } = decodeChunk(blob);
    const v = new Float64Array(times.length);
    for (let i = 0; i < v.length; i++) v[i] = values[i * points + col]!;
    return { times, values: v };
  }
  const { n, points, src, lengths } = openPacked(blob);
  if (col < 0 || col >= points) throw new Error(`chunk has no column ${col}`);
  const times = new Float64Array(n);
  const values = new Float64Array(n);
  decodeColumn(new ByteSource(blob, src.pos, src.pos + lengths[0]!), n, times, 0, 1);
  let at = src.pos;
  for (let j = 0; j <= col; j++) at += lengths[j]!;
  decodeColumn(new ByteSource(blob, at, at + lengths[col + 1]!), n, values, 0, 1);
  return { times, values };
}
