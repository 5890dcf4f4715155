import { z } from 'zod';
import { join } from 'node:path';
import { haloDeviceType } from '../../shared/halo/builtin.js';
import type { DemoState } from '../../shared/bridge.js';
import { emptyCollectorCounters, emptyCounters, TcpServerConfigSchema, type IngestStats } from '../../shared/domain.js';
import type { GenericEventInput } from '../../shared/nx/generic-event.js';
import { IntegrationAccounts } from './collector/accounts.js';
import { CollectorServer } from './collector/collector-server.js';
import { Nonces } from './collector/digest.js';
import { FailureLimiter, HashGate } from './collector/rate-limit.js';
import { ApiServer } from './api/server.js';
import { allowedHostNames } from './api/host-check.js';
import { accountHandlers } from './api/handlers-account.js';
import { alarmHandlers } from './api/handlers-alarms.js';
import { starterHandlers } from './api/handlers-starter.js';
import { configHandlers } from './api/handlers-config.js';
import { connectionHandlers } from './api/handlers-connections.js';
import { siteHandlers } from './api/handlers-site.js';
import { storageHandlers } from './api/handlers-storage.js';
import { mapHandlers } from './api/handlers-maps.js';
import { procedureHandlers } from './api/handlers-procedures.js';
import { incidentHandlers } from './api/handlers-incidents.js';
import { cameraLinkHandlers } from './api/handlers-camera-links.js';
import { consoleHandlers } from './api/handlers-console.js';
import { operatorAreaHandlers } from './api/handlers-operator-areas.js';
import { OperatorAreas } from './auth/operator-areas.js';
import { CameraLinks } from './video/camera-links.js';
import { demoCameraLinks } from './demo/demo-camera-links.js';
import { MapService } from './maps/map-service.js';
import { seedDemoMaps } from './maps/demo-maps.js';
import { StreamHub } from './api/stream.js';
import { AppOptionsSchema, type AppOptions, type AppOptionsInput } from './app-options.js';
import { generatePassword, hashPassword } from './auth/passwords.js';
import { Sessions } from './auth/sessions.js';
import { LoginGuard } from './auth/login-guard.js';
import { ConfigService, parseOrThrow } from './config.js';
import { DemoSite } from './demo/demo-site.js';
import { Drills } from './demo/drills.js';
import { FloodSettingsStore } from './alarms/flood-settings.js';
import { floodHandlers } from './api/handlers-floods.js';
import { DeviceRegistry, type DeviceState } from './devices.js';
import { IngestPipeline } from './ingest/pipeline.js';
import { TcpServerManager } from './ingest/tcp-servers.js';
import { Batcher } from './store/batcher.js';
import { EventSink } from './events/event-sink.js';
import { SeriesService } from './store/series-service.js';
import { WalCheckpointer } from './store/checkpointer.js';
import { sqliteOptions } from './store/native-binding.js';
import { SqliteStore } from './store/sqlite-store.js';
import { SessionTable } from './store/session-table.js';
import { RetentionService } from './storage/retention.js';
import { DiskGuard } from './storage/disk-guard.js';
import { BackupService } from './storage/backups.js';
import { SystemAlarms } from './health/system-alarms.js';
import { DEFAULT_HEALTH, HealthMonitor } from './health/health-monitor.js';
import { OfflineCauses, type ServerInfo } from './health/offline-causes.js';
import { ConnectionNetworkCauses } from './site/network-causes.js';
import { CameraService } from './video/cameras.js';
import { TargetPolicy } from './net/target-policy.js';
import { SecretBox, type SecretKeyProvider } from './secrets/secret-box.js';
import { headlessKeyProvider } from './secrets/key-providers.js';
import { lockDownDatabaseFiles } from './store/data-folder.js';
import { AlarmService } from './alarms/alarm-service.js';
import { RulesEngine } from './rules/engine.js';
import { RuleService } from './rules/rule-service.js';
import { installStarter } from './rules/starter.js';
import type { CommandBus } from './rules/command-bus.js';
import { PRIMARY } from './site/site-connection.js';
import { SiteService } from './site/site-service.js';
import { LoopDelay } from './health/loop-delay.js';
import { OnvifDriver } from './site/onvif/onvif-driver.js';
import { probe } from './site/onvif/ws-discovery.js';
import type { DriverLog, SiteDriver } from './site/driver.js';
import { ClusterNode } from './cluster/cluster-node.js';
import { siteSingletons } from './cluster/site-singletons.js';

