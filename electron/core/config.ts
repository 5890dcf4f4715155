import type { z } from 'zod';
import { DeviceTypeSchema, captureGroupCount, describeIssues, regexProblem } from '../../shared/halo/device-type.js';
import { findCollisions } from '../../shared/halo/collisions.js';
import { generateHaloStrings, type HaloStrings } from '../../shared/halo/strings.js';
import { DeviceConfigSchema, TcpServerConfigSchema, type Device, type DeviceStatus, type TcpServer } from '../../shared/domain.js';
import type { DeviceRegistry } from './devices.js';
import { ApiError, notFound } from './errors.js';
import type { IngestPipeline } from './ingest/pipeline.js';
import type { TcpServerManager } from './ingest/tcp-servers.js';
import type { Publisher } from './publisher.js';
import type { Store } from './store/store.js';

export type { DeviceTypeView, TcpServerView } from '../../shared/api/views.js';
import type { DeviceTypeView, TcpServerView } from '../../shared/api/views.js';

export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const details = describeIssues(result.error);
    throw new ApiError(400, 'invalid', `${what} is invalid: ${details.join('; ')}`, details);
  }
  return result.data;
}

const TcpServerInput = TcpServerConfigSchema.superRefine((c, ctx) => {
  const problem = regexProblem(c.deviceIdRegex);
  if (problem) ctx.addIssue({ code: 'custom', path: ['deviceIdRegex'], message: `is not a valid regular expression: ${problem}` });
  else if (captureGroupCount(c.deviceIdRegex) < 1) ctx.addIssue({ code: 'custom', path: ['deviceIdRegex'], message: 'needs a capture group: the device id is the first group' });
});

/** Configuration changes: validated, applied live, audited. */
export class ConfigService {
  /** Told after a device is deleted: its rule conditions and alarms go with it. */
  deviceDeleted: ((id: number) => void) | null = null;

  constructor(
    private readonly store: Store,
    private readonly registry: DeviceRegistry,
    private readonly servers: TcpServerManager,
    private readonly pipeline: IngestPipeline,
    private readonly publisher: Publisher,
    private readonly cameraExists: (id: number) => boolean,
  ) {}

  // ── TCP servers ────────────────────────────────────────────────────────────
  private view(config: TcpServer): TcpServerView {
    const running = this.servers.get(config.id);
    return { ...config, boundPort: running?.port ?? null, listening: running?.listening ?? false, connections: running?.connections ?? 0, error: running?.error ?? null };
  }

  listTcpServers(): TcpServerView[] {
    return this.store.listTcpServers().map((c) => this.view(c));
  }

  getTcpServer(id: number): TcpServerView {
    const config = this.store.listTcpServers().find((s) => s.id === id);
    if (!config) throw notFound(`TCP server ${id}`);
    return this.view(config);
  }

  async createTcpServer(input: unknown, actor: string): Promise<TcpServerView> {
    const config = parseOrThrow(TcpServerInput, input, 'TCP server');
    const created = this.store.createTcpServer(config);
    this.pipeline.configureServer(created);
    await this.servers.apply(created);
    this.store.audit({ actor, action: 'tcp-server.create', target: `tcp-server:${created.id}`, after: created });
    return this.view(created);
  }

  async updateTcpServer(id: number, input: unknown, actor: string): Promise<TcpServerView> {
    const before = this.getTcpServer(id);
    const config = parseOrThrow(TcpServerInput, input, 'TCP server');
    const updated: TcpServer = { id, ...config };
    this.store.updateTcpServer(id, config);
    this.pipeline.configureServer(updated);
    await this.servers.apply(updated);
    this.store.audit({ actor, action: 'tcp-server.update', target: `tcp-server:${id}`, before, after: updated });
    return this.view(updated);
  }

  async deleteTcpServer(id: number, actor: string): Promise<void> {
    const before = this.getTcpServer(id);
    const users = this.registry.all().filter((d) => d.status.serverId === id);
    if (users.length) throw new ApiError(409, 'in_use', `TCP server ${id} still serves ${users.length} device(s); move or delete them first`);
    this.store.deleteTcpServer(id);
    this.pipeline.removeServer(id);
    await this.servers.remove(id);
    this.store.audit({ actor, action: 'tcp-server.delete', target: `tcp-server:${id}`, before });
  }

  haloStrings(serverId: number, typeId: string): HaloStrings {
    const server = this.getTcpServer(serverId);
    const type = this.registry.type(typeId);
    if (!type) throw notFound(`device type ${typeId}`);
    try {
      return generateHaloStrings(type.compiled, server.deviceIdRegex, server.delimiter);
    } catch (err) {
      throw new ApiError(422, 'cannot_generate', err instanceof Error ? err.message : String(err));
    }
  }

