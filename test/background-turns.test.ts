import { describe, expect, it, vi } from 'vitest';
import { Turns } from '../electron/core/store/background.js';
import { until } from './support/app.js';

describe('background turns', () => {
  it('end a turn before a step would overrun its budget, and report an error instead of throwing', () => {
    let steps = 0;
    const slow = new Turns(() => { steps++; const t = performance.now(); while (performance.now() - t < 2); return true; }, () => undefined);
    // 2 ms steps in a 5 ms budget: a third would end past it (one alone, if the machine stretched the first two).
    expect(slow.slice(5)).toBe(true);
    expect([1, 2]).toContain(steps);
    const errors: string[] = [];
    const failing = new Turns(() => { throw new Error('database or disk is full'); }, (e) => errors.push(e));
    expect(failing.slice(5)).toBe(false);
    expect(errors).toEqual(['database or disk is full']);
  });

  it('give way while ingest is busy, but never for long', async () => {
    let busy = true;
    let steps = 0;
    const turns = new Turns(() => { steps++; return true; }, () => undefined, { idleMs: 1, busyMs: 1, budgetMs: 1 });
    turns.yieldWhile(() => busy);
    turns.start();
    try {
      // Under constant load a turn still comes after MAX_SKIPS skipped ones.
      await until('a turn despite the load', () => steps, (n) => n > 0);
      expect(turns.yielded).toBeGreaterThanOrEqual(12);
      const yielded = turns.yielded;
      busy = false;
      const before = steps;
      await until('turns back to back once quiet', () => steps, (n) => n > before + 20);
      expect(turns.yielded).toBeLessThanOrEqual(yielded + 12);
    } finally {
      turns.stop();
    }
  });
});

describe('background turns of uneven steps', () => {
  /** Steps that take the given times on a clock of the test's own, in turns of 5 ms; each turn's length. */
  const turnsOf = (durations: number[]): number[] => {
    let now = 0;
    let i = 0;
    const turns = new Turns(() => { now += durations[i++ % durations.length]!; return true; }, () => undefined, undefined, () => now);
    const lengths: number[] = [];
    for (let k = 0; k < 200; k++) {
      const start = now;
      turns.slice(5);
      lengths.push(now - start);
    }
    return lengths;
  };

  it('judge the next step by the recent ones, not only the last: cheap steps then a dear one do not overrun', () => {
    // The indexer's mix: merges and trigram steps of a few tenths of a ms, gram steps of 2 ms.
    // Judged by the last alone, a turn at 4.6 ms after a 0.2 ms step would take a 2 ms one: 6.6 ms.
    const lengths = turnsOf([...Array.from({ length: 23 }, () => 0.2), 2]);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(5);
    // Not one step a turn either: a turn still does most of its budget's work.
    expect(lengths.reduce((a, b) => a + b, 0) / lengths.length).toBeGreaterThan(3);
  });

  it('take one step a turn when every step is long, and always at least one', () => {
    expect(new Set(turnsOf([4]))).toEqual(new Set([4]));
    expect(new Set(turnsOf([7]))).toEqual(new Set([7]));
  });
});

describe('background turns that end early', () => {
  it('come sooner, keeping the share of the event loop a full turn and its pause give', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      let now = 0;
      let steps = 0;
      // 3 ms steps: the next would not fit the 5 ms budget, so every turn is one step, 3/5 of a full turn.
      const turns = new Turns(() => { now += 3; steps++; return true; }, () => undefined, { idleMs: 100, busyMs: 15, budgetMs: 5 }, () => now);
      turns.start();
      vi.advanceTimersByTime(100);
      expect(steps).toBe(1);
      // 3/5 of the 15 ms pause: 9 ms, not 15.
      vi.advanceTimersByTime(8);
      expect(steps).toBe(1);
      vi.advanceTimersByTime(1);
      expect(steps).toBe(2);
      turns.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