export interface ReadyInfo {
  ready: true;
  url: string;
  port: number;
  tcpPort: number | null;
  collectorPort: number | null;
}

const DEFAULT_SERVER_KEY = 'defaultTcpServerId';
const DEMO_KEY = 'demo';
const LOCAL_TARGETS_KEY = 'allowLocalTargets';
const DEMO_STARTER_KEY = 'demoStarterRules';

/**
 * The one composition of the core, in plain Node. `serve` and the Electron main process both
 * build exactly this; the shells only carry it.
 */
export class WatchdeskApp {
  readonly options: AppOptions;
  readonly store: SqliteStore;
  /** Seals camera and site passwords at rest (AES-256-GCM). */
  readonly secrets: SecretBox;
  /** Chart history, answered by a worker so long ranges never hold up the main thread. */
  readonly series: SeriesService;
  readonly checkpointer: WalCheckpointer;
  readonly registry = new DeviceRegistry();
  readonly counters = emptyCounters();
  private readonly loopDelay = new LoopDelay();
  readonly hub: StreamHub;
  readonly batcher: Batcher;
  readonly events: EventSink;
  readonly pipeline: IngestPipeline;
  readonly servers: TcpServerManager;
  readonly config: ConfigService;
  readonly sessions: Sessions;
  /** The console login with its throttle: what POST /api/v1/sessions and the shell call. */
  readonly logins: LoginGuard;
  readonly demo: DemoSite;
  readonly drills: Drills;
  readonly floods: FloodSettingsStore;
  readonly cameras: CameraService;
  /** Where camera URLs and rule `http` actions may point (SSRF defence). */
  readonly targets: TargetPolicy;
  readonly alarms: AlarmService;
  readonly engine: RulesEngine;
  readonly rules: RuleService;
  readonly site: SiteService;
  readonly maps: MapService;
  readonly cameraLinks: CameraLinks;
  /** Where rule commands go: the site. */
  commands: CommandBus;
  readonly collectorCounters = emptyCollectorCounters();
  readonly integrationAccounts: IntegrationAccounts;
  /** Failed collector logins per account and per address (the console login keeps its own). */
  readonly collectorLogins = new FailureLimiter();
  /** One cap on password hashes in flight for the whole process (each scrypt holds ~32 MiB). */
  readonly hashGate = new HashGate();
  readonly collector: CollectorServer;
  readonly api: ApiServer;
  readonly retention: RetentionService;
  readonly systemAlarms: SystemAlarms;
  readonly disk: DiskGuard;
  readonly health: HealthMonitor;
  /** Device offline alarms, each explained by its TCP server's or its network's fault. */
  readonly offlineCauses: OfflineCauses;
  /** The areas each operator watches: their flood banner's scope. */
  readonly operatorAreas: OperatorAreas;
  readonly backups: BackupService;
  private sweepTimer: NodeJS.Timeout | null = null;
  /** With `--database`: this node's part in a site of several nodes on one PostgreSQL. */
  cluster: ClusterNode | null = null;
  private stopping: Promise<void> | null = null;
  private ready: ReadyInfo | null = null;
  /** Set when a password was generated: shown once, never stored in clear. */
  generatedAdminPassword: string | null = null;

