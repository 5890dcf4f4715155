import { describe, expect, it } from 'vitest';
import { chunkVersion, decodeChunk, decodeChunkColumn, encodeChunk, packChunk } from '../electron/core/store/chunk-codec.js';
import { seededRandom } from '../shared/random.js';

const bits = (a: Float64Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');

function randomBits(rand: () => number): number {
  const f = new Float64Array(1);
  const u = new Uint32Array(f.buffer);
  u[0] = Math.floor(rand() * 2 ** 32);
  u[1] = Math.floor(rand() * 2 ** 32);
  return f[0]!;
}

const EDGES = [NaN, Infinity, -Infinity, -0, 0, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, -Number.MIN_VALUE, 2 ** 49, -(2 ** 49), 2 ** 53 + 2, 1e-300, 0.1, 0.2, 0.30000000000000004, 1 / 3, 123456.789, 1e12, 20.5, 1013.2];

/** A column drawn from one of the shapes a real series or an adversary produces. */
function column(rand: () => number, n: number, shape: number): number[] {
  const out: number[] = [];
  let walk = Math.round(rand() * 1000) / 10;
  for (let i = 0; i < n; i++) {
    switch (shape) {
      case 0: out.push(7); break;
      case 1: walk += Math.round((rand() - 0.5) * 20) / 10; out.push(Number(walk.toFixed(1))); break;
      case 2: out.push(Math.round(rand() * 1e6) / 100); break;
      case 3: out.push(rand() < 0.3 ? NaN : Math.round(rand() * 50)); break;
      case 4: out.push(randomBits(rand)); break;
      case 5: out.push(EDGES[Math.floor(rand() * EDGES.length)]!); break;
      case 6: out.push(rand() * 1e-5); break;
      default: out.push((rand() - 0.5) * 2 ** (Math.floor(rand() * 200) - 100));
    }
  }
  return out;
}

describe('chunk codec', () => {
  it('round-trips random and edge values bit-exact, column by column and whole', () => {
    const rand = seededRandom(13);
    for (let round = 0; round < 300; round++) {
      const n = round < 10 ? round : 1 + Math.floor(rand() * 400);
      const points = 1 + Math.floor(rand() * 12);
      const times = Float64Array.from(column(rand, n, round % 3 === 0 ? 4 : 2).map((_, i) => (round % 5 === 0 ? randomBits(rand) : 1.7e12 + i * 10_000 + Math.floor(rand() * 40))));
      const cols = Array.from({ length: points }, () => column(rand, n, Math.floor(rand() * 8)));
      const values = new Float64Array(n * points);
      for (let i = 0; i < n; i++) for (let j = 0; j < points; j++) values[i * points + j] = cols[j]![i]!;
      const blob = packChunk(times, values, points);
      expect(chunkVersion(blob)).toBe(1);
      const back = decodeChunk(blob);
      expect(back.points).toBe(points);
      expect(bits(back.times)).toBe(bits(times));
      expect(bits(back.values)).toBe(bits(values));
      const j = Math.floor(rand() * points);
      const one = decodeChunkColumn(blob, j);
      expect(bits(one.values)).toBe(bits(Float64Array.from(cols[j]!)));
      expect(bits(one.times)).toBe(bits(times));
    }
  });

  it('keeps NaN payloads, -0 and signalling NaNs exactly', () => {
    const f = new Float64Array([0, -0, NaN, -NaN, 1, -1]);
    const u = new Uint32Array(f.buffer);
    u[4] = 1; u[5] = 0x7ff00000; // a signalling NaN with a payload
    u[6] = 0; u[7] = 0xfff80000;
    u[8] = 0xdeadbeef; u[9] = 0x7ff8dead;
    const blob = packChunk(new Float64Array([1, 2, 3, 4, 5, 6]), f, 1);
    expect(bits(decodeChunk(blob).values)).toBe(bits(f));
  });

  it('still reads chunks in the raw float64 format written before packing', () => {
    const blob = encodeChunk([1000, 2000], [1.5, NaN, -0, 4], 2);
    expect(chunkVersion(blob)).toBe(0);
    const c = decodeChunk(blob);
    expect(Array.from(c.times)).toEqual([1000, 2000]);
    expect(Object.is(c.values[2], -0)).toBe(true);
    expect(Array.from(decodeChunkColumn(blob, 1).values)).toEqual([NaN, 4]);
  });

  it('refuses a chunk from a newer format and a truncated one with a clear error', () => {
    const blob = packChunk([1, 2, 3], [1.5, 2.5, 3.5], 1);
    const newer = Buffer.from(blob);
    newer[3] = 9;
    expect(() => decodeChunk(newer)).toThrow(/newer/);
    expect(() => decodeChunk(blob.subarray(0, blob.length - 2))).toThrow(/truncated/);
  });

  it('stores HALO-like decimals in under two bytes a value', () => {
    const rand = seededRandom(7);
    const n = 360;
    const points = 6;
    const cols = [column(rand, n, 0), column(rand, n, 1), column(rand, n, 1), column(rand, n, 3), column(rand, n, 0), column(rand, n, 1)];
    const values = new Float64Array(n * points);
    for (let i = 0; i < n; i++) for (let j = 0; j < points; j++) values[i * points + j] = cols[j]![i]!;
    const blob = packChunk(Float64Array.from({ length: n }, (_, i) => 1.7e12 + i * 10_000 + (i % 7)), values, points);
    expect(blob.length / (n * points)).toBeLessThan(2);
  });
});
