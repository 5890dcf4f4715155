import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { DemoState, StreamMessage } from '../../../shared/bridge.js';
import type { CameraView, DeviceStatus, EventRecord, IngestStats } from '../../../shared/domain.js';
import type { AlarmView, Notification } from '../../../shared/alarms/definitions.js';
import type { AssetView, CommandView, SiteConnectionView } from '../../../shared/site/views.js';
import type { Monitor } from '../../../shared/site/workflows.js';
import type { Publisher } from '../publisher.js';

export interface StreamSources {
  device(id: number): DeviceStatus | undefined;
  devices(): DeviceStatus[];
  stats(): IngestStats;
  demo(): DemoState;
  cameras(): CameraView[];
  alarms(): AlarmView[];
  assets(): AssetView[];
  site(): SiteConnectionView;
  monitors(): Monitor[];
}

const MAX_EVENTS_PER_DELTA = 500;
/** A client this far behind is not sent more; it gets a fresh snapshot once it drains. */
const MAX_BUFFERED = 4 * 1024 * 1024;
const STATS_EVERY_MS = 1000;
/** Alarms, notifications and commands go out at once, but at most one such message per 10 ms: a storm is coalesced, not a flood. */
const URGENT_GAP_MS = 10;

/**
 * The live stream. Whatever the ingest rate, each client gets at most one message of values per
 * window (100 ms by default: ~10 flushes/s), holding only what changed. Alarms, notifications
 * and commands do not wait for the window (see urgent()).
 */
export class StreamHub implements Publisher {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private readonly clients = new Set<WebSocket>();
  private readonly stale = new Set<WebSocket>();
  /** In-process listeners (the desktop shell), batched like WebSocket clients. */
  private readonly listeners = new Set<(message: StreamMessage) => void>();
  private changed = new Set<number>();
  private removed = new Set<number>();
  private events: EventRecord[] = [];
  private dropped = 0;
  private demoDirty = false;
  private camerasDirty = false;
  private alarms = new Map<number, AlarmView>();
  private notifications: Notification[] = [];
  private assets = new Map<string, AssetView>();
  private commands = new Map<number, CommandView>();
  private siteDirty = false;
  private seq = 0;
  private lastStats = 0;
  private timer: NodeJS.Timeout | null = null;
  private urgentArmed = false;
  private lastUrgent = 0;

  constructor(private readonly sources: StreamSources, readonly flushMs = 100) {}

  start(): void {
    this.timer = setInterval(() => this.flush(), this.flushMs);
    this.timer.unref();
  }

  get clientCount(): number {
    return this.clients.size + this.listeners.size;
  }

