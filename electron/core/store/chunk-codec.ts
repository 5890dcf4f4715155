/**
 * One chunk holds every heartbeat one device sent during one batch window: n timestamps and
 * an n × points matrix of float64 (NaN where a frame had no value). Writing a row per chunk,
 * not per sample, is what lets SQLite keep up with ~2 M values/s.
 */
export interface Chunk {
  times: Float64Array;
  /** Row-major: frame i, point j at i * points + j. */
  values: Float64Array;
  points: number;
}

const HEADER = 8;

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

export function decodeChunk(blob: Uint8Array): Chunk {
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const n = view.getUint32(0, true);
  const points = view.getUint32(4, true);
  // Copy into an aligned buffer: SQLite blobs are not guaranteed 8-byte aligned.
  const all = new Float64Array(n * (1 + points));
  new Uint8Array(all.buffer).set(blob.subarray(HEADER, HEADER + all.byteLength));
  return { times: all.subarray(0, n), values: all.subarray(n), points };
}
