import { compileDeviceType, type CompiledDeviceType } from '../../shared/halo/compile.js';
import type { DeviceType } from '../../shared/halo/device-type.js';
import type { Device, DeviceStatus } from '../../shared/domain.js';
import type { LatestWrite } from './store/store.js';

export interface DeviceState {
  status: DeviceStatus;
  compiled: CompiledDeviceType | null;
}

/** The devices and device types in memory: what the ingest looks up on every frame. */
export class DeviceRegistry {
  private readonly types = new Map<string, { type: DeviceType; builtIn: boolean; compiled: CompiledDeviceType }>();
  private readonly byId = new Map<number, DeviceState>();
  private readonly byWireId = new Map<string, DeviceState>();
  /** Device id, then display name → device: how a generic event's `source` finds its device. */
  private bySource = new Map<string, DeviceState>();
  /** Rebuilt on the next lookup, not on every change: loading 10,000 devices must not rebuild it 10,000 times. */
  private sourcesStale = false;

  private static key(serverId: number, deviceId: string): string {
    return `${serverId}\u0000${deviceId}`;
  }

  setType(type: DeviceType, builtIn: boolean): void {
    const compiled = compileDeviceType(type);
    this.types.set(type.id, { type, builtIn, compiled });
    for (const d of this.byId.values()) if (d.status.typeId === type.id) d.compiled = compiled;
  }

  removeType(id: string): void {
    this.types.delete(id);
    for (const d of this.byId.values()) if (d.status.typeId === id) d.compiled = null;
  }

  type(id: string): { type: DeviceType; builtIn: boolean; compiled: CompiledDeviceType } | undefined {
    return this.types.get(id);
  }

  listTypes(): Array<{ type: DeviceType; builtIn: boolean }> {
    return [...this.types.values()].map(({ type, builtIn }) => ({ type, builtIn }));
  }

  upsertDevice(device: Device, latest?: LatestWrite): DeviceState {
    const existing = this.byId.get(device.id);
    if (existing) this.byWireId.delete(DeviceRegistry.key(existing.status.serverId, existing.status.deviceId));
    const status: DeviceStatus = existing
      ? { ...existing.status, ...device }
      : { ...device, online: false, lastSeen: latest?.lastSeen ?? null, latest: latest?.latest ?? {}, invalid: latest?.invalid ?? {}, customState: null };
    const state: DeviceState = { status, compiled: this.types.get(device.typeId)?.compiled ?? null };
    this.byId.set(device.id, state);
    this.byWireId.set(DeviceRegistry.key(device.serverId, device.deviceId), state);
    this.sourcesStale = true;
    return state;
  }

  private indexSources(): void {
    this.sourcesStale = false;
    const index = new Map<string, DeviceState>();
    const all = [...this.byId.values()];
    for (const d of all) if (!index.has(d.status.name)) index.set(d.status.name, d);
    for (const d of all) index.set(d.status.deviceId, d);
    this.bySource = index;
  }

  /** The device a generic event's source names: the HALO sends %NAME%, its device id. */
  findBySource(source: string): DeviceState | undefined {
    if (source === '') return undefined;
    if (this.sourcesStale) this.indexSources();
    return this.bySource.get(source);
  }

  removeDevice(id: number): void {
    const d = this.byId.get(id);
    if (!d) return;
    this.byId.delete(id);
    this.byWireId.delete(DeviceRegistry.key(d.status.serverId, d.status.deviceId));
    this.sourcesStale = true;
  }

  get(id: number): DeviceState | undefined {
    return this.byId.get(id);
  }

  find(serverId: number, deviceId: string): DeviceState | undefined {
    return this.byWireId.get(DeviceRegistry.key(serverId, deviceId));
  }

  all(): DeviceState[] {
    return [...this.byId.values()];
  }

  latestOf(id: number): LatestWrite | null {
    const d = this.byId.get(id);
    if (!d || d.status.lastSeen === null) return null;
    return { device: id, lastSeen: d.status.lastSeen, latest: d.status.latest, invalid: d.status.invalid };
  }
}
