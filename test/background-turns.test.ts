import { describe, expect, it } from 'vitest';
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
