import { setImmediate as nextTurn } from 'node:timers/promises';

/** The longest one slice of background work may hold the event loop. */
export const SLICE_MS = 5;
const MAX_STEP = 4096;

/**
 * One step of sliced work: does at most `limit` units (rows, pages) and says how many it did;
 * fewer than `limit` means it is done.
 */
export type Step = (limit: number) => number;

export interface SliceStats {
  units: number;
  slices: number;
  /** The longest a slice held the event loop. */
  maxSliceMs: number;
  /** Every slice's length, when asked for: wall time, and the CPU time this process spent in it. */
  durations?: number[];
  cpuDurations?: number[];
}

/**
 * Runs a step until it is done, in slices of at most SLICE_MS, yielding to the event loop
 * between slices. The step size adapts so that one step takes well under a millisecond: small enough
 * to stop inside the budget, large enough that the per-statement cost does not dominate.
 */
export async function runSliced(step: Step, stats: SliceStats = { units: 0, slices: 0, maxSliceMs: 0 }, shouldStop: () => boolean = () => false): Promise<SliceStats> {
  let limit = 32;
  let lastStepMs = 0;
  if (shouldStop()) return stats;
  for (;;) {
    const sliceStart = performance.now();
    const cpuStart = stats.cpuDurations ? process.cpuUsage() : null;
    let done = false;
    let first = true;
    // One step at least; another only if it should still end inside the slice.
    while (!done && (first || performance.now() - sliceStart + 2 * lastStepMs < SLICE_MS)) {
      first = false;
      const t0 = performance.now();
      const n = step(limit);
      lastStepMs = performance.now() - t0;
      stats.units += n;
      done = n < limit;
      if (lastStepMs > 1 && limit > 1) limit = Math.max(1, Math.floor(limit / 2));
      else if (lastStepMs < 0.3 && limit < MAX_STEP) limit *= 2;
    }
    stats.slices++;
    const ms = performance.now() - sliceStart;
    stats.maxSliceMs = Math.max(stats.maxSliceMs, ms);
    stats.durations?.push(ms);
    if (cpuStart) { const c = process.cpuUsage(cpuStart); stats.cpuDurations?.push((c.user + c.system) / 1000); }
    if (done || shouldStop()) return stats;
    await nextTurn();
  }
}
