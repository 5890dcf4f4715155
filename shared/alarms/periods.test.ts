import { describe, expect, it } from 'vitest';
import { alarmPeriods } from './periods.js';

const alarm = (id: number, state: string, activatedAt: number | null = null) => ({ id, name: `A${id}`, priority: 10, state, activatedAt });

describe('alarm periods for the chart', () => {
  it('opens on activation, stays open through acknowledgement, closes when the condition clears', () => {
    const history = [
      { alarm: 1, t: 100, state: 'unack' }, { alarm: 1, t: 150, state: 'ack' }, { alarm: 1, t: 200, state: 'normal' },
      { alarm: 1, t: 300, state: 'unack' }, { alarm: 1, t: 350, state: 'rtn-unack' }, { alarm: 1, t: 360, state: 'normal' },
    ];
    expect(alarmPeriods(history, [alarm(1, 'normal')], 0, 1000).map((p) => [p.from, p.to])).toEqual([[100, 200], [300, 350]]);
  });

  it('clips to the window, keeps a standing alarm open, and ignores other alarms’ steps', () => {
    const history = [{ alarm: 1, t: 100, state: 'unack' }, { alarm: 1, t: 400, state: 'normal' }, { alarm: 2, t: 500, state: 'unack' }, { alarm: 9, t: 600, state: 'unack' }];
    const periods = alarmPeriods(history, [alarm(1, 'normal'), alarm(2, 'unack', 500)], 200, 1000);
    expect(periods.map((p) => [p.alarm, p.from, p.to])).toEqual([[1, 200, 400], [2, 500, null]]);
  });

  it('counts an alarm standing since before its steps from its activation time', () => {
    const periods = alarmPeriods([{ alarm: 3, t: 700, state: 'ack' }], [alarm(3, 'ack', 50)], 100, 1000);
    expect(periods.map((p) => [p.from, p.to])).toEqual([[100, null]]);
    expect(alarmPeriods([], [alarm(4, 'unack', 5)], 100, 1000).map((p) => [p.from, p.to])).toEqual([[100, null]]);
  });

  it('leaves out periods wholly outside the window', () => {
    expect(alarmPeriods([{ alarm: 1, t: 10, state: 'unack' }, { alarm: 1, t: 20, state: 'normal' }], [alarm(1, 'normal')], 100, 200)).toEqual([]);
  });
});
