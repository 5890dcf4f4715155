import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** Event-loop delay since start, sampled every 10 ms: how long a frame or a request may wait behind other work. */
export class LoopDelay {
  private histogram: IntervalHistogram | null = null;

  start(): void {
    if (this.histogram) return;
    this.histogram = monitorEventLoopDelay({ resolution: 10 });
    this.histogram.enable();
  }

  stop(): void {
    this.histogram?.disable();
  }

  /** Milliseconds; null before start. */
  snapshot(): { p50Ms: number; p99Ms: number; maxMs: number } | null {
    const h = this.histogram;
    if (!h || h.count === 0) return null;
    const ms = (ns: number): number => Math.round(ns / 1e4) / 100;
    return { p50Ms: ms(h.percentile(50)), p99Ms: ms(h.percentile(99)), maxMs: ms(h.max) };
  }
}