  /** Subscribes in-process: a snapshot now, then the same batched deltas as WebSocket clients. */
  subscribe(listener: (message: StreamMessage) => void): () => void {
    this.listeners.add(listener);
    listener({ type: 'snapshot', at: Date.now(), devices: this.sources.devices(), stats: this.sources.stats(), demo: this.sources.demo(), cameras: this.sources.cameras(), alarms: this.sources.alarms(), assets: this.sources.assets(), site: this.sources.site(), monitors: this.sources.monitors() });
    return () => this.listeners.delete(listener);
  }

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.clients.add(ws);
      ws.on('close', () => { this.clients.delete(ws); this.stale.delete(ws); });
      ws.on('error', () => ws.terminate());
      // Clients only listen; anything they send is ignored.
      ws.on('message', () => undefined);
      this.sendSnapshot(ws);
    });
  }

  private sendSnapshot(ws: WebSocket): void {
    const message: StreamMessage = { type: 'snapshot', at: Date.now(), devices: this.sources.devices(), stats: this.sources.stats(), demo: this.sources.demo(), cameras: this.sources.cameras(), alarms: this.sources.alarms(), assets: this.sources.assets(), site: this.sources.site(), monitors: this.sources.monitors() };
    ws.send(JSON.stringify(message));
  }

  deviceChanged(id: number): void {
    this.changed.add(id);
  }

  deviceRemoved(id: number): void {
    this.changed.delete(id);
    this.removed.add(id);
  }

  event(event: EventRecord): void {
    if (this.clientCount === 0) return;
    this.events.push(event);
    // Trim in bulk, not per event: a burst of 20,000 events a second must not cost O(n) each.
    if (this.events.length >= MAX_EVENTS_PER_DELTA * 4) this.trimEvents();
  }

  private trimEvents(): void {
    const excess = this.events.length - MAX_EVENTS_PER_DELTA;
    if (excess <= 0) return;
    this.events = this.events.slice(excess);
    this.dropped += excess;
  }

  demoChanged(): void {
    this.demoDirty = true;
  }

  camerasChanged(): void {
    this.camerasDirty = true;
  }

  alarmChanged(alarm: AlarmView): void {
    this.alarms.set(alarm.id, alarm);
    this.urgent();
  }

  assetChanged(asset: AssetView): void {
    if (this.clientCount) this.assets.set(asset.id, asset);
  }

  commandChanged(command: CommandView): void {
    if (this.clientCount) {
      this.commands.set(command.id, command);
      this.urgent();
    }
  }

  siteChanged(): void {
    this.siteDirty = true;
  }

  notify(notification: Notification): void {
    if (this.notifications.length < 200) this.notifications.push(notification);
    this.urgent();
  }

  /**
   * What an operator waits for does not wait for the values' window: it goes out after the
   * current turn of the event loop, so everything one frame or one action changed is one message.
   */
  private urgent(): void {
    if (this.urgentArmed || this.clientCount === 0 || !this.timer) return;
    this.urgentArmed = true;
    const wait = this.lastUrgent + URGENT_GAP_MS - Date.now();
    const run = (): void => { this.urgentArmed = false; this.flushUrgent(); };
    if (wait > 0) setTimeout(run, wait).unref();
    else setImmediate(run);
  }

  private flushUrgent(): void {
    if (!this.alarms.size && !this.notifications.length && !this.commands.size) return;
    const now = Date.now();
    this.lastUrgent = now;
    const message: StreamMessage = {
      type: 'delta', seq: ++this.seq, at: now, devices: [], removedDevices: [], events: [], eventsDropped: 0,
      ...(this.alarms.size ? { alarms: [...this.alarms.values()] } : {}),
      ...(this.notifications.length ? { notifications: this.notifications } : {}),
      ...(this.commands.size ? { commands: [...this.commands.values()] } : {}),
    };
    this.alarms = new Map();
    this.notifications = [];
    this.commands = new Map();
    for (const l of this.listeners) l(message);
    const text = JSON.stringify(message);
    // A client that is behind gets all of it in its fresh snapshot once it drains.
    for (const ws of this.clients) if (ws.readyState === ws.OPEN && !this.stale.has(ws) && ws.bufferedAmount <= MAX_BUFFERED) ws.send(text);
  }

  flush(): void {
    const now = Date.now();
    const statsDue = now - this.lastStats >= STATS_EVERY_MS;
    const anything = this.changed.size || this.removed.size || this.events.length || this.demoDirty || this.camerasDirty || this.alarms.size || this.notifications.length || this.assets.size || this.commands.size || this.siteDirty;
    if (!anything && !statsDue) return;
    if (this.clients.size === 0 && this.listeners.size === 0) {
      this.reset();
      return;
    }
    this.trimEvents();
    const devices: DeviceStatus[] = [];
    for (const id of this.changed) {
      const d = this.sources.device(id);
      if (d) devices.push(d);
    }
    const message: StreamMessage = {
      type: 'delta', seq: ++this.seq, at: now, devices, removedDevices: [...this.removed], events: this.events, eventsDropped: this.dropped,
      ...(statsDue ? { stats: this.sources.stats() } : {}),
      ...(this.demoDirty ? { demo: this.sources.demo() } : {}),
      ...(this.camerasDirty ? { cameras: this.sources.cameras() } : {}),
      ...(this.alarms.size ? { alarms: [...this.alarms.values()] } : {}),
      ...(this.notifications.length ? { notifications: this.notifications } : {}),
      ...(this.assets.size ? { assets: [...this.assets.values()] } : {}),
      ...(this.commands.size ? { commands: [...this.commands.values()] } : {}),
      ...(this.siteDirty ? { site: this.sources.site(), monitors: this.sources.monitors() } : {}),
    };
    if (statsDue) this.lastStats = now;
    this.reset();
    for (const l of this.listeners) l(message);
    if (this.clients.size === 0) return;
    const text = JSON.stringify(message);
    for (const ws of this.clients) {
      if (ws.readyState !== ws.OPEN) continue;
      if (ws.bufferedAmount > MAX_BUFFERED) {
        this.stale.add(ws);
      } else if (this.stale.has(ws)) {
        this.stale.delete(ws);
        this.sendSnapshot(ws);
      } else {
        ws.send(text);
      }
    }
  }

  private reset(): void {
    this.changed = new Set();
    this.removed = new Set();
    this.events = [];
    this.dropped = 0;
    this.demoDirty = false;
    this.camerasDirty = false;
    this.alarms = new Map();
    this.notifications = [];
    this.assets = new Map();
    this.commands = new Map();
    this.siteDirty = false;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    for (const ws of this.clients) ws.close(1001, 'server stopping');
    this.clients.clear();
    this.wss.close();
  }
}