  constructor(
    input: AppOptionsInput,
    readonly log: (message: string) => void = (m) => process.stderr.write(`${m}\n`),
    /** Another security-system driver (a sized simulation in the bench, a real driver later). */
    siteDriver?: (log: DriverLog) => SiteDriver,
    /** Where the key for stored secrets comes from: the desktop shell passes the OS keychain's. */
    secretKeys?: SecretKeyProvider,
  ) {
    this.options = AppOptionsSchema.parse(input);
    this.store = new SqliteStore(this.options.dataDir);
    this.secrets = new SecretBox(secretKeys ?? headlessKeyProvider(this.options.dataDir));
    this.series = new SeriesService(this.store.path, this.store.series, (m) => this.log(m));
    // WAL checkpoints (tens of ms of I/O) run on a thread of their own, not in this thread's commits.
    this.checkpointer = new WalCheckpointer(this.store.path, (pages) => { if (this.store.db.open) this.store.db.pragma(`wal_autocheckpoint = ${pages}`); }, sqliteOptions(), (m) => this.log(m));
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
    this.targets = new TargetPolicy(this.options.allowLocalTargets ?? this.store.getSetting(LOCAL_TARGETS_KEY) === 'on');
    this.cameras = new CameraService(this.store, () => this.hub.camerasChanged(), this.targets, this.log, this.secrets);
    this.maps = new MapService(this.store, this.options.dataDir, this.hub);
    this.cameraLinks = new CameraLinks(this.store, {
      deviceExists: (id) => this.registry.get(id) !== undefined, cameraExists: (id) => this.cameras.exists(id),
      assetType: (id) => this.site.assets.view(id)?.type, areaExists: (name) => this.site.assets.all().some((a) => a.area === name),
    }, () => this.hub.cameraLinksChanged());
    this.batcher = new Batcher(this.store, this.counters, (id) => this.registry.latestOf(id), { flushMs: this.options.batchFlushMs, maxFrames: 20_000 });
    this.events = new EventSink(() => this.cluster?.nextEventId() ?? this.store.nextEventId(), this.batcher, this.hub);
    this.pipeline = new IngestPipeline({
      counters: this.counters,
      registry: this.registry,
      batcher: this.batcher,
      publisher: this.hub,
      events: this.events,
      autoCreate: (serverId, deviceId, typeId) => this.autoCreate(serverId, deviceId, typeId),
    });
    this.alarms = new AlarmService(this.store, this.hub);
    this.site = new SiteService(this.store, this.alarms, this.events, this.hub, siteDriver, { onvif: (log) => new OnvifDriver(log) }, (timeoutMs) => probe(timeoutMs), this.secrets, this.log);
    this.commands = this.site;
    this.engine = new RulesEngine({
      alarms: this.alarms, events: this.events, registry: this.registry,
      commands: { execute: (request, actor) => this.commands.execute(request, actor) },
      notify: (n) => this.hub.notify(n), deviceChanged: (id) => this.hub.deviceChanged(id),
      targets: this.targets, log: this.log,
      nearestPreset: (object) => this.maps.nearestPreset(object),
    }, Date.now, this.store.conditions);
    this.rules = new RuleService(this.store, this.engine, (id) => this.alarms.hasDefinition(id));
    this.pipeline.observer = this.engine;
    this.events.listener = (e) => this.engine.onEvent(e);
    this.servers = new TcpServerManager(this.pipeline.handleFrame, this.counters);
    this.config = new ConfigService(this.store, this.registry, this.servers, this.pipeline, this.hub, (id) => this.cameras.exists(id));
    this.config.deviceDeleted = (id) => this.engine.forgetDevice(id);
    this.sessions = new Sessions(this.store, new SessionTable(this.store.db));
    this.logins = new LoginGuard(this.sessions, this.hashGate);
    this.retention = new RetentionService(this.store, this.options.dataDir, { everyMs: this.options.housekeepingMs, log: this.log });
    this.systemAlarms = new SystemAlarms(this.alarms, this.log);
    this.operatorAreas = new OperatorAreas(this.store);
    this.offlineCauses = new OfflineCauses({ alarms: this.alarms, system: this.systemAlarms, registry: this.registry, addressOf: (id) => this.pipeline.addressOf(id), server: (id) => this.tcpServerInfo(id), log: this.log });
    this.pipeline.observer = { onValues: (d, names, values, t) => this.engine.onValues(d, names, values, t), onOnline: (d, online) => { this.engine.onOnline(d, online); this.offlineCauses.onOnline(d, online); } };
    this.config.deviceDeleted = (id) => { this.engine.forgetDevice(id); this.offlineCauses.forgetDevice(id); };
    this.site.explainLoss = new ConnectionNetworkCauses({
      alarms: this.alarms, system: this.systemAlarms,
      addressOf: (id) => { const s = this.site.listConnections().find((c) => c.id === id)?.settings; return s?.driver === 'onvif' && typeof s.address === 'string' ? s.address : null; },
      assetsOf: (id) => this.site.assets.all().filter((a) => a.connection === id).map((a) => ({ id: a.id, type: a.type })),
    }).explain;
    this.batcher.health = {
      failed: (error) => { this.log(`database write failed, retrying with back-off: ${error}`); this.systemAlarms.raise('db-write', 'store', `Database: ${error}`); },
      recovered: () => { this.log('database writes work again'); this.systemAlarms.clear('db-write', 'store'); },
    };
    this.disk = new DiskGuard(this.options.dataDir, { warnBytes: this.options.diskWarnBytes, criticalBytes: this.options.diskCriticalBytes, everyMs: this.options.diskCheckMs },
      { batcher: this.batcher, retention: this.retention, alarms: this.systemAlarms, log: this.log });
    this.backups = new BackupService(this.store, this.options.backupDir ?? join(this.options.dataDir, 'backups'), { alarms: this.systemAlarms, log: this.log, dataDir: this.options.dataDir });
    this.health = new HealthMonitor({ ...DEFAULT_HEALTH, everyMs: this.options.healthCheckMs, stallMs: this.options.ingestStallMs }, this.systemAlarms,
      { stats: () => this.stats(), site: () => this.site.connection(), siteCommunication: () => this.site.assets.communicationOf(PRIMARY) });
    this.demo = new DemoSite({
      config: this.config, registry: this.registry, cameras: this.cameras, site: this.site, intervalMs: this.options.demoIntervalMs, log: this.log, targets: this.targets,
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
    this.drills = new Drills({ site: this.site, demo: this.demo, store: this.store });
    this.floods = new FloodSettingsStore(this.store);
    const nonces = new Nonces();
    this.integrationAccounts = new IntegrationAccounts(this.store, nonces, this.secrets, this.log, this.hashGate);
    this.collector = new CollectorServer({
      accounts: this.integrationAccounts, nonces, limiter: this.collectorLogins, counters: this.collectorCounters, log: this.log,
      headersTimeoutMs: this.options.collectorHeadersTimeoutMs,
      accept: (input) => this.acceptGenericEvent(input),
    });
    const handlers = { ...configHandlers(this), ...alarmHandlers(this), ...siteHandlers(this), ...storageHandlers(this), ...connectionHandlers(this), ...accountHandlers(this), ...starterHandlers(this), ...mapHandlers(this), ...procedureHandlers(this), ...incidentHandlers(this), ...floodHandlers(this), ...cameraLinkHandlers(this), ...consoleHandlers(this), ...operatorAreaHandlers(this) };
    this.api = new ApiServer({ handlers, allowedHosts: allowedHostNames(this.options.host, this.options.allowedHosts), sessions: this.sessions, hub: this.hub, rendererDir: this.options.rendererDir, log: this.log });
  }

  private tcpServerInfo(id: number): ServerInfo | null {
    const running = this.servers.get(id);
    if (!running) return null;
    return { name: running.config.name, networkPrefix: running.config.networkPrefix, enabled: running.config.enabled, fault: running.config.enabled && (running.error !== null || !running.listening) };
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
    if (enabled) await this.startDemo();
    else { await this.demo.stop(true); this.cameraLinks.forgetSeeded('demo'); }
    if (enabled) await this.seedDemoMaps();
    this.store.setSetting(DEMO_KEY, enabled ? 'on' : 'off');
    if (before.enabled !== enabled) this.store.audit({ actor, action: enabled ? 'demo.on' : 'demo.off', target: 'demo', before, after: this.demoState() });
    this.hub.demoChanged();
    return this.demoState();
  }

  /** The admin setting: may cameras and rule actions reach local and cloud-metadata addresses? */
  setAllowLocalTargets(input: unknown, actor: string): { enabled: boolean } {
    const { enabled } = parseOrThrow(z.object({ enabled: z.boolean() }), input, 'Local targets setting');
    const before = { enabled: this.targets.allowLocal };
    this.targets.allowLocal = enabled;
    this.store.setSetting(LOCAL_TARGETS_KEY, enabled ? 'on' : 'off');
    if (before.enabled !== enabled) this.store.audit({ actor, action: 'settings.allow-local-targets', target: 'settings', before, after: { enabled } });
    return { enabled };
  }

  allowLocalTargets(): { enabled: boolean } {
    return { enabled: this.targets.allowLocal };
  }

  /**
   * The demo with the rules a site starts with, so its Gunshot, Help, Vape … raise alarms. Once:
   * a rule an administrator deleted from the demo stays deleted.
   */
  private async startDemo(): Promise<void> {
    await this.demo.start();
    if (this.demo.running) this.cameraLinks.seed(demoCameraLinks(this.registry.all().map((d) => d.status), this.site.assets.all()), 'demo');
    if (!this.demo.running || this.store.getSetting(DEMO_STARTER_KEY) === 'installed') return;
    const outcome = installStarter(this.alarms, this.rules, 'demo');
    this.store.setSetting(DEMO_STARTER_KEY, 'installed');
    this.store.audit({ actor: 'demo', action: 'rules.starter-import', target: 'rules', after: outcome });
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
      storage: { disk: this.disk.state, freeBytes: this.disk.freeBytes, writeError: this.batcher.lastError, pendingFrames: this.batcher.pendingFrames },
      eventLoop: this.loopDelay.snapshot(),
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
    if (this.options.database) {
      // First: the audit of everything below goes to the site's chain, and the alarms are the site's.
      this.cluster = await ClusterNode.open(this, this.options.database, { leaseIntervalMs: this.options.leaseIntervalMs });
      await this.cluster.prepare();
    }
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
    lockDownDatabaseFiles(this.store.path);
    this.hub.start();
    // On a site of several nodes, the singletons start on the node that holds their lease (below).
    if (!this.cluster) this.alarms.start();
    this.engine.start();
    this.retention.start();
    this.disk.start();
    this.health.start();
    this.loopDelay.start();
    this.backups.start();
    this.sweepTimer = setInterval(() => this.pipeline.sweepOffline(), 1000);
    this.sweepTimer.unref();
    // Packs the one-heartbeat chunks into blocks and rollups, in ≤ 5 ms turns off the ingest path.
    this.store.compactor.start();
    // Indexes new events for text search, in ≤ 5 ms turns: the index costs more than the insert.
    this.store.textSearch.start();
    // A burst in the batcher (thousands of frames or events in one window) goes first; background turns wait a little.
    const ingestBusy = (): boolean => this.batcher.pendingFrames + this.batcher.pendingEvents >= 1000;
    this.store.compactor.yieldWhile(ingestBusy);
    this.store.textSearch.yieldWhile(ingestBusy);
    void this.checkpointer.start();
    const demoSetting = this.store.getSetting(DEMO_KEY);
    const demoOn = this.options.demo ?? demoSetting !== 'off';
    if (demoOn) await this.startDemo();
    if (demoOn || this.store.getSetting('mapLayout')) await this.seedDemoMaps(demoOn);
    else if (this.options.demo === false) await this.demo.stop(true);
    if (!demoOn && !this.cluster) await this.site.connect();
    if (this.cluster) await this.cluster.start(siteSingletons(this, demoOn));
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
      // Leases first: another node takes the singletons over at once.
      await this.cluster?.stop();
      if (this.sweepTimer) clearInterval(this.sweepTimer);
      this.disk.stop();
      this.health.stop();
      this.loopDelay.stop();
      await this.backups.stop();
      await this.retention.stop();
      this.store.compactor.stop();
      this.store.textSearch.stop();
      this.alarms.stop();
      this.engine.stop();
      this.drills.stop();
      await this.demo.stop(false);
      await this.servers.stopAll();
      await this.collector.close();
      await this.site.stop();
      this.cameras.close();
      this.maps.close();
      this.cameraLinks.close();
      this.hub.stop();
      await this.api.close();
      if (this.cluster) {
        await this.batcher.drain();
        // Whatever PostgreSQL did not take stays in the local data folder.
        this.batcher.sink = null;
      }
      const unstored = this.batcher.stop();
      if (unstored.frames || unstored.events) this.log(`stopping: ${unstored.frames} frames and ${unstored.events} events could not be stored (${unstored.error ?? 'unknown error'}); ${this.counters.droppedFrames} frames were dropped and ${this.counters.refusedFrames} refused while the disk was full`);
      await this.series.close();
      await this.checkpointer.close();
      await this.cluster?.close();
      this.store.close();
    })();
    return this.stopping;
  }
}