  // ── Device types ───────────────────────────────────────────────────────────
  listDeviceTypes(): DeviceTypeView[] {
    return this.registry.listTypes().map((t) => this.typeView(t.type.id));
  }

  typeView(id: string): DeviceTypeView {
    const t = this.registry.type(id);
    if (!t) throw notFound(`device type ${id}`);
    return { type: t.type, builtIn: t.builtIn, collisions: findCollisions(t.compiled) };
  }

  saveDeviceType(input: unknown, actor: string, mode: 'create' | 'replace', id?: string): DeviceTypeView {
    const type = parseOrThrow(DeviceTypeSchema, input, 'Device type');
    if (id !== undefined && type.id !== id) throw new ApiError(400, 'invalid', `the body's id "${type.id}" does not match the URL's "${id}"`);
    const existing = this.registry.type(type.id);
    if (mode === 'create' && existing) throw new ApiError(409, 'exists', `device type ${type.id} exists; PUT /device-types/${type.id} replaces it`);
    if (mode === 'replace' && !existing) throw notFound(`device type ${type.id}`);
    if (existing?.builtIn) throw new ApiError(409, 'built_in', `device type ${type.id} is built in; import a copy under another id`);
    this.store.saveDeviceType(type, false);
    this.registry.setType(type, false);
    this.store.audit({ actor, action: `device-type.${mode}`, target: `device-type:${type.id}`, before: existing?.type, after: type });
    return this.typeView(type.id);
  }

  deleteDeviceType(id: string, actor: string): void {
    const view = this.typeView(id);
    if (view.builtIn) throw new ApiError(409, 'built_in', `device type ${id} is built in and cannot be deleted`);
    const users = this.registry.all().filter((d) => d.status.typeId === id).length;
    if (users) throw new ApiError(409, 'in_use', `device type ${id} is used by ${users} device(s)`);
    this.store.deleteDeviceType(id);
    this.registry.removeType(id);
    this.store.audit({ actor, action: 'device-type.delete', target: `device-type:${id}`, before: view.type });
  }

  // ── Devices ────────────────────────────────────────────────────────────────
  getDevice(id: number): DeviceStatus {
    const d = this.registry.get(id);
    if (!d) throw notFound(`device ${id}`);
    return d.status;
  }

  private checkDevice(config: z.infer<typeof DeviceConfigSchema>, selfId?: number): void {
    if (!this.store.listTcpServers().some((s) => s.id === config.serverId)) throw new ApiError(400, 'invalid', `serverId: TCP server ${config.serverId} does not exist`);
    if (!this.registry.type(config.typeId)) throw new ApiError(400, 'invalid', `typeId: device type ${config.typeId} does not exist`);
    const missing = config.cameraIds.find((id) => !this.cameraExists(id));
    if (missing !== undefined) throw new ApiError(400, 'invalid', `cameraIds: camera ${missing} does not exist`);
    const clash = this.registry.find(config.serverId, config.deviceId);
    if (clash && clash.status.id !== selfId) throw new ApiError(409, 'exists', `device id ${config.deviceId} is already device ${clash.status.id} on this TCP server`);
  }

  createDevice(input: unknown, actor: string, demo = false): DeviceStatus {
    const config = parseOrThrow(DeviceConfigSchema, input, 'Device');
    this.checkDevice(config);
    const device = this.store.createDevice(config, demo);
    const state = this.registry.upsertDevice(device);
    this.pipeline.unmatched.forget(config.serverId, config.deviceId);
    if (!demo) this.store.audit({ actor, action: 'device.create', target: `device:${device.id}`, after: device });
    this.publisher.deviceChanged(device.id);
    return state.status;
  }

  updateDevice(id: number, input: unknown, actor: string): DeviceStatus {
    const before = this.getDevice(id);
    const config = parseOrThrow(DeviceConfigSchema, input, 'Device');
    this.checkDevice(config, id);
    this.store.updateDevice(id, config);
    const device: Device = { id, demo: before.demo, ...config };
    const state = this.registry.upsertDevice(device);
    this.store.audit({ actor, action: 'device.update', target: `device:${id}`, before: { ...before, latest: undefined, invalid: undefined }, after: device });
    this.publisher.deviceChanged(id);
    return state.status;
  }

  deleteDevice(id: number, actor: string): void {
    const before = this.getDevice(id);
    this.pipeline.forgetDevice(id);
    this.store.deleteDevice(id);
    this.registry.removeDevice(id);
    this.deviceDeleted?.(id);
    if (!before.demo) this.store.audit({ actor, action: 'device.delete', target: `device:${id}`, before: { ...before, latest: undefined, invalid: undefined } });
    this.publisher.deviceRemoved(id);
  }
}
