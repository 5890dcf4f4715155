import { CONSOLE_COMMANDS, checkCommand, commandLabel } from '../../../shared/site/asset-model.js';
import { CommandTablesSchema, DEFAULT_COMMAND_TABLES, DEFAULT_STATUS_TABLES, StatusTablesSchema, type CommandTables, type StatusTables } from '../../../shared/site/tables.js';
import { checkSystemCommand, type Monitor } from '../../../shared/site/workflows.js';
import type { AssetView, CommandView, ConnectionView, DiscoveredDevice, SiteConnectionView } from '../../../shared/site/views.js';
import type { Role } from '../../../shared/bridge.js';
import type { AlarmService } from '../alarms/alarm-service.js';
import { parseOrThrow } from '../config.js';
import { ApiError, notFound } from '../errors.js';
import type { EventSink } from '../events/event-sink.js';
import type { Store } from '../store/store.js';
import { AssetRegistry } from './asset-registry.js';
import { SiteAlarms, connectionLost } from './site-alarms.js';
import { CommandTracker } from './command-tracker.js';
import { ConnectionSettingsSchema, type ConnectionSettings, type DriverLog, type DriverUpdate, type SiteDriver } from './driver.js';
import { cameraSnapshot, refineCameraCommand, removePreset, savePreset, type CameraTarget } from './camera-commands.js';
import { PRIMARY, type SiteConnection } from './site-connection.js';
import { SimulatedSite } from './simulated-site.js';
import type { SecretBox } from '../secrets/secret-box.js';
import { ConnectionSettingsStore } from './connection-settings.js';
import { SiteConnections } from './site-connections.js';

export interface SitePublisher {
  assetChanged(a: AssetView): void;
  assetsRemoved(ids: string[]): void;
  commandChanged(c: CommandView): void;
  siteChanged(): void;
}

/** Who configured the connection: the demo's own may be forgotten with the demo, nobody else's. */
const OWNER_KEY = 'siteConnectionOwner';
const DEMO_ACTOR = 'demo';
const STATUS_KEY = 'statusTables';
const COMMAND_KEY = 'commandTables';

/**
 * The security system as Watchdesk mirrors it: the driver's assets with their true and
 * displayed states, closed-loop commands, workflow events, monitors, and the System and Role
 * assets that show the connection itself.
 */
export class SiteService {
  readonly assets: AssetRegistry;
  readonly commands: CommandTracker;
  commandTables: CommandTables;
  private readonly siteAlarms: SiteAlarms;
  private readonly saved: ConnectionSettingsStore;
  private readonly connections: SiteConnections;

  constructor(
    private readonly store: Store,
    private readonly alarms: AlarmService,
    private readonly events: EventSink,
    private readonly publisher: SitePublisher,
    makeDriver: (log: DriverLog) => SiteDriver = (log) => new SimulatedSite(log),
    /** Drivers for connections after the first, by kind (the ONVIF driver is given by the app). */
    drivers: Record<string, (log: DriverLog) => SiteDriver> = {},
    /** WS-Discovery (given by the app; none in a build without a discovery). */
    probe: (timeoutMs: number) => Promise<DiscoveredDevice[]> = async () => [],
    /** Seals the connection passwords at rest; without one (unit use) they are stored as given. */
    secrets?: SecretBox,
    log: (message: string) => void = () => undefined,
  ) {
    const status = store.getSetting(STATUS_KEY);
    this.assets = new AssetRegistry(status ? StatusTablesSchema.parse(JSON.parse(status)) as StatusTables : DEFAULT_STATUS_TABLES, (ids) => this.publisher.assetsRemoved(ids));
    this.siteAlarms = new SiteAlarms(this.assets, alarms);
    const tables = store.getSetting(COMMAND_KEY);
    this.commandTables = tables ? CommandTablesSchema.parse(JSON.parse(tables)) as CommandTables : DEFAULT_COMMAND_TABLES;
    this.commands = new CommandTracker((c) => {
      publisher.commandChanged(c);
      // The outcome, with the state before and after: the audit trail shows what a command did.
      if (c.status !== 'pending') {
        store.audit({ actor: c.actor, action: `command.${c.command}.${c.status}`, target: c.assetId ? `asset:${c.assetId}` : 'site', before: c.before, after: c.after, reason: c.reason ?? '' });
      }
    }, store.commandLog);
    this.commands.restore();
    this.saved = new ConnectionSettingsStore(store, secrets, log);
    this.connections = new SiteConnections(store, this.assets, this.siteAlarms, this.saved, {
      publisher,
      onUpdate: (conn, u) => this.onUpdate(conn, u),
      failPending: (conn, reason) => this.failPending(conn, reason),
      configure: (input, actor) => this.configure(input, actor),
    }, makeDriver, drivers, probe);
  }

