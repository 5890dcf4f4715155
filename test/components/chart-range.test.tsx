// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { CustomRange } from '../../renderer/src/features/charts/custom-range.js';
import { parseCustomRange, toLocalInput } from '../../renderer/src/features/charts/chart-window.js';
import { appendLive } from '../../renderer/src/features/charts/use-series.js';

afterEach(cleanup);

describe('custom chart ranges', () => {
  const now = new Date('2026-11-21T12:00:00').getTime();

  it('reads local date-times and refuses a range that is backwards, too long or in the future', () => {
    expect(parseCustomRange('2026-11-21T10:00', '2026-11-21T11:30:15', now)).toEqual({ from: new Date('2026-11-21T10:00').getTime(), to: new Date('2026-11-21T11:30:15').getTime() });
    expect(parseCustomRange('2026-11-21T11:00', '2026-11-21T10:00', now)).toEqual({ error: 'From must be before To' });
    expect(parseCustomRange('', '2026-11-21T10:00', now)).toEqual({ error: 'From: enter a date and time' });
    expect(parseCustomRange('2024-01-01T00:00', '2026-01-01T00:00', now)).toEqual({ error: 'At most 366 days at once' });
    expect(parseCustomRange('2026-11-22T00:00', '2026-11-23T00:00', now)).toEqual({ error: 'From is in the future' });
    expect(toLocalInput(new Date('2026-03-04T05:06:07').getTime())).toBe('2026-03-04T05:06:07');
  });

  it('names the problem and applies nothing until the range is right', () => {
    const onApply = vi.fn();
    render(<CustomRange initial={{ from: now - 3_600_000, to: now }} onApply={onApply} onCancel={() => undefined} />);
    fireEvent.change(screen.getByTestId('range-from'), { target: { value: '2026-11-21T12:30' } });
    fireEvent.change(screen.getByTestId('range-to'), { target: { value: '2026-11-21T12:00' } });
    fireEvent.click(screen.getByTestId('range-apply'));
    expect(screen.getByTestId('range-error').textContent).toBe('From must be before To');
    expect(onApply).not.toHaveBeenCalled();
    fireEvent.change(screen.getByTestId('range-from'), { target: { value: '2020-01-01T08:00' } });
    fireEvent.change(screen.getByTestId('range-to'), { target: { value: '2020-01-01T09:00' } });
    fireEvent.click(screen.getByTestId('range-apply'));
    expect(onApply).toHaveBeenCalledWith({ from: new Date('2020-01-01T08:00').getTime(), to: new Date('2020-01-01T09:00').getTime() });
  });
});

describe('the live tail', () => {
  const series = { point: 'Noise', unit: 'dB', from: 0, to: 30, total: 3, resolution: 'raw' as const, samples: [[10, 1], [20, 2], [30, 3]] as Array<[number, number]> };

  it('appends a newer value, drops what slid out of the window, and ignores a value it already has', () => {
    const next = appendLive(series, 40, 4, 15);
    expect(next.samples).toEqual([[20, 2], [30, 3], [40, 4]]);
    expect(next.total).toBe(4);
    expect(series.samples).toHaveLength(3);
    expect(appendLive(series, 30, 9, 0)).toBe(series);
  });

  it('keeps a rollup band aligned with its points', () => {
    const rolled = { ...series, resolution: '1m' as const, min: [0, 1, 2], max: [2, 3, 4] };
    const next = appendLive(rolled, 40, 4, 15);
    expect(next.samples).toEqual([[20, 2], [30, 3], [40, 4]]);
    expect([next.min, next.max]).toEqual([[1, 2, 4], [3, 4, 4]]);
  });
});
