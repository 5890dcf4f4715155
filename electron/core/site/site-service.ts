import { CONSOLE_COMMANDS, checkCommand, commandLabel } from '../../../shared/site/asset-model.js';
import { CommandTablesSchema, DEFAULT_COMMAND_TABLES, DEFAULT_STATUS_TABLES, StatusTablesSchema, type CommandTables, type StatusTables } from '../../../shared/site/tables.js';
import { checkSystemCommand, type Monitor } from '../../../shared/site/workflows.js';
import type { AssetView, CommandView, SiteConnectionView } from '../../../shared/site/views.js';
import type { Role } from '../../../shared/bridge.js';
import type { AlarmService } from '../alarms/alarm-service.js';
import { parseOrThrow } from '../config.js';
import { ApiError, notFound } from '../errors.js';
import type { EventSink } from '../events/event-sink.js';
import type { Store } from '../store/store.js';
import { AssetRegistry } from './asset-registry.js';
import { CommandTracker } from './command-tracker.js';
import { ConnectionSettingsSchema, DriverLog, type ConnectionSettings, type DriverUpdate, type SiteDriver } from './driver.js';
import { SimulatedSite } from './simulated-site.js';
import { SecretBox } from '../secrets/secret-box.js';

export interface SitePublisher {
  assetChanged(a: AssetView): void;
  commandChanged(c: CommandView): void;
  siteChanged(): void;
}

const SETTINGS_KEY = 'siteConnection';
/** Who configured the connection: the demo's own may be forgotten with the demo, nobody else's. */
const OWNER_KEY = 'siteConnectionOwner';
const DEMO_ACTOR = 'demo';
const assetAlarmId = (type: string, state: string): string => `asset-${type}-${state.replace(/\W+/g, '-').toLowerCase()}`;
const assetSource = (view: AssetView) => ({ kind: 'asset' as const, id: `asset:${view.id}`, name: view.name, deviceId: null });
const STATUS_KEY = 'statusTables';
const COMMAND_KEY = 'commandTables';

/**
 * The security system as Watchdesk mirrors it: the driver's assets with their true and
 * displayed states, closed-loop commands, workflow events, monitors, and the System and Role
 * assets that show the connection itself.
 */
export class SiteService {
  readonly log = new DriverLog();
  readonly assets: AssetRegistry;
  readonly commands: CommandTracker;
  commandTables: CommandTables;
  private driver: SiteDriver | null = null;
  private settings: ConnectionSettings | null = null;
  private state: SiteConnectionView['state'] = 'disconnected';
  private error: string | null = null;
  private monitors: Monitor[] = [];

  constructor(
    private readonly store: Store,
    private readonly alarms: AlarmService,
    private readonly events: EventSink,
    private readonly publisher: SitePublisher,
    private readonly makeDriver: (log: DriverLog) => SiteDriver = (log) => new SimulatedSite(log),
    /** Seals the connection password at rest; without one (unit use) it is stored as given. */
    private readonly secrets?: SecretBox,
    log: (message: string) => void = () => undefined,
  ) {
    const status = store.getSetting(STATUS_KEY);
    this.assets = new AssetRegistry(status ? StatusTablesSchema.parse(JSON.parse(status)) as StatusTables : DEFAULT_STATUS_TABLES);
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
    const saved = store.getSetting(SETTINGS_KEY);
    if (saved) {
      const raw = JSON.parse(saved) as { password?: string };
      const stored = raw.password;
      if (stored !== undefined && secrets) raw.password = secrets.openOr(stored, undefined, log, 'site connection password');
      this.settings = ConnectionSettingsSchema.parse(raw);
      // A password an older build left in plaintext is sealed now.
      if (stored && secrets && !SecretBox.isSealed(stored)) this.saveSettings(this.settings);
    }
  }

  private saveSettings(settings: ConnectionSettings): void {
    const password = settings.password && this.secrets ? this.secrets.seal(settings.password) : settings.password;
    this.store.setSetting(SETTINGS_KEY, JSON.stringify({ ...settings, password }));
  }

  get simulated(): SimulatedSite | null {
    return this.driver instanceof SimulatedSite ? this.driver : null;
  }

