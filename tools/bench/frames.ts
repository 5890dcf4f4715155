import { median, percentile } from './stats.js';

export interface FrameStats {
  median: number;
  p95: number;
  fps: number;
  /** Share of frames over 20 ms: the ones an operator sees as a stutter. */
  longPercent: number;
}

export function frameStats(deltas: number[]): FrameStats {
  const med = median(deltas);
  return { median: med, p95: percentile(deltas, 95), fps: 1000 / med, longPercent: (100 * deltas.filter((d) => d > 20).length) / Math.max(1, deltas.length) };
}
