import { haloDeviceType } from '../../shared/halo/builtin.js';
import type { DemoState } from '../../shared/bridge.js';
import { emptyCollectorCounters, emptyCounters, TcpServerConfigSchema, type IngestStats } from '../../shared/domain.js';
import type { GenericEventInput } from '../../shared/nx/generic-event.js';
import { IntegrationAccounts } from './collector/accounts.js';
import { CollectorServer } from './collector/collector-server.js';
import { Nonces } from './collector/digest.js';
import { FailureLimiter } from './collector/rate-limit.js';
import { ApiServer } from './api/server.js';
import { allowedHostNames } from './api/host-check.js';
import { alarmHandlers } from './api/handlers-alarms.js';
import { configHandlers } from './api/handlers-config.js';
import { siteHandlers } from './api/handlers-site.js';
import { mapHandlers } from './api/handlers-maps.js';
import { MapService } from './maps/map-service.js';
import { seedDemoMaps } from './maps/demo-maps.js';
import { StreamHub } from './api/stream.js';
import { AppOptionsSchema, type AppOptions, type AppOptionsInput } from './app-options.js';
import { generatePassword, hashPassword } from './auth/passwords.js';
import { Sessions } from './auth/sessions.js';
import { ConfigService } from './config.js';
import { DemoSite } from './demo/demo-site.js';
import { DeviceRegistry, type DeviceState } from './devices.js';
import { IngestPipeline } from './ingest/pipeline.js';
import { TcpServerManager } from './ingest/tcp-servers.js';
import { Batcher } from './store/batcher.js';
import { EventSink } from './events/event-sink.js';
import { SqliteStore } from './store/sqlite-store.js';
import { CameraService } from './video/cameras.js';
import { AlarmService } from './alarms/alarm-service.js';
import { RulesEngine } from './rules/engine.js';
import { RuleService } from './rules/rule-service.js';
import type { CommandBus } from './rules/command-bus.js';
import { SiteService } from './site/site-service.js';
import type { DriverLog, SiteDriver } from './site/driver.js';

export interface ReadyInfo {
  ready: true;
  url: string;
  port: number;
  tcpPort: number | null;
  collectorPort: number | null;
}

const DEFAULT_SERVER_KEY = 'defaultTcpServerId';
const DEMO_KEY = 'demo';

/**
 * The one composition of the core, in plain Node. `serve` and the Electron main process both
 * build exactly this; the shells only carry it.
 */
export class WatchdeskApp {
  readonly options: AppOptions;
  readonly store: SqliteStore;
  readonly registry = new DeviceRegistry();
  readonly counters = emptyCounters();
  readonly hub: StreamHub;
  readonly batcher: Batcher;
  readonly events: EventSink;
  readonly pipeline: IngestPipeline;
  readonly servers: TcpServerManager;
  readonly config: ConfigService;
  readonly sessions: Sessions;
  readonly demo: DemoSite;
  readonly cameras: CameraService;
  readonly alarms: AlarmService;
  readonly engine: RulesEngine;
  readonly rules: RuleService;
  readonly site: SiteService;
  readonly maps: MapService;
  /** Where rule commands go: the site. */
  commands: CommandBus;
  readonly collectorCounters = emptyCollectorCounters();
  readonly integrationAccounts: IntegrationAccounts;
  readonly collector: CollectorServer;
  readonly api: ApiServer;
  private sweepTimer: NodeJS.Timeout | null = null;
  private stopping: Promise<void> | null = null;
  private ready: ReadyInfo | null = null;
  /** Set when a password was generated: shown once, never stored in clear. */
  generatedAdminPassword: string | null = null;