  /** The first connection: what `/site/connection` shows and configures. */
  private get primary(): SiteConnection {
    return this.connections.primary;
  }

  get log(): DriverLog {
    return this.primary.log;
  }

  private get settings(): ConnectionSettings | null {
    const s = this.primary.settings;
    return s && s.driver !== 'onvif' ? s : null;
  }

  get simulated(): SimulatedSite | null {
    return this.primary.driver instanceof SimulatedSite ? this.primary.driver : null;
  }

  /** The connection that reports an asset. */
  private connectionOfAsset(assetId: string): SiteConnection {
    return this.connections.connectionOfAsset(assetId);
  }

  connection(): SiteConnectionView {
    const s = this.settings;
    return {
      state: this.primary.state, error: this.primary.error,
      settings: s ? { driver: s.driver, directoryServer: s.directoryServer, username: s.username, hasPassword: Boolean(s.password), dataServerPort: s.dataServerPort, activity: s.activity } : null,
      ports: { video: 654, server: 5500, dataServer: s?.dataServerPort ?? 9010, debugTools: 9563 },
    };
  }

  /** Validates the settings (each bad field named), saves them, and (re)connects. */
  async configure(input: unknown, actor: string): Promise<SiteConnectionView> {
    const parsed = parseOrThrow(ConnectionSettingsSchema, input, 'Connection settings');
    const settings: ConnectionSettings = { ...parsed, password: parsed.password ?? this.settings?.password };
    if (!settings.password) throw new ApiError(400, 'invalid', 'Connection settings are invalid: password: is required', ['password: is required']);
    const before = this.connection().settings;
    this.primary.settings = settings;
    this.saved.savePrimary(settings);
    this.store.setSetting(OWNER_KEY, actor);
    this.store.audit({ actor, action: 'site.connection', target: 'site', before, after: this.connection().settings });
    await this.connections.connectOne(this.primary);
    return this.connection();
  }

  /** Connects the first connection (awaited) and every other one not connected yet (in the background). */
  connect(): Promise<void> {
    return this.connections.connect();
  }

  /** Pending commands of one connection's assets (the first's: system commands too) fail with the reason. */
  private failPending(conn: SiteConnection, reason: string): void {
    this.commands.failWhere((c) => (c.assetId === null ? conn.primary : this.assets.connectionOf(c.assetId) === conn.id || (conn.primary && !this.assets.has(c.assetId))), reason);
  }

  /** `failPending` null: the core is stopping, and pending commands settle at the next start. */
  async disconnect(failPending: string | null = 'no communication: the site was disconnected'): Promise<void> {
    await this.connections.disconnectOne(this.primary, failPending);
  }

  /** Whether the demo configured the connection (data folders from before the owner was kept: the demo's exact settings). */
  private demoOwned(): boolean {
    const owner = this.store.getSetting(OWNER_KEY);
    if (owner !== undefined) return owner === DEMO_ACTOR;
    const s = this.settings;
    return s !== null && s.driver === 'simulated' && s.directoryServer === '127.0.0.1' && s.username === 'watchdesk' && s.password === 'demo';
  }

  /**
   * The demo is switched off: its own connection goes with it (no settings, no assets). A
   * connection an admin configured is configuration, not the demo's: it stays, connected.
   */
  async forgetDemo(): Promise<void> {
    if (!this.settings || !this.demoOwned()) return;
    const before = this.connection().settings;
    await this.forget();
    this.store.audit({ actor: DEMO_ACTOR, action: 'site.forget', target: 'site', before, reason: 'the demo was switched off' });
  }

