import type { ConnectionView, DiscoveredDevice } from '../../../shared/site/views.js';
import { ApiError, notFound } from '../errors.js';
import type { Store } from '../store/store.js';
import type { AssetRegistry } from './asset-registry.js';
import type { ConnectionSettingsStore } from './connection-settings.js';
import type { DriverLog, DriverUpdate, SiteDriver } from './driver.js';
import { connectionLost, type SiteAlarms } from './site-alarms.js';
import { PRIMARY, SiteConnection, parseConnectionSettings } from './site-connection.js';
import { SimulatedSite } from './simulated-site.js';
import type { SitePublisher } from './site-service.js';

/** What the connections need from the site they belong to. */
export interface ConnectionHost {
  publisher: Pick<SitePublisher, 'assetChanged' | 'siteChanged'>;
  /** A driver's update, for a connection that is still the driver's. */
  onUpdate(conn: SiteConnection, update: DriverUpdate): void;
  /** Pending commands of one connection's assets fail with the reason. */
  failPending(conn: SiteConnection, reason: string): void;
  /** The first connection is changed through the site's own settings. */
  configure(input: unknown, actor: string): Promise<unknown>;
}

/**
 * The list of connections (the first, then the others in their order) and their lifecycle:
 * connect with discovery, retry with backoff, disconnect, add, change, remove, reconnect.
 */
export class SiteConnections {
  /** The first connection: what `/site/connection` shows and configures. */
  readonly primary = new SiteConnection(PRIMARY, null);
  /** The connections after the first, by id, in their order. */
  private readonly others = new Map<string, SiteConnection>();
  stopped = false;

  constructor(
    private readonly store: Store,
    private readonly assets: AssetRegistry,
    private readonly siteAlarms: SiteAlarms,
    private readonly saved: ConnectionSettingsStore,
    private readonly host: ConnectionHost,
    private readonly makeDriver: (log: DriverLog) => SiteDriver,
    /** Drivers for connections after the first, by kind (the ONVIF driver is given by the app). */
    private readonly drivers: Record<string, (log: DriverLog) => SiteDriver>,
    /** WS-Discovery (given by the app; none in a build without a discovery). */
    private readonly probe: (timeoutMs: number) => Promise<DiscoveredDevice[]>,
  ) {
    this.primary.settings = this.saved.loadPrimary();
    this.assets.replaceConnection(PRIMARY, []);
    for (const { conn, assets } of this.saved.loadOthers()) {
      this.others.set(conn.id, conn);
      // Until the device answers, its assets are the ones last discovered, shown No Communication.
      this.assets.replaceConnection(conn.id, conn.namespaced(assets));
    }
  }

  /** The connection with this id (`site` is the first), or 404. */
  find(id: string): SiteConnection {
    const c = id === PRIMARY ? this.primary : this.others.get(id);
    if (!c) throw notFound(`connection ${id}`);
    return c;
  }

  all(): SiteConnection[] {
    return [this.primary, ...this.others.values()];
  }

  /** The connection that reports an asset. */
  connectionOfAsset(assetId: string): SiteConnection {
    const id = this.assets.connectionOf(assetId);
    return (id && id !== PRIMARY ? this.others.get(id) : undefined) ?? this.primary;
  }

  /** Connects the first connection (awaited) and every other one not connected yet (in the background). */
  async connect(): Promise<void> {
    for (const c of this.others.values()) if (!c.driver && !c.retry) void this.connectOne(c);
    await this.connectOne(this.primary);
  }

  async connectOne(conn: SiteConnection): Promise<void> {
    conn.stopRetry();
    // No site configured: no asset is reported, so none of their alarms can stand.
    if (!conn.settings) {
      this.siteAlarms.reconcile();
      return;
    }
    await this.disconnectOne(conn);
    if (this.stopped) return;
    conn.state = 'connecting';
    this.host.publisher.siteChanged();
    let driver: SiteDriver | null = null;
    try {
      const d = this.driverFor(conn);
      driver = d;
      conn.driver = d;
      d.subscribe((u) => { if (conn.driver === d) this.host.onUpdate(conn, u); });
      await d.connect(conn.settings);
      const found = await d.discover();
      if (conn.driver !== d) return;
      const assets = conn.namespaced(found.assets);
      // The System asset is the connection itself: Normal while connected, No Communication otherwise.
      if (conn.primary) assets.unshift({ id: 'system', type: 'system' as const, name: conn.name(), area: 'Site', states: ['Normal'], attributes: {} });
      else this.store.siteConnections.saveAssets(conn.id, found.assets);
      this.assets.replaceConnection(conn.id, assets);
      this.assets.setCommunication(conn.id, true);
      // Connected again: a network fault it was part of is over.
      this.siteAlarms.explainLoss?.(conn.id, true, connectionLost(conn));
      conn.monitors = found.monitors;
      conn.state = 'connected';
      conn.error = null;
      conn.backoffMs = 1000;
      this.siteAlarms.reconcile();
      conn.log.add('info', 'runtime', `discovered ${found.assets.length} assets and ${found.monitors.length} monitors`);
    } catch (err) {
      if (conn.driver !== driver) return;
      conn.state = 'failed';
      conn.error = err instanceof Error ? err.message : String(err);
      this.assets.setCommunication(conn.id, false);
      this.siteAlarms.communication(conn.id, false, connectionLost(conn));
      conn.log.add('error', 'runtime', `connection failed: ${conn.error}`);
      if (!conn.primary && !this.stopped) this.scheduleRetry(conn);
    }
    this.publishAssets(conn);
    this.host.publisher.siteChanged();
  }

