import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

const RESOLUTION_MS = 10;

/** Event-loop delay since start, sampled every 10 ms: how long a frame or a request may wait behind other work. */
export class LoopDelay {
  private histogram: IntervalHistogram | null = null;

  start(): void {
    if (this.histogram) return;
    this.histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    this.histogram.enable();
  }

  stop(): void {
    this.histogram?.disable();
  }

  /** Milliseconds; null before start. */
  snapshot(): { p50Ms: number; p99Ms: number; maxMs: number } | null {
    const h = this.histogram;
    if (!h || h.count === 0) return null;
    // The histogram holds the time between two samples: the delay is what exceeds the sampling interval.
    const ms = (ns: number): number => Math.max(0, Math.round((ns / 1e6 - RESOLUTION_MS) * 100) / 100);
    return { p50Ms: ms(h.percentile(50)), p99Ms: ms(h.percentile(99)), maxMs: ms(h.max) };
  }
}
