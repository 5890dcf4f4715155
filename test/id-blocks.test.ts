import { describe, expect, it } from 'vitest';
import { IdBlocks } from '../electron/core/cluster/id-blocks.js';
import { until } from './support/app.js';

describe('ids taken ahead from a shared sequence', () => {
  it('hands ids out synchronously, fetches the next block at half, and says so when a burst outruns it', async () => {
    let next = 1;
    const asked: number[] = [];
    let hold: Promise<void> = Promise.resolve();
    const blocks = new IdBlocks(async (n) => { asked.push(n); await hold; return Array.from({ length: n }, () => next++); }, 10, () => undefined);
    await blocks.fill();
    expect([blocks.next(), blocks.next(), blocks.next(), blocks.next()]).toEqual([1, 2, 3, 4]);
    expect(asked).toEqual([10]);
    expect([blocks.next(), blocks.next()]).toEqual([5, 6]); // half used: the next block is on its way
    await until('the second block', () => blocks.left, (n) => n === 14);
    expect(asked).toEqual([10, 10]);
    // A burst faster than a round trip: a clear error, counted, never a duplicate.
    let release!: () => void;
    hold = new Promise((r) => { release = r; });
    const got = Array.from({ length: 14 }, () => blocks.next());
    expect(got).toEqual([7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    expect(asked).toEqual([10, 10, 10]);
    expect(() => blocks.next()).toThrow(/no ids left/);
    expect(blocks.exhausted).toBe(1);
    release();
    await until('the third block', () => blocks.left, (n) => n === 10);
    expect(blocks.next()).toBe(21);
  });
});