  constructor(
    input: AppOptionsInput,
    readonly log: (message: string) => void = (m) => process.stderr.write(`${m}\n`),
    /** Another security-system driver (a sized simulation in the bench, a real driver later). */
    siteDriver?: (log: DriverLog) => SiteDriver,
  ) {
    this.options = AppOptionsSchema.parse(input);
    this.store = new SqliteStore(this.options.dataDir);
    this.hub = new StreamHub({
      device: (id) => this.registry.get(id)?.status,
      devices: () => this.registry.all().map((d) => d.status),
      stats: () => this.stats(),
      demo: () => this.demoState(),
      cameras: () => this.cameras.list(),
      alarms: () => this.alarms.list({ state: 'standing' }),
      assets: () => this.site.assets.all(),
      site: () => this.site.connection(),
      monitors: () => this.site.listMonitors(),
    }, this.options.streamFlushMs);
    this.maps = new MapService(this.store, this.options.dataDir, this.hub);
    this.cameras = new CameraService(this.store, () => this.hub.camerasChanged());
    this.batcher = new Batcher(this.store, this.counters, (id) => this.registry.latestOf(id), { flushMs: this.options.batchFlushMs, maxFrames: 20_000 });
    this.events = new EventSink(() => this.store.nextEventId(), this.batcher, this.hub);
    this.pipeline = new IngestPipeline({
      counters: this.counters,
      registry: this.registry,
      batcher: this.batcher,
      publisher: this.hub,
      events: this.events,
      autoCreate: (serverId, deviceId, typeId) => this.autoCreate(serverId, deviceId, typeId),
    });
    this.alarms = new AlarmService(this.store, this.hub);
    this.site = new SiteService(this.store, this.alarms, this.events, this.hub, siteDriver);
    this.commands = this.site;
    this.engine = new RulesEngine({
      alarms: this.alarms, events: this.events, registry: this.registry,
      commands: { execute: (request, actor) => this.commands.execute(request, actor) },
      notify: (n) => this.hub.notify(n), deviceChanged: (id) => this.hub.deviceChanged(id),
      nearestPreset: (object) => this.maps.nearestPreset(object),
    }, Date.now, this.store.conditions);
    this.rules = new RuleService(this.store, this.engine, (id) => this.alarms.hasDefinition(id));
    this.pipeline.observer = this.engine;
    this.events.listener = (e) => this.engine.onEvent(e);
    this.servers = new TcpServerManager(this.pipeline.handleFrame, this.counters);
    this.config = new ConfigService(this.store, this.registry, this.servers, this.pipeline, this.hub, (id) => this.cameras.exists(id));
    this.config.deviceDeleted = (id) => this.engine.forgetDevice(id);
    this.sessions = new Sessions(this.store);
    this.demo = new DemoSite({
      config: this.config, registry: this.registry, cameras: this.cameras, site: this.site, intervalMs: this.options.demoIntervalMs, log: this.log,
      history: (device, samples) => {
        // Only into an empty past: a demo switched off and on again keeps the history it has.
        const first = samples[0];
        if (!first || this.store.seriesColumns(device, 'Noise', first.t, Date.now()).times.length > 0) return;
        const points = Object.keys(first.values);
        const values: number[] = [];
        for (const s of samples) for (const p of points) values.push(Number(s.values[p] ?? NaN));
        this.store.writeBatch({ chunks: [{ device, points, times: samples.map((s) => s.t), values }], events: [], latest: [] });
      },
      serverId: () => this.defaultServerId(),
      tcpTarget: () => {
        const id = this.defaultServerId();
        const running = id === null ? undefined : this.servers.get(id);
        return running?.port ? { host: running.config.host, port: running.port } : null;
      },
    });
    const nonces = new Nonces();
    this.integrationAccounts = new IntegrationAccounts(this.store, nonces);
    this.collector = new CollectorServer({
      accounts: this.integrationAccounts, nonces, limiter: new FailureLimiter(), counters: this.collectorCounters, log: this.log,
      accept: (input) => this.acceptGenericEvent(input),
    });
    const handlers = { ...configHandlers(this), ...alarmHandlers(this), ...siteHandlers(this), ...mapHandlers(this) };
    this.api = new ApiServer({ handlers, allowedHosts: allowedHostNames(this.options.host, this.options.allowedHosts), sessions: this.sessions, hub: this.hub, rendererDir: this.options.rendererDir, log: this.log });
  }

  private autoCreate(serverId: number, deviceId: string, typeId: string): DeviceState | null {
    try {
      const status = this.config.createDevice({ name: deviceId, deviceId, typeId, serverId }, 'auto-create');
      return this.registry.get(status.id) ?? null;
    } catch (err) {
      this.log(`auto-create of device ${deviceId} failed: ${err instanceof Error ? err.message : String(err)}`);
      return null;
    }
  }

  /** A generic event from the collector, linked to the device its source names. */
  acceptGenericEvent(input: GenericEventInput): void {
    const device = this.registry.findBySource(input.source);
    this.events.record({
      t: input.timestamp, origin: 'http', deviceId: device?.status.id ?? null,
      name: input.caption || input.source || 'Generic event', kind: input.kind,
      source: input.source, caption: input.caption, description: input.description, metadata: input.metadata,
    });
  }

  defaultServerId(): number | null {
    const v = this.store.getSetting(DEFAULT_SERVER_KEY);
    return v === undefined ? null : Number(v);
  }

  demoState(): DemoState {
    return { enabled: this.demo.running };
  }

  async setDemo(enabled: boolean, actor: string): Promise<DemoState> {
    const before = this.demoState();
    if (enabled) await this.demo.start();
    else await this.demo.stop(true);
    if (enabled) await this.seedDemoMaps();
    this.store.setSetting(DEMO_KEY, enabled ? 'on' : 'off');
    if (before.enabled !== enabled) this.store.audit({ actor, action: enabled ? 'demo.on' : 'demo.off', target: 'demo', before, after: this.demoState() });
    this.hub.demoChanged();
    return this.demoState();
  }

