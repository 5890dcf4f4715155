import { describe, expect, it } from 'vitest';
import { presetRange, shiftStart } from '../../renderer/src/features/reports/ranges.js';

describe('report ranges', () => {
  it('knows the shift that holds a time: 06–14, 14–22, and 22–06 across midnight', () => {
    const at = (h: number, m = 0) => new Date(2026, 10, 29, h, m);
    expect(shiftStart(at(9, 30))).toEqual(at(6));
    expect(shiftStart(at(14))).toEqual(at(14));
    expect(shiftStart(at(23, 10))).toEqual(at(22));
    expect(shiftStart(at(3))).toEqual(new Date(2026, 10, 28, 22));
  });

  it('gives the last hour, this shift and today, each ending now', () => {
    const now = new Date(2026, 10, 29, 15, 20);
    expect(presetRange('last-hour', now)).toEqual({ from: new Date(2026, 10, 29, 14, 20), to: now });
    expect(presetRange('this-shift', now).from).toEqual(new Date(2026, 10, 29, 14));
    expect(presetRange('today', now).from).toEqual(new Date(2026, 10, 29, 0));
  });
});