  /** Switches the site off entirely: no settings, no assets. */
  private async forget(): Promise<void> {
    await this.disconnect();
    this.primary.settings = null;
    this.assets.replaceConnection(PRIMARY, []);
    this.siteAlarms.reconcile();
    this.primary.monitors = [];
    this.saved.clearPrimary();
    this.publisher.siteChanged();
  }

  connectionView(conn: SiteConnection): ConnectionView {
    return this.connections.connectionView(conn);
  }

  /** Who decides whether a wider fault (a network) explains a connection's loss. */
  set explainLoss(decide: SiteAlarms['explainLoss']) {
    this.siteAlarms.explainLoss = decide;
  }

  listConnections(): ConnectionView[] {
    return this.connections.list();
  }

  getConnection(id: string): ConnectionView {
    return this.connections.get(id);
  }

  connectionLog(id: string, limit: number): ReturnType<DriverLog['list']> {
    return this.connections.log(id, limit);
  }

  addConnection(input: unknown, actor: string): Promise<ConnectionView> {
    return this.connections.add(input, actor);
  }

  updateConnection(id: string, input: unknown, actor: string): Promise<ConnectionView> {
    return this.connections.update(id, input, actor);
  }

  removeConnection(id: string, actor: string): Promise<void> {
    return this.connections.remove(id, actor);
  }

  discover(timeoutMs: number, actor: string): Promise<DiscoveredDevice[]> {
    return this.connections.discover(timeoutMs, actor);
  }

  reconnect(id: string, actor: string): Promise<ConnectionView> {
    return this.connections.reconnect(id, actor);
  }

  /** A camera's connection and driver, for what only some drivers do (presets, snapshots). */
  private cameraDriver(assetId: string): CameraTarget {
    const view = this.assets.view(assetId);
    if (!view) throw notFound(`asset ${assetId}`);
    if (view.type !== 'camera') throw new ApiError(400, 'invalid', `${view.name} is not a camera`);
    const conn = this.connectionOfAsset(assetId);
    if (!conn.driver || !this.assets.communicationOf(conn.id)) throw new ApiError(503, 'no_communication', `no communication with ${conn.name()}`);
    return { localId: conn.local(assetId), driver: conn.driver, view };
  }

  savePreset(assetId: string, name: string, token: string | undefined, actor: string): Promise<{ token: string }> {
    return savePreset(this.cameraDriver(assetId), name, token, actor, this.store);
  }

  removePreset(assetId: string, token: string, actor: string): Promise<void> {
    return removePreset(this.cameraDriver(assetId), token, actor, this.store);
  }

  snapshot(assetId: string): Promise<Buffer> {
    return cameraSnapshot(this.cameraDriver(assetId));
  }

  /** Where a camera asset's MJPEG stream is, with its credentials: for the core's proxy only. */
  streamSource(assetId: string): { url: string; username: string; password: string } {
    const t = this.cameraDriver(assetId);
    if (!t.driver.stream || t.view.attributes.mjpeg !== true) throw new ApiError(404, 'no_stream', `${t.view.name} offers no MJPEG stream`);
    return t.driver.stream(t.localId);
  }

  /** Monitors are the first connection's (the security system's video wall). */
  listMonitors(): Monitor[] {
    return this.primary.monitors;
  }

