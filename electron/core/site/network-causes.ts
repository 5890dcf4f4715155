import type { AlarmService } from '../alarms/alarm-service.js';
import type { SystemAlarms } from '../health/system-alarms.js';
import { DEFAULT_OFFLINE_CAUSES, networkCause, type OfflineCauseOptions } from '../health/offline-causes.js';
import { networkOf } from '../../../shared/net/ipv4.js';
import { assetAlarmId, type AlarmCause } from './site-alarms.js';

/** Cameras are grouped on IPv4 /24 networks, as HALOs are by default. */
export const CONNECTION_NETWORK_PREFIX = 24;

export interface ConnectionNetworkDeps {
  alarms: AlarmService;
  system: SystemAlarms;
  /** A connection's device address (an ONVIF camera's), or null (the first connection: the security system). */
  addressOf(connection: string): string | null;
  /** The assets a connection reports, for re-explaining their No Communication. */
  assetsOf(connection: string): Array<{ id: string; type: string }>;
  clock?: () => number;
}

/**
 * Connections to single devices (ONVIF cameras) lost together on one network: the network is
 * the fault. Three or more cameras on one /24 losing communication within a minute raise
 * "Network <cidr> unreachable", and their No Communication names it as their cause instead of
 * each camera's own connection. The first connection (the security system) keeps its own
 * cause: a lost site connection explains its assets before any network does.
 */
export class ConnectionNetworkCauses {
  private readonly lostAt = new Map<string, number>();
  private readonly clock: () => number;

  constructor(private readonly deps: ConnectionNetworkDeps, private readonly options: OfflineCauseOptions = DEFAULT_OFFLINE_CAUSES) {
    this.clock = deps.clock ?? Date.now;
  }

  private networkOf(connection: string): string | null {
    return networkOf(this.deps.addressOf(connection), CONNECTION_NETWORK_PREFIX);
  }

  /** The cause a connection's loss names: its network's when that is the fault, else its own. */
  explain = (connection: string, ok: boolean, own: AlarmCause): AlarmCause => {
    const cidr = this.networkOf(connection);
    if (ok) {
      this.lostAt.delete(connection);
      if (cidr) this.deps.system.clear('network-down', `network:${cidr}`);
      return own;
    }
    if (!cidr) return own;
    const now = this.clock();
    if (!this.lostAt.has(connection)) this.lostAt.set(connection, now);
    const together = [...this.lostAt].filter(([c, at]) => now - at <= this.options.windowMs && this.networkOf(c) === cidr);
    const standing = this.deps.alarms.isActive('system-network-down', `system:network:${cidr}`);
    if (!standing && together.length < this.options.minDevices) return own;
    const cause = networkCause(cidr);
    this.deps.system.raise('network-down', cause.id, cause.name);
    // The cameras lost before the third: their No Communication names the network now.
    for (const [c] of together) {
      if (c === connection) continue;
      for (const a of this.deps.assetsOf(c)) this.deps.alarms.explainBy(assetAlarmId(a.type, 'No Communication'), `asset:${a.id}`, cause);
    }
    return cause;
  };
}