  /** The demo site is expressed as maps: made once, from the demo plans and any layout saved before maps existed. */
  private async seedDemoMaps(demo = true): Promise<void> {
    try {
      await seedDemoMaps(this.maps, this.store, { devices: this.registry.all().map((d) => d.status), assets: this.site.assets.all(), demo });
    } catch (err) {
      this.log(`demo maps not made: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  stats(): IngestStats {
    const all = this.registry.all();
    return {
      ...this.counters,
      connections: this.servers.connections,
      devicesOnline: all.filter((d) => d.status.online).length,
      devicesTotal: all.length,
      unmatchedIds: this.pipeline.unmatched.list(),
      servers: this.servers.all().map((s) => ({ id: s.config.id, name: s.config.name, port: s.port, listening: s.listening, connections: s.connections, error: s.error })),
      ruleEvaluations: this.engine.evaluations,
      collector: { ...this.collectorCounters, port: this.collector.port, error: this.collector.error },
      at: Date.now(),
    };
  }

  private async bootstrapAdmin(): Promise<void> {
    if (this.store.countOperators() > 0) return;
    const given = this.options.adminPassword ?? process.env.WATCHDESK_ADMIN_PASSWORD;
    const password = given && given.length > 0 ? given : generatePassword();
    if (!given) this.generatedAdminPassword = password;
    this.store.createOperator('admin', 'admin', await hashPassword(password));
    this.store.audit({ actor: 'system', action: 'operator.create', target: 'operator:admin', after: { username: 'admin', role: 'admin' } });
  }

  private bootstrapConfig(): void {
    this.store.saveDeviceType(haloDeviceType(), true);
    for (const t of this.store.listDeviceTypes()) this.registry.setType(t.type, t.builtIn);
    let defaultId = this.defaultServerId();
    const servers = this.store.listTcpServers();
    if (defaultId === null || !servers.some((s) => s.id === defaultId)) {
      const created = this.store.createTcpServer(TcpServerConfigSchema.parse({ name: 'HALO', host: this.options.host, port: this.options.tcpPort }));
      defaultId = created.id;
      this.store.setSetting(DEFAULT_SERVER_KEY, String(defaultId));
    }
    for (const s of this.store.listTcpServers()) {
      // The command line decides where the default server listens, as it does for the API.
      if (s.id === defaultId && (s.port !== this.options.tcpPort || s.host !== this.options.host)) {
        const { id: _id, ...config } = { ...s, port: this.options.tcpPort, host: this.options.host };
        this.store.updateTcpServer(s.id, config);
      }
    }
    const latest = new Map(this.store.loadLatest().map((l) => [l.device, l]));
    for (const d of this.store.listDevices()) this.registry.upsertDevice(d, latest.get(d.id));
    this.events.restore(this.store.pairableEvents(100_000));
  }

  async start(): Promise<ReadyInfo> {
    await this.bootstrapAdmin();
    this.bootstrapConfig();
    // Before any frame arrives: conditions stand where they stood when the core stopped.
    this.engine.restore();
    for (const s of this.store.listTcpServers()) {
      this.pipeline.configureServer(s);
      await this.servers.apply(s);
    }
    const port = await this.api.listen(this.options.host, this.options.port);
    await this.collector.listen(this.options.host, this.options.collectorPort);
    if (this.collector.error) this.log(this.collector.error);
    this.hub.start();
    this.alarms.start();
    this.engine.start();
    this.sweepTimer = setInterval(() => this.pipeline.sweepOffline(), 1000);
    this.sweepTimer.unref();
    const demoSetting = this.store.getSetting(DEMO_KEY);
    const demoOn = this.options.demo ?? demoSetting !== 'off';
    if (demoOn) await this.demo.start();
    if (demoOn || this.store.getSetting('mapLayout')) await this.seedDemoMaps(demoOn);
    else if (this.options.demo === false) await this.demo.stop(true);
    if (!demoOn) await this.site.connect();
    const defaultId = this.defaultServerId();
    const tcp = defaultId === null ? undefined : this.servers.get(defaultId);
    if (tcp?.error) this.log(tcp.error);
    const shownHost = this.options.host === '0.0.0.0' || this.options.host === '::' ? '127.0.0.1' : this.options.host;
    this.ready = { ready: true, url: `http://${shownHost}:${port}/`, port, tcpPort: tcp?.port ?? null, collectorPort: this.collector.port };
    return this.ready;
  }

  /** Stop accepting, flush what is pending, close the database. Safe to call twice. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      if (this.sweepTimer) clearInterval(this.sweepTimer);
      this.alarms.stop();
      this.engine.stop();
      await this.demo.stop(false);
      await this.servers.stopAll();
      await this.collector.close();
      await this.site.stop();
      this.cameras.close();
      this.maps.close();
      this.hub.stop();
      await this.api.close();
      this.batcher.stop();
      this.store.close();
    })();
    return this.stopping;
  }
}