  connection(): SiteConnectionView {
    const s = this.settings;
    return {
      state: this.state, error: this.error,
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
    this.settings = settings;
    this.saveSettings(settings);
    this.store.setSetting(OWNER_KEY, actor);
    this.store.audit({ actor, action: 'site.connection', target: 'site', before, after: this.connection().settings });
    await this.connect();
    return this.connection();
  }

  async connect(): Promise<void> {
    // No site configured: no asset is reported, so none of their alarms can stand.
    if (!this.settings) {
      this.reconcileAlarms();
      return;
    }
    await this.disconnect();
    this.state = 'connecting';
    this.publisher.siteChanged();
    const driver = this.makeDriver(this.log);
    this.driver = driver;
    driver.subscribe((u) => this.onUpdate(u));
    try {
      await driver.connect(this.settings);
      const found = await driver.discover();
      // The System asset is the connection itself: Normal while connected, No Communication otherwise.
      const system = { id: 'system', type: 'system' as const, name: `Security Center ${this.settings.directoryServer}`, area: 'Site', states: ['Normal'], attributes: {} };
      this.assets.replaceAll([system, ...found.assets]);
      this.assets.communication = true;
      this.monitors = found.monitors;
      this.state = 'connected';
      this.error = null;
      this.reconcileAlarms();
      this.log.add('info', 'runtime', `discovered ${found.assets.length} assets and ${found.monitors.length} monitors`);
    } catch (err) {
      this.state = 'failed';
      this.error = err instanceof Error ? err.message : String(err);
      this.assets.communication = false;
      this.log.add('error', 'runtime', `connection failed: ${this.error}`);
    }
    for (const a of this.assets.all()) this.publisher.assetChanged(a);
    this.publisher.siteChanged();
  }

  /** `failPending` null: the core is stopping, and pending commands settle at the next start. */
  async disconnect(failPending: string | null = 'no communication: the site was disconnected'): Promise<void> {
    const d = this.driver;
    this.driver = null;
    if (!d) return;
    await d.disconnect();
    if (failPending) this.commands.failAll(failPending);
    this.assets.communication = false;
    this.state = 'disconnected';
    for (const a of this.assets.all()) this.publisher.assetChanged(a);
    this.publisher.siteChanged();
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
    this.settings = null;
    this.assets.replaceAll([]);
    this.reconcileAlarms();
    this.monitors = [];
    this.store.setSetting(SETTINGS_KEY, '');
    this.publisher.siteChanged();
  }

  listMonitors(): Monitor[] {
    return this.monitors;
  }

  private onUpdate(u: DriverUpdate): void {
    switch (u.kind) {
      case 'state': {
        const change = this.assets.update(u.assetId, u.states, u.attributes);
        const view = this.assets.view(u.assetId);
        if (!change || !view) return;
        this.commands.observe(u.assetId, view, view.displayed);
        this.raiseAlarms(view, change.before);
        const newStates = u.states.filter((s) => !change.before.includes(s));
        for (const s of newStates) if (s === 'Forced Open' || s === 'Held Open' || s.startsWith('Trouble')) this.siteEvent(view, `${view.type === 'door' ? 'Door' : 'Input'} ${s}`, s, {});
        this.publisher.assetChanged(view);
        return;
      }
      case 'communication':
        this.assets.communication = u.ok;
        if (!u.ok) this.commands.failAll(`no communication: ${u.reason}`);
        this.log.add(u.ok ? 'info' : 'error', 'runtime', u.ok ? 'communication restored' : `communication lost: ${u.reason}`);
        for (const a of this.assets.all()) this.publisher.assetChanged(a);
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
        const change = this.assets.update('role-directory', u.states);
        const view = this.assets.view('role-directory');
        if (change && view) { this.raiseAlarms(view, change.before); this.publisher.assetChanged(view); }
        return;
      }
      case 'monitor':
        this.monitors = this.monitors.map((m) => (m.id === u.monitor.id ? u.monitor : m));
        this.publisher.siteChanged();
        return;
    }
  }

  private siteEvent(asset: AssetView, name: string, description: string, args: Record<string, string>): void {
    this.events.record({ t: Date.now(), origin: 'site', deviceId: null, name, kind: 'instant', source: asset.name, caption: name, description, args: { ...args, assetId: asset.id, assetType: asset.type } });
  }

  /** Status-table states that raise alarms go through the alarm engine, one definition per type and state. */
  private raiseAlarms(view: AssetView, before: string[]): void {
    const source = assetSource(view);
    for (const state of view.states) {
      if (!before.includes(state)) this.raiseAlarm(view, state);
    }
    for (const state of before) {
      if (view.states.includes(state) || !this.assets.entry(view, state).raisesAlarm) continue;
      this.alarms.clear(assetAlarmId(view.type, state), source.id);
    }
  }

  private raiseAlarm(view: AssetView, state: string): void {
    const e = this.assets.entry(view, state);
    if (!e.raisesAlarm) return;
    const id = assetAlarmId(view.type, state);
    if (!this.alarms.hasDefinition(id)) this.alarms.saveDefinition({ id, name: `${view.type === 'role' ? 'Role' : view.type[0]!.toUpperCase() + view.type.slice(1)} ${state}`, priority: e.priority, category: 'site', latching: e.latches }, 'system');
    this.alarms.activate(id, assetSource(view), null, null);
  }

  /**
   * After a (re)discovery the snapshot is the truth: each asset's alarms follow the states it
   * reports now. A state still reported keeps its alarm as it is (no new activation), one that
   * appeared while disconnected raises, one that went away clears, and the alarms of an asset
   * that is no longer reported clear with that reason.
   */
  private reconcileAlarms(): void {
    const expected = new Map<string, Set<string>>();
    for (const view of this.assets.all()) {
      const ids = new Set(this.assets.alarmingStates(view.id).map((st) => assetAlarmId(view.type, st)));
      expected.set(`asset:${view.id}`, ids);
      for (const st of this.assets.alarmingStates(view.id)) if (!this.alarms.isActive(assetAlarmId(view.type, st), `asset:${view.id}`)) this.raiseAlarm(view, st);
    }
    this.alarms.clearWhere((a) => {
      if (a.source.kind !== 'asset') return null;
      const ids = expected.get(a.source.id);
      if (!ids) return 'asset no longer reported';
      return ids.has(a.definitionId) ? null : 'state no longer reported after reconnecting';
    });
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
    if (!this.driver || !this.assets.communication) {
      this.commands.fail(id, 'no communication with the site');
      return;
    }
    this.driver.execute({ assetId: assetId ?? undefined, command, params }).then(() => {
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

  stop(): Promise<void> {
    this.commands.stop();
    return this.disconnect(null);
  }
}
