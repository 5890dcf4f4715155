import { describe, expect, it } from 'vitest';
import { compareAlarms, filterAlarms, NO_FILTER, nextToAcknowledge, stableOrder } from '../../renderer/src/features/alarms/alarm-order.js';
import { alarm } from './fake-bridge.js';

describe('the alarm order', () => {
  it('is priority, then unacknowledged first, then oldest activation; acknowledging never reshuffles the rest', () => {
    const rows = [
      alarm(1, { priority: 40, state: 'ack', activatedAt: 100, lastChangeAt: 900 }),
      alarm(2, { priority: 40, state: 'unack', activatedAt: 300, lastChangeAt: 300 }),
      alarm(3, { priority: 40, state: 'unack', activatedAt: 200, lastChangeAt: 800 }),
      alarm(4, { priority: 10, state: 'latched', activatedAt: 500, lastChangeAt: 500 }),
    ];
    expect([...rows].sort(compareAlarms).map((a) => a.id)).toEqual([4, 3, 2, 1]);
  });

  it('keeps rows in place while the operator points at them; a new one joins at the end', () => {
    const before = [alarm(1, { priority: 40, activatedAt: 100 }), alarm(2, { priority: 40, activatedAt: 200 })];
    const order = stableOrder([], before, false).map((a) => a.id);
    expect(order).toEqual([1, 2]);
    const after = [alarm(1, { priority: 40, state: 'ack', activatedAt: 100 }), alarm(2, { priority: 40, activatedAt: 200 }), alarm(3, { priority: 5, activatedAt: 300 })];
    expect(stableOrder(order, after, true).map((a) => a.id)).toEqual([1, 2, 3]);
    expect(stableOrder(order, after, false).map((a) => a.id)).toEqual([3, 2, 1]);
  });

  it('A takes the oldest unacknowledged alarm this operator may acknowledge, and says which it skipped', () => {
    const rows = [
      alarm(1, { priority: 20, activatedAt: 100, investigatingBy: 'pete' }),
      alarm(2, { priority: 20, activatedAt: 300 }),
      alarm(3, { priority: 20, activatedAt: 200 }),
      alarm(4, { priority: 20, activatedAt: 50, state: 'ack' }),
      alarm(5, { priority: 20, activatedAt: 10, forwardedTo: 'olga' }),
    ];
    const { next, skipped } = nextToAcknowledge(rows, 'olga');
    expect(next?.id).toBe(5);
    expect(skipped).toEqual([]);
    const other = nextToAcknowledge(rows.filter((a) => a.id !== 5), 'olga');
    expect(other.next?.id).toBe(3);
    expect(other.skipped.map((a) => a.id)).toEqual([1]);
  });

  it('filters by priority band, area, state and mine', () => {
    const rows = [
      alarm(1, { priority: 5, investigatingBy: 'olga' }),
      alarm(2, { priority: 100, state: 'ack', acknowledgedBy: 'pete' }),
      alarm(3, { priority: 200, state: 'latched' }),
    ];
    const area = (a: { id: number }): string => (a.id === 3 ? 'Gym' : 'Library');
    const ids = (f: Partial<typeof NO_FILTER>): number[] => filterAlarms(rows, { ...NO_FILTER, ...f }, 'olga', area).map((a) => a.id);
    expect(ids({})).toEqual([1, 2, 3]);
    expect(ids({ band: 'critical' })).toEqual([1]);
    expect(ids({ area: 'Gym' })).toEqual([3]);
    expect(ids({ state: 'latched' })).toEqual([3]);
    expect(ids({ state: 'unack' })).toEqual([1]);
    expect(ids({ mine: true })).toEqual([1]);
  });
});