  private onUpdate(conn: SiteConnection, raw: DriverUpdate): void {
    const u = raw.kind === 'state' || raw.kind === 'analytic' || raw.kind === 'access'
      ? { ...raw, assetId: conn.global(raw.assetId), ...(raw.kind === 'access' && raw.doorId ? { doorId: conn.global(raw.doorId) } : {}) } as DriverUpdate
      : raw;
    switch (u.kind) {
      case 'state': {
        const change = this.assets.update(u.assetId, u.states, u.attributes);
        const view = this.assets.view(u.assetId);
        if (!change || !view) return;
        this.commands.observe(u.assetId, view, view.displayed);
        this.siteAlarms.follow(view, change.before);
        const newStates = u.states.filter((s) => !change.before.includes(s));
        for (const s of newStates) if (s === 'Forced Open' || s === 'Held Open' || s.startsWith('Trouble')) this.siteEvent(view, `${view.type === 'door' ? 'Door' : 'Input'} ${s}`, s, {});
        this.publisher.assetChanged(view);
        return;
      }
      case 'communication':
        this.assets.setCommunication(conn.id, u.ok);
        this.siteAlarms.communication(conn.id, u.ok, connectionLost(conn));
        if (!u.ok) this.failPending(conn, `no communication: ${u.reason}`);
        conn.log.add(u.ok ? 'info' : 'error', 'runtime', u.ok ? 'communication restored' : `communication lost: ${u.reason}`);
        this.connections.publishAssets(conn);
        this.publisher.siteChanged();
        return;
      case 'access': {
        const r = this.assets.record(u.assetId);
        const last = { granted: u.granted, cardholder: u.cardholder, at: u.at };
        if (r) r.lastAccess = last;
        const door = u.doorId ? this.assets.record(u.doorId) : undefined;
        if (door) door.lastAccess = last;
        const view = this.assets.view(u.assetId);
        if (!view) return;
        this.siteEvent(view, u.granted ? 'Access Granted' : 'Access Denied', u.cardholder, { cardholder: u.cardholder, door: u.doorId ?? '' });
        this.publisher.assetChanged(view);
        if (u.doorId && this.assets.view(u.doorId)) this.publisher.assetChanged(this.assets.view(u.doorId)!);
        return;
      }
      case 'analytic': {
        const view = this.assets.view(u.assetId);
        if (view) this.siteEvent(view, u.name, 'Analytic Event', { entityType: view.type, entityId: view.id, analytic: u.name });
        return;
      }
      case 'role': {
        const roleId = conn.global('role-directory');
        const change = this.assets.update(roleId, u.states);
        const view = this.assets.view(roleId);
        if (change && view) { this.siteAlarms.follow(view, change.before); this.publisher.assetChanged(view); }
        return;
      }
      case 'monitor':
        if (!conn.primary) return;
        conn.monitors = conn.monitors.map((m) => (m.id === u.monitor.id ? u.monitor : m));
        this.publisher.siteChanged();
        return;
    }
  }

  private siteEvent(asset: AssetView, name: string, description: string, args: Record<string, string>): void {
    this.events.record({ t: Date.now(), origin: 'site', deviceId: null, name, kind: 'instant', source: asset.name, caption: name, description, args: { ...args, assetId: asset.id, assetType: asset.type } });
  }

  private allowed(role: Role, type: AssetView['type'], command: string, multi: boolean): { confirm: boolean } {
    const rule = this.commandTables[role]?.[type]?.[command];
    if (!rule?.allowed) throw new ApiError(403, 'forbidden', `the command table does not allow ${role}s to run ${command} on ${type}s`);
    if (multi && !rule.multi) throw new ApiError(409, 'refused', type === 'camera' ? 'cameras cannot be commanded as a multi-selection' : `${command} is not allowed on a multi-selection of ${type}s`);
    return { confirm: rule.confirm };
  }

  /** The command interface for rules: waits for the outcome (confirmed, or failed with the reason). */
  async execute(request: { assetId?: string; command: string; params: Record<string, unknown> }, actor: string): Promise<{ ok: boolean; detail: string }> {
    try {
      const who = { username: actor, role: 'admin' as const };
      const c = request.assetId ? this.command([request.assetId], request.command, request.params, who, true)[0]! : this.systemCommand(request.command, request.params, who);
      for (let i = 0; i < 150; i++) {
        const now = this.commands.get(c.id);
        if (now && now.status !== 'pending') return { ok: now.status === 'confirmed', detail: now.reason ?? now.status };
        await new Promise((r) => setTimeout(r, 100));
      }
      return { ok: false, detail: 'no outcome within 15 s' };
    } catch (err) {
      return { ok: false, detail: err instanceof Error ? err.message : String(err) };
    }
  }

