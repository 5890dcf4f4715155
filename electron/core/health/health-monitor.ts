import type { IngestStats } from '../../../shared/domain.js';
import type { SiteConnectionView } from '../../../shared/site/views.js';
import type { SystemAlarms } from './system-alarms.js';
import { Periodic } from '../periodic.js';

export interface HealthOptions {
  everyMs: number;
  /** Devices were online, and no frame came for this long. */
  stallMs: number;
  /** The wall clock moved this much more (or less) than the monotonic clock between two checks. */
  clockJumpMs: number;
}

export const DEFAULT_HEALTH: HealthOptions = { everyMs: 10_000, stallMs: 5 * 60_000, clockJumpMs: 2 * 60_000 };

/** Looks at what the server can see of itself and raises (and clears) system alarms. */
export class HealthMonitor {
  private readonly periodic: Periodic;
  private lastFrames = -1;
  private lastFrameAt = performance.now();
  private onlineAtLastFrame = 0;
  private siteWasConnected = false;
  private wall = Date.now();
  private mono = performance.now();

  constructor(
    private readonly options: HealthOptions,
    private readonly alarms: SystemAlarms,
    private readonly sources: { stats(): IngestStats; site(): SiteConnectionView; siteCommunication(): boolean },
  ) {
    this.periodic = new Periodic(() => { this.check(); }, this.options.everyMs);
  }

  start(): void {
    this.periodic.start();
  }

  stop(): void {
    this.periodic.stop();
  }

  check(): void {
    const stats = this.sources.stats();
    for (const s of stats.servers) {
      if (s.error) this.alarms.raise('bind', `tcp-server:${s.id}`, `TCP server ${s.name}: ${s.error}`);
      else if (s.listening) this.alarms.clear('bind', `tcp-server:${s.id}`);
    }
    if (stats.collector.error) this.alarms.raise('bind', 'collector', `Generic-event collector: ${stats.collector.error}`);
    else this.alarms.clear('bind', 'collector');

    const site = this.sources.site();
    const talking = site.state === 'connected' && this.sources.siteCommunication();
    if (talking) {
      this.siteWasConnected = true;
      this.alarms.clear('site-lost', 'site');
    } else if (site.settings && (site.state !== 'connecting') && (site.state !== 'disconnected' || this.siteWasConnected)) {
      this.alarms.raise('site-lost', 'site', `Site ${site.settings.directoryServer || site.settings.driver}: ${site.error ?? (site.state === 'connected' ? 'no communication' : site.state)}`);
    }

    const now = performance.now();
    if (stats.frames !== this.lastFrames) {
      if (this.lastFrames >= 0) this.alarms.clear('ingest-stalled', 'ingest');
      this.lastFrames = stats.frames;
      this.lastFrameAt = now;
      this.onlineAtLastFrame = stats.devicesOnline;
    } else if (this.onlineAtLastFrame > 0 && now - this.lastFrameAt >= this.options.stallMs) {
      this.alarms.raise('ingest-stalled', 'ingest', `No frame for ${Math.round((now - this.lastFrameAt) / 60_000)} min from ${this.onlineAtLastFrame} device(s) that were online`);
    }

    const wall = Date.now();
    const drift = (wall - this.wall) - (now - this.mono);
    if (Math.abs(drift) > this.options.clockJumpMs) {
      this.alarms.pulse('clock-jump', 'clock', `System clock jumped ${drift > 0 ? 'forward' : 'back'} by ${Math.round(Math.abs(drift) / 1000)} s`, Math.round(drift / 1000));
    }
    this.wall = wall;
    this.mono = now;
  }
}
