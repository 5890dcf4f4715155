/** What `npm run bench:ui` reads: the last cluster recompute and the last roll-up of every map's alarms. */
export const CLUSTER_MEASURE = 'watchdesk:clusters';
export const ROLLUP_MEASURE = 'watchdesk:rollup';

/** Keeps one entry per name, replaced each time: the page's timeline never grows. */
export function timed(name: string, started: number): void {
  performance.clearMeasures(name);
  performance.measure(name, { start: started, end: performance.now() });
}