  /** Runs a command on assets; returns at once with the command ids, each pending until confirmed. */
  command(assetIds: string[], command: string, params: unknown, actor: { username: string; role: Role }, confirmed = false): CommandView[] {
    const views = assetIds.map((id) => this.assets.view(id) ?? (() => { throw notFound(`asset ${id}`); })());
    const multi = views.length > 1;
    // Every asset is checked before any command starts: a refused selection sends nothing.
    const checked = views.map((view) => {
      const check = checkCommand(view.type, command, params);
      if (!check.ok) throw new ApiError(400, 'invalid', check.error);
      if (view.type === 'camera') check.params = refineCameraCommand(view, command, check.params, this.connectionOfAsset(view.id).settings?.driver ?? 'simulated');
      const rule = this.allowed(actor.role, view.type, command, multi);
      if (rule.confirm && !confirmed) throw new ApiError(428, 'confirm', `${commandLabel(view.type, command)} on ${view.name} needs confirmation: repeat with "confirmed": true`);
      return { view, check };
    });
    return checked.map(({ view, check }) => {
      const c = this.commands.start(view.id, command, check.params, actor.username, view.displayed);
      this.store.audit({ actor: actor.username, action: `command.${command}`, target: `asset:${view.id}`, before: view.displayed, after: check.params });
      if ((CONSOLE_COMMANDS as readonly string[]).includes(command)) this.consoleCommand(view, command, c.id);
      else this.send(c.id, view.id, command, check.params);
      return this.commands.get(c.id)!;
    });
  }

  private consoleCommand(view: AssetView, command: string, id: number): void {
    const r = this.assets.record(view.id)!;
    if (command === 'mask') r.masked = true;
    if (command === 'acknowledge') r.acknowledged = true;
    if (command === 'reset') { r.masked = false; r.acknowledged = false; }
    const after = this.assets.view(view.id)!;
    this.commands.confirm(id, after.displayed);
    this.publisher.assetChanged(after);
  }

  private send(id: number, assetId: string | null, command: string, params: Record<string, unknown>): void {
    const conn = assetId ? this.connectionOfAsset(assetId) : this.primary;
    if (!conn.driver || !this.assets.communicationOf(conn.id)) {
      this.commands.fail(id, conn.primary ? 'no communication with the site' : `no communication with ${conn.name()}`);
      return;
    }
    conn.driver.execute({ assetId: assetId ? conn.local(assetId) : undefined, command, params }).then(() => {
      const view = assetId ? this.assets.view(assetId) ?? null : null;
      this.commands.accepted(id, view, view?.displayed ?? null);
    }, (err: unknown) => {
      const reason = err instanceof Error ? err.message : String(err);
      this.commands.fail(id, reason.startsWith('no communication') ? reason : `rejected: ${reason}`);
    });
  }

  systemCommand(command: string, params: unknown, actor: { username: string; role: Role }): CommandView {
    const check = checkSystemCommand(command, params);
    if (!check.ok) throw new ApiError(400, 'invalid', check.error);
    for (const key of ['cameraAssetId', 'doorAssetId'] as const) {
      const id = check.params[key];
      if (id !== undefined && !this.assets.has(String(id))) throw new ApiError(400, 'invalid', `${key}: asset ${String(id)} does not exist`);
    }
    const c = this.commands.start(null, command, check.params, actor.username, null);
    this.store.audit({ actor: actor.username, action: `site-command.${command}`, target: 'site', after: check.params });
    this.send(c.id, null, command, check.params);
    return this.commands.get(c.id)!;
  }

  setStatusTables(input: unknown, actor: string): StatusTables {
    const tables = parseOrThrow(StatusTablesSchema, input, 'Status tables') as StatusTables;
    this.store.setSetting(STATUS_KEY, JSON.stringify(tables));
    this.store.audit({ actor, action: 'status-tables.update', target: 'status-tables', before: this.assets.tables, after: tables });
    this.assets.tables = tables;
    for (const a of this.assets.all()) this.publisher.assetChanged(a);
    return tables;
  }

  setCommandTables(input: unknown, actor: string): CommandTables {
    const tables = parseOrThrow(CommandTablesSchema, input, 'Command tables') as CommandTables;
    this.store.setSetting(COMMAND_KEY, JSON.stringify(tables));
    this.store.audit({ actor, action: 'command-tables.update', target: 'command-tables', before: this.commandTables, after: tables });
    this.commandTables = tables;
    return tables;
  }

  async stop(): Promise<void> {
    this.connections.stopped = true;
    this.commands.stop();
    await this.connections.stopOthers();
    await this.disconnect(null);
  }
}
