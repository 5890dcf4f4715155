import { parseFrame } from '../../../shared/halo/parse.js';
import type { EventRecord, IngestCounters, TcpServer } from '../../../shared/domain.js';
import type { DeviceRegistry, DeviceState } from '../devices.js';
import type { Batcher } from '../store/batcher.js';
import type { Publisher } from '../publisher.js';
import type { EventSink } from '../events/event-sink.js';
import { UnmatchedIds } from './unmatched.js';

interface ServerRoute {
  deviceId: RegExp;
  autoCreate: boolean;
  defaultTypeId: string;
}

/** Who wants to know about values and online/offline changes: the rules engine. */
export interface IngestObserver {
  onValues(device: DeviceState, names: readonly string[], values: Float64Array, t: number): void;
  onOnline(device: DeviceState, online: boolean): void;
}

export interface PipelineDeps {
  counters: IngestCounters;
  registry: DeviceRegistry;
  batcher: Batcher;
  publisher: Publisher;
  events: EventSink;
  /** Creates and registers a device for an unknown id; null when that is not possible. */
  autoCreate: (serverId: number, deviceId: string, typeId: string) => DeviceState | null;
  clock?: () => number;
}


/** Frame → device → values and events → batch, latest values and the stream. */
export class IngestPipeline {
  readonly counters: IngestCounters;
  readonly unmatched = new UnmatchedIds();
  private readonly routes = new Map<number, ServerRoute>();
  /** Where each device last reported from: devices on one network going silent together are a network fault. */
  private readonly addresses = new Map<number, string>();
  private readonly clock: () => number;
  observer: IngestObserver | null = null;

  constructor(private readonly deps: PipelineDeps) {
    this.clock = deps.clock ?? Date.now;
    this.counters = deps.counters;
  }

  configureServer(server: TcpServer): void {
    this.routes.set(server.id, {
      deviceId: new RegExp(server.deviceIdRegex),
      autoCreate: server.autoCreateDevices,
      defaultTypeId: server.defaultDeviceTypeId,
    });
  }

  /** The device is gone: nothing of it may be written after its deletion. */
  forgetDevice(id: number): void {
    this.deps.batcher.forget(id);
    this.addresses.delete(id);
  }

  addressOf(id: number): string | null {
    return this.addresses.get(id) ?? null;
  }

  removeServer(id: number): void {
    this.routes.delete(id);
  }

  /** True when the frame reached a device: the connection is then a sensor's, not a stranger's. */
  handleFrame = (serverId: number, frame: string, address?: string): boolean => {
    const route = this.routes.get(serverId);
    if (!route) return false;
    this.counters.frames++;
    const m = route.deviceId.exec(frame);
    const wireId = m?.[1];
    if (wireId === undefined) {
      this.counters.rejected++;
      return false;
    }
    const now = this.clock();
    let device = this.deps.registry.find(serverId, wireId);
    if (!device && route.autoCreate) device = this.deps.autoCreate(serverId, wireId, route.defaultTypeId) ?? undefined;
    if (!device) {
      this.counters.unmatched++;
      this.unmatched.record(serverId, wireId, frame, now);
      return false;
    }
    const compiled = device.compiled;
    if (!compiled) {
      this.counters.rejected++;
      return false;
    }
    const parsed = parseFrame(compiled, frame);
    const status = device.status;
    this.counters.values += parsed.valueCount;
    this.counters.invalidValues += parsed.invalid.length;
    const id = status.id;
    if (address !== undefined && this.addresses.get(id) !== address) this.addresses.set(id, address);
    if (parsed.valueCount > 0) {
      const names = compiled.pointNames;
      const values = parsed.values;
      for (let i = 0; i < values.length; i++) {
        const v = values[i]!;
        if (v !== v) continue; // NaN: not in this frame
        const name = names[i]!;
        const slot = status.latest[name];
        if (slot) { slot.v = v; slot.t = now; } else status.latest[name] = { v, t: now };
        if (status.invalid[name]) delete status.invalid[name];
      }
      this.deps.batcher.addFrame(id, names, now, values, parsed.valueCount);
    }
    const wasOnline = status.online;
    for (const bad of parsed.invalid) status.invalid[bad.point] = { raw: bad.raw, t: now };
    status.lastSeen = now;
    if (parsed.valueCount === 0) {
      this.counters.framesWithoutValues++;
      this.deps.batcher.touch(id);
    }
    if (!wasOnline) {
      status.online = true;
      this.emit(status.id, status.name, 'Device online', 'instant', now, {});
    }
    for (const e of parsed.events) {
      this.counters.events++;
      this.emit(id, status.name, e.name, e.kind, now, e.args, 'tcp');
    }
    this.deps.publisher.deviceChanged(id);
    if (this.observer) {
      if (!wasOnline) this.observer.onOnline(device, true);
      if (parsed.valueCount > 0) this.observer.onValues(device, compiled.pointNames, parsed.values, now);
    }
    return true;
  };

  private emit(deviceId: number, source: string, name: string, kind: EventRecord['kind'], t: number, args: Record<string, string>, origin: EventRecord['origin'] = 'system'): void {
    const detail = Object.entries(args).map(([k, v]) => `${k}=${v}`).join(' ');
    this.deps.events.record({
      t, origin, deviceId, name, kind, source, caption: name, args,
      description: kind === 'instant' ? detail : `${name} ${kind}${detail ? ` (${detail})` : ''}`,
    });
  }

  /** Marks silent devices offline; run about once a second. */
  sweepOffline(now = this.clock()): void {
    for (const d of this.deps.registry.all()) {
      const s = d.status;
      if (s.online && s.lastSeen !== null && now - s.lastSeen > s.offlineAfterS * 1000) {
        s.online = false;
        this.emit(s.id, s.name, 'Device offline', 'instant', now, { lastSeen: new Date(s.lastSeen).toISOString() });
        this.deps.publisher.deviceChanged(s.id);
        this.observer?.onOnline(d, false);
      }
    }
  }
}
