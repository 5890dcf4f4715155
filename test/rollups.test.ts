import { describe, expect, it } from 'vitest';
import { MINUTE, rollUp } from '../electron/core/store/rollups.js';

describe('1-minute rollups of a block', () => {
  it('give one row per minute that has a value, sized by the minutes the frames span', () => {
    // Two points, 1 s heartbeat over 2.5 minutes starting mid-minute; point 1 misses a minute.
    const t0 = 1_700_000_010_000; // 30 s into its minute
    const n = 150;
    const times = Float64Array.from({ length: n }, (_, i) => t0 + i * 1000);
    const values = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) {
      values[i * 2] = (i % 7) / 10;
      values[i * 2 + 1] = Math.floor(times[i]! / MINUTE) === Math.floor(t0 / MINUTE) + 1 ? NaN : i;
    }
    const first = rollUp(times, values, 2, 0, 1);
    expect(Array.from(first.t)).toEqual([0, 1, 2].map((k) => (Math.floor(t0 / MINUTE) + k) * MINUTE));
    expect(Array.from(first.count)).toEqual([30, 60, 60]);
    const inMinute = (m: number): number[] => Array.from({ length: n }, (_, i) => i).filter((i) => Math.floor(times[i]! / MINUTE) === Math.floor(t0 / MINUTE) + m).map((i) => (i % 7) / 10);
    for (let m = 0; m < 3; m++) {
      const vs = inMinute(m);
      expect(first.min[m]).toBe(Math.min(...vs));
      expect(first.max[m]).toBe(Math.max(...vs));
      expect(first.sum[m]).toBeCloseTo(vs.reduce((a, b) => a + b, 0), 9);
      expect(first.last[m]).toBe(vs[vs.length - 1]);
    }
    const second = rollUp(times, values, 2, 1, 0);
    expect(Array.from(second.count)).toEqual([30, 60]);
    expect(Array.from(second.last)).toEqual([29, 149]);
  });

  it('handle a single frame and none', () => {
    expect(Array.from(rollUp(Float64Array.of(90_000), Float64Array.of(3.5), 1, 0, 1).sum)).toEqual([3.5]);
    expect(rollUp(new Float64Array(0), new Float64Array(0), 1, 0, 1).t.length).toBe(0);
  });
});
