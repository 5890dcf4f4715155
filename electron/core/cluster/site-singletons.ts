import type { WatchdeskApp } from '../app.js';
import { PRIMARY } from '../site/site-connection.js';
import { SINGLETONS } from './cluster-node.js';

/**
 * What exactly one node of a site runs: each under its lease. The offline sweep is not one yet:
 * each node's registry sees only the frames it ingests, so each sweeps its own.
 */
export function siteSingletons(app: WatchdeskApp, demoOn: boolean): Array<{ name: string; start(): void; stop(): void }> {
  const log = (what: string) => (err: unknown): void => app.log(`${what}: ${err instanceof Error ? err.message : String(err)}`);
  return [
    { name: SINGLETONS.shelving, start: () => app.alarms.start(), stop: () => app.alarms.stop() },
    // Each node keeps its own data folder's retention; the site's (PostgreSQL's samples) runs on one.
    { name: SINGLETONS.retention, start: () => { app.retention.shared = (cutoff) => app.cluster!.store.pruneSamplesBefore(cutoff); }, stop: () => { app.retention.shared = null; } },
    // The demo drives its own simulated site on each node; a real one is connected by one node only.
    ...(demoOn ? [] : [{
      name: SINGLETONS.siteConnection(PRIMARY),
      start: () => { void app.site.connect().catch(log('the site connection could not start')); },
      stop: () => { void app.site.disconnect(null).catch(log('the site connection could not stop')); },
    }]),
  ];
}
