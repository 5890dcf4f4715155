import type { AlarmCause } from '../site/site-alarms.js';
import type { AlarmService } from '../alarms/alarm-service.js';
import type { DeviceRegistry, DeviceState } from '../devices.js';
import type { SystemAlarms } from './system-alarms.js';
import { networkOf } from '../../../shared/net/ipv4.js';

/** The built-in alarm for a HALO that stopped reporting: created on first need, an admin may tune it. */
export const DEVICE_OFFLINE = 'device-offline';
const DEFINITION = {
  id: DEVICE_OFFLINE, name: 'Device offline', priority: 100, category: 'device',
  procedure: 'The sensor sent nothing for longer than its offline time. Check its power and network; when many went silent together the alarm that leads the group names the fault.',
};

export interface OfflineCauseOptions {
  /** Devices silent together: this many or more … */
  minDevices: number;
  /** … within this window. */
  windowMs: number;
}
export const DEFAULT_OFFLINE_CAUSES: OfflineCauseOptions = { minDevices: 3, windowMs: 60_000 };

export interface ServerInfo {
  name: string;
  /** Its port cannot be opened, or it failed while listening: the bind alarm stands for it. */
  fault: boolean;
  /** Switched off by an admin: its HALOs' silence is expected, no fault alarm stands for it. */
  enabled: boolean;
  networkPrefix: number;
}

export interface OfflineCauseDeps {
  alarms: AlarmService;
  system: SystemAlarms;
  registry: DeviceRegistry;
  server(id: number): ServerInfo | null;
  /** The remote address a device last reported from. */
  addressOf(deviceId: number): string | null;
  clock?: () => number;
  log(message: string): void;
}

export const tcpServerCause = (id: number, name: string): AlarmCause => ({ id: `tcp-server:${id}`, name: `TCP server ${name}` });
export const networkCause = (cidr: string): AlarmCause => ({ id: `network:${cidr}`, name: `Network ${cidr} unreachable` });
const sourceId = (deviceId: number): string => `device:${deviceId}`;

/**
 * A Device offline alarm per HALO that stops reporting, explained by the fault most likely
 * behind it. Precedence, most general first: the TCP server's own fault (its port, its errors),
 * then the TCP server's devices all silent together ("No sensor data on <server>"), then their
 * network ("Network <cidr> unreachable": ≥ 3 on one IPv4 network within a minute), and else the
 * TCP server they report through, which leads no alarm of its own. A device's alarm follows when
 * a more general fault shows up after it was raised; it clears when the device reports again.
 */
export class OfflineCauses {
  /** When each device still offline went silent (as marked by the sweep). */
  private readonly offlineAt = new Map<number, number>();
  private readonly causes = new Map<number, AlarmCause>();
  private readonly pending: DeviceState[] = [];
  /**
   * Answers within one sweep's decision: every device it marked is known by then, so a server's
   * or a network's silence is the same for all of them. Without it 10,000 HALOs behind one failed
   * switch cost 10,000 × 10,000 checks.
   */
  private readonly decided = new Map<string, boolean>();
  private readonly clock: () => number;

  constructor(private readonly deps: OfflineCauseDeps, private readonly options: OfflineCauseOptions = DEFAULT_OFFLINE_CAUSES) {
    this.clock = deps.clock ?? Date.now;
  }

  onOnline(device: DeviceState, online: boolean): void {
    try {
      if (online) this.back(device);
      else {
        // Every device one sweep marks offline is known before any cause is decided: twelve HALOs
        // silent at once are the server's silence, not first a network's and then the server's.
        this.offlineAt.set(device.status.id, this.clock());
        this.pending.push(device);
        if (this.pending.length === 1) queueMicrotask(() => this.decide());
      }
    } catch (err) {
      this.failed(device, err);
    }
  }

  private failed(device: DeviceState, err: unknown): void {
    this.deps.log(`device offline alarm for ${device.status.name} could not be recorded: ${err instanceof Error ? err.message : String(err)}`);
  }

  private decide(): void {
    this.decided.clear();
    for (const device of this.pending.splice(0)) {
      if (device.status.online || !this.offlineAt.has(device.status.id)) continue;
      try {
        this.silent(device);
      } catch (err) {
        this.failed(device, err);
      }
    }
  }

  /** A deleted device: its alarm goes with it. */
  forgetDevice(id: number): void {
    this.offlineAt.delete(id);
    this.causes.delete(id);
    if (this.deps.alarms.hasDefinition(DEVICE_OFFLINE)) this.deps.alarms.clear(DEVICE_OFFLINE, sourceId(id), 'device deleted');
  }

  private networkOfDevice(id: number, serverId: number): string | null {
    return networkOf(this.deps.addressOf(id), this.deps.server(serverId)?.networkPrefix ?? 24);
  }

