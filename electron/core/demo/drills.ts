import type { DrillKind, DrillOutcome } from '../../../shared/api/routes-floods.js';
import { ApiError } from '../errors.js';
import { EVACUATION_SPREAD_MS } from '../site/simulated-site.js';
import type { SiteService } from '../site/site-service.js';
import type { Store } from '../store/store.js';
import type { DemoSite } from './demo-site.js';

/** How long a drill's camera network failure lasts before the link comes back by itself. */
export const NETWORK_DRILL_MS = 120_000;

/**
 * The Drill menu: scenarios on demand, for training and for the tests. Each goes through the
 * demo's real paths (the simulated site's driver updates, the HALOs' TCP strings), so the
 * console sees exactly what a real flood or incident would give it.
 */
export class Drills {
  private restore: NodeJS.Timeout | null = null;

  constructor(private readonly deps: { site: SiteService; demo: DemoSite; store: Store; networkMs?: number }) {}

  run(kind: DrillKind, actor: string, spreadS?: number): DrillOutcome {
    const started = this.start(kind, spreadS);
    const outcome = { kind, started, at: Date.now() };
    this.deps.store.audit({ actor, action: 'drill.start', target: `drill:${kind}`, after: outcome });
    return outcome;
  }

  private start(kind: DrillKind, spreadS = EVACUATION_SPREAD_MS / 1000): string {
    switch (kind) {
      case 'evacuation': {
        const doors = this.simulated().evacuate(spreadS * 1000);
        return `evacuation: ${doors.length} doors forced open over the next ${spreadS} s`;
      }
      case 'camera-network': {
        const sim = this.simulated();
        sim.setCommunication(false);
        if (this.restore) clearTimeout(this.restore);
        this.restore = setTimeout(() => { this.restore = null; sim.setCommunication(true); }, this.deps.networkMs ?? NETWORK_DRILL_MS);
        this.restore.unref();
        return `camera network failure: the site connection is lost for ${Math.round((this.deps.networkMs ?? NETWORK_DRILL_MS) / 1000)} s`;
      }
      case 'vape':
        return this.halo('Vape', 'Bath2F', 'vape in Bathroom 2F: HALO Vape with a PM2.5 rise');
      case 'gunshot':
        return this.halo('Gunshot', 'Gym', 'gunshot keyword on the Gymnasium HALO');
    }
  }

  private simulated() {
    const sim = this.deps.site.simulated;
    if (!this.deps.demo.running || !sim) throw new ApiError(409, 'refused', 'drills run on the demo site: switch the demo on first');
    return sim;
  }

  private halo(name: 'Vape' | 'Gunshot', device: string, what: string): string {
    if (!this.deps.demo.running) throw new ApiError(409, 'refused', 'drills run on the demo site: switch the demo on first');
    if (!this.deps.demo.trigger(name, device)) throw new ApiError(409, 'refused', `the ${device} HALO is busy with another incident or not connected; try again in a moment`);
    return what;
  }

  stop(): void {
    if (this.restore) clearTimeout(this.restore);
    this.restore = null;
  }
}
