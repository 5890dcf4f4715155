import { describe, expect, it } from 'vitest';
import { lttb, type Sample } from './lttb.js';
import { parseDecimal } from './number.js';

describe('LTTB downsampling', () => {
  const series: Sample[] = Array.from({ length: 10_000 }, (_, i) => [i * 1000, Math.sin(i / 300) * 10 + (i === 5000 ? 100 : 0)]);

  it('returns at most the threshold, keeps the ends and the spike', () => {
    const out = lttb(series, 500);
    expect(out).toHaveLength(500);
    expect(out[0]).toEqual(series[0]);
    expect(out[499]).toEqual(series[9999]);
    expect(out.some(([, v]) => v > 90)).toBe(true);
    for (let i = 1; i < out.length; i++) expect(out[i]![0]).toBeGreaterThan(out[i - 1]![0]);
  });

  it('returns short series unchanged', () => {
    expect(lttb(series.slice(0, 10), 500)).toEqual(series.slice(0, 10));
  });
});

describe('strict decimal values', () => {
  it.each([['48', 48], ['-3.5', -3.5], ['1e3', 1000], [' 7 ', 7], ['.5', 0.5], ['5.', 5]])('%s → %d', (raw, n) => expect(parseDecimal(raw)).toBe(n));
  it.each(['', ' ', 'n/a', '0x10', 'Infinity', '1,5', '1e', '--1', 'NaN'])('%j is not a number', (raw) => expect(parseDecimal(raw)).toBeNaN());
});