  private silent(device: DeviceState): void {
    const { id, name } = device.status;
    const now = this.offlineAt.get(id) ?? this.clock();
    if (!this.deps.alarms.hasDefinition(DEVICE_OFFLINE)) this.deps.alarms.saveDefinition(DEFINITION, 'system');
    const cause = this.causeFor(device, now);
    this.causes.set(id, cause);
    this.deps.alarms.activate(DEVICE_OFFLINE, { kind: 'device', id: sourceId(id), name, deviceId: id, cause }, null, null);
  }

  private causeFor(device: DeviceState, now: number): AlarmCause {
    const { id, serverId } = device.status;
    const server = this.deps.server(serverId);
    const serverCause = tcpServerCause(serverId, server?.name ?? String(serverId));
    if (!server || server.fault || !server.enabled) return serverCause;
    if (this.serverSilent(serverId, now)) {
      // Once a sweep: the devices silent before it follow the server's fault.
      this.once(`S${serverId}`, () => {
        this.deps.system.raise('ingest-stalled', serverCause.id, `No sensor data on ${server.name}`);
        this.reexplain((d) => d.status.serverId === serverId, serverCause);
        return true;
      });
      return serverCause;
    }
    const cidr = this.networkOfDevice(id, serverId);
    if (cidr && this.networkSilent(cidr, now)) {
      const cause = networkCause(cidr);
      this.once(`N${cidr}`, () => {
        this.deps.system.raise('network-down', cause.id, cause.name);
        // Only those the network is the best explanation for: not those behind a failed server.
        this.reexplain((d) => this.networkOfDevice(d.status.id, d.status.serverId) === cidr && this.causes.get(d.status.id)?.id.startsWith('tcp-server:') === true
          && !this.deps.server(d.status.serverId)?.fault && !this.deps.alarms.isActive('system-ingest-stalled', `system:tcp-server:${d.status.serverId}`), cause);
        return true;
      });
      return cause;
    }
    return serverCause;
  }

  /** Every device of the server that was online is silent, and enough of them went silent together (or the server's stall stands). */
  private serverSilent(serverId: number, now: number): boolean {
    return this.once(`s${serverId}`, () => this.serverSilentNow(serverId, now));
  }

  private once(key: string, answer: () => boolean): boolean {
    let known = this.decided.get(key);
    if (known === undefined) this.decided.set(key, known = answer());
    return known;
  }

  private serverSilentNow(serverId: number, now: number): boolean {
    if (this.deps.alarms.isActive('system-ingest-stalled', `system:tcp-server:${serverId}`)) return true;
    let together = 0;
    for (const d of this.deps.registry.all()) {
      if (d.status.serverId !== serverId) continue;
      if (d.status.online) return false;
      const at = this.offlineAt.get(d.status.id);
      if (at !== undefined && now - at <= this.options.windowMs) together++;
    }
    return together >= this.options.minDevices;
  }

  private networkSilent(cidr: string, now: number): boolean {
    return this.once(`n${cidr}`, () => this.networkSilentNow(cidr, now));
  }

  private networkSilentNow(cidr: string, now: number): boolean {
    if (this.deps.alarms.isActive('system-network-down', `system:network:${cidr}`)) return true;
    let together = 0;
    for (const [id, at] of this.offlineAt) {
      const d = this.deps.registry.get(id);
      if (d && now - at <= this.options.windowMs && this.networkOfDevice(id, d.status.serverId) === cidr) together++;
    }
    return together >= this.options.minDevices;
  }

  /** The standing alarms of these offline devices are explained by a more general fault now. */
  private reexplain(which: (d: DeviceState) => boolean, cause: AlarmCause): void {
    const left = new Set<string>();
    for (const id of this.offlineAt.keys()) {
      const d = this.deps.registry.get(id);
      if (!d || !which(d)) continue;
      const before = this.causes.get(id);
      if (before && before.id !== cause.id) left.add(before.id);
      this.causes.set(id, cause);
      this.deps.alarms.explainBy(DEVICE_OFFLINE, sourceId(id), cause);
    }
    // A network fault that no longer explains anything stands down, explained in turn by the
    // wider fault: it joins that fault's group rather than standing on its own.
    for (const old of left) {
      if (!old.startsWith('network:') || [...this.causes.values()].some((c) => c.id === old)) continue;
      this.deps.alarms.explainBy('system-network-down', `system:${old}`, cause);
      this.deps.system.clear('network-down', old);
    }
  }

  private back(device: DeviceState): void {
    const { id, serverId } = device.status;
    const cause = this.causes.get(id);
    this.offlineAt.delete(id);
    this.causes.delete(id);
    if (this.deps.alarms.hasDefinition(DEVICE_OFFLINE)) this.deps.alarms.clear(DEVICE_OFFLINE, sourceId(id));
    // One device reporting again: its server and its network carry data again.
    this.deps.system.clear('ingest-stalled', `tcp-server:${serverId}`);
    const cidr = this.networkOfDevice(id, serverId);
    if (cidr) this.deps.system.clear('network-down', `network:${cidr}`);
    if (cause?.id.startsWith('network:') && cause.id !== `network:${cidr}`) this.deps.system.clear('network-down', cause.id);
  }
}