  private scheduleRetry(conn: SiteConnection): void {
    conn.stopRetry();
    const wait = conn.backoffMs;
    conn.backoffMs = Math.min(conn.backoffMs * 2, 30_000);
    conn.log.add('info', 'runtime', `retrying in ${Math.round(wait / 1000)} s`);
    conn.retry = setTimeout(() => { conn.retry = null; void this.connectOne(conn); }, wait);
    conn.retry.unref();
  }

  private driverFor(conn: SiteConnection): SiteDriver {
    if (conn.primary) return this.makeDriver(conn.log);
    const kind = conn.settings?.driver ?? 'simulated';
    const make = this.drivers[kind] ?? (kind === 'simulated' ? (log: DriverLog) => new SimulatedSite(log) : undefined);
    if (!make) throw new ApiError(400, 'invalid', `no driver "${kind}" in this build`);
    return make(conn.log);
  }

  publishAssets(conn: SiteConnection): void {
    for (const id of this.assets.idsOf(conn.id)) this.host.publisher.assetChanged(this.assets.view(id)!);
  }

  async disconnectOne(conn: SiteConnection, failPending: string | null = 'no communication: the site was disconnected'): Promise<void> {
    conn.stopRetry();
    const d = conn.driver;
    conn.driver = null;
    if (!d) return;
    await d.disconnect();
    if (failPending) this.host.failPending(conn, failPending);
    this.assets.setCommunication(conn.id, false);
    conn.state = 'disconnected';
    this.publishAssets(conn);
    this.host.publisher.siteChanged();
  }

  connectionView(conn: SiteConnection): ConnectionView {
    return {
      id: conn.id, primary: conn.primary, driver: conn.settings?.driver ?? 'simulated', name: conn.name(), state: conn.state, error: conn.error,
      communication: this.assets.communicationOf(conn.id), settings: conn.publicSettings(), hasPassword: Boolean(conn.settings?.password), assets: this.assets.idsOf(conn.id).length,
      faults: { ...conn.log.counts },
    };
  }

  list(): ConnectionView[] {
    return this.all().map((c) => this.connectionView(c));
  }

  get(id: string): ConnectionView {
    return this.connectionView(this.find(id));
  }

  log(id: string, limit: number): ReturnType<DriverLog['list']> {
    return this.find(id).log.list(limit);
  }

  /** Adds a connection (a camera, another system), saves it and connects; the reply tells how that went. */
  async add(input: unknown, actor: string): Promise<ConnectionView> {
    const settings = parseConnectionSettings(input, null);
    const prefix = settings.driver;
    const used = new Set([...this.others.keys()]);
    let n = 1;
    while (used.has(`${prefix}-${n}`)) n++;
    const position = Math.max(0, ...[...this.others.values()].map((c) => c.position)) + 1;
    const conn = new SiteConnection(`${prefix}-${n}`, settings, position);
    this.others.set(conn.id, conn);
    this.saved.save(conn, actor);
    this.store.audit({ actor, action: 'connection.create', target: `connection:${conn.id}`, after: conn.publicSettings() });
    await this.connectOne(conn);
    return this.connectionView(conn);
  }

  async update(id: string, input: unknown, actor: string): Promise<ConnectionView> {
    const conn = this.find(id);
    if (conn.primary) {
      await this.host.configure(input, actor);
      return this.connectionView(conn);
    }
    const settings = parseConnectionSettings(input, conn.settings);
    const before = conn.publicSettings();
    conn.settings = settings;
    this.saved.save(conn, actor);
    this.store.audit({ actor, action: 'connection.update', target: `connection:${id}`, before, after: conn.publicSettings() });
    await this.connectOne(conn);
    return this.connectionView(conn);
  }

  /** Removes a connection and its assets; their alarms clear ("asset no longer reported"). */
  async remove(id: string, actor: string): Promise<void> {
    const conn = this.find(id);
    if (conn.primary) throw new ApiError(409, 'refused', 'the first connection cannot be removed; change it with PUT /site/connection');
    const before = conn.publicSettings();
    await this.disconnectOne(conn);
    this.others.delete(id);
    this.assets.removeConnection(id);
    this.siteAlarms.reconcile();
    this.store.siteConnections.deleteConnection(id);
    this.store.audit({ actor, action: 'connection.delete', target: `connection:${id}`, before });
    this.host.publisher.siteChanged();
  }

  /** On demand only: a bounded probe, minus the devices already added. */
  async discover(timeoutMs: number, actor: string): Promise<DiscoveredDevice[]> {
    let found: DiscoveredDevice[];
    try {
      found = await this.probe(timeoutMs);
    } catch (err) {
      throw new ApiError(502, 'unreachable', err instanceof Error ? err.message : String(err));
    }
    const added = new Set(this.all().flatMap((c) => (c.settings?.driver === 'onvif' ? [`${c.settings.address}:${c.settings.port}`] : [])));
    this.store.audit({ actor, action: 'connection.discover', target: 'connections', after: { found: found.length } });
    return found.filter((d) => !added.has(`${d.address}:${d.port}`));
  }

  async reconnect(id: string, actor: string): Promise<ConnectionView> {
    const conn = this.find(id);
    this.store.audit({ actor, action: 'connection.reconnect', target: `connection:${id}` });
    conn.backoffMs = 1000;
    await this.connectOne(conn);
    return this.connectionView(conn);
  }

  /** The core is stopping: every connection after the first is disconnected, pending commands left to settle at the next start. */
  async stopOthers(): Promise<void> {
    this.stopped = true;
    for (const c of this.others.values()) await this.disconnectOne(c, null);
  }
}
