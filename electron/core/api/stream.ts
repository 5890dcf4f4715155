import type { WebSocket } from 'ws';
import type { DemoState, StreamMessage } from '../../../shared/bridge.js';
import type { CameraView, DeviceStatus, EventRecord, IngestStats } from '../../../shared/domain.js';
import type { AlarmView, Notification } from '../../../shared/alarms/definitions.js';
import type { AssetView, CommandView, SiteConnectionView } from '../../../shared/site/views.js';
import type { Monitor } from '../../../shared/site/workflows.js';
import type { Publisher } from '../publisher.js';
import { SIGNED_OUT } from '../../../shared/bridge-channels.js';

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
const SESSION_CHECK_MS = 250;
/** A console reads this close code as "signed out": it shows the reason and does not reconnect. */
export { SIGNED_OUT };
const MAX_MISSED_NOTIFICATIONS = 200;

type Delta = Extract<StreamMessage, { type: 'delta' }>;

/** What a stale client was not sent: a snapshot restores state, not what happened meanwhile. */
interface Missed {
  events: number;
  notifications: Notification[];
  commands: Map<number, CommandView>;
}

function addMissed(m: Missed | undefined, d: Delta): Missed {
  const out: Missed = m ?? { events: 0, notifications: [], commands: new Map() };
  out.events += d.events.length + d.eventsDropped;
  for (const n of d.notifications ?? []) if (out.notifications.length < MAX_MISSED_NOTIFICATIONS) out.notifications.push(n);
  for (const c of d.commands ?? []) out.commands.set(c.id, c);
  return out;
}

/**
 * Sent right after the catch-up snapshot: the notifications and commands the client missed, and
 * how many events it missed (eventsDropped), so the console fetches them back.
 */
function catchUp(d: Delta, m: Missed): Delta {
  return {
    ...d, events: [], eventsDropped: m.events,
    ...(m.notifications.length ? { notifications: m.notifications } : {}),
    ...(m.commands.size ? { commands: [...m.commands.values()] } : {}),
  };
}
/** Alarms, notifications and commands go out at once, but at most one such message per 10 ms: a storm is coalesced, not a flood. */
const URGENT_GAP_MS = 10;

/**
 * The live stream. Whatever the ingest rate, each client gets at most one message of values per
 * window (100 ms by default: ~10 flushes/s), holding only what changed. Alarms, notifications
 * and commands do not wait for the window (see urgent()).
 */
export class StreamHub implements Publisher {
  private readonly clients = new Set<WebSocket>();
  private readonly sessions = new Map<WebSocket, () => string | null>();
  private sessionTimer: NodeJS.Timeout | null = null;
  /** Clients too far behind to be sent deltas, each with what it missed meanwhile. */
  private readonly stale = new Map<WebSocket, Missed>();
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
  private removedAssets = new Set<string>();
  private commands = new Map<number, CommandView>();
  private siteDirty = false;
  private maps = new Set<number>();
  private incidents = new Set<number>();
  private cameraLinksDirty = false;
  private seq = 0;
  private lastStats = 0;
  private timer: NodeJS.Timeout | null = null;
  private urgentArmed = false;
  private lastUrgent = 0;

  constructor(private readonly sources: StreamSources, readonly flushMs = 100) {}

  start(): void {
    this.timer = setInterval(() => this.flush(), this.flushMs);
    this.timer.unref();
    this.sessionTimer = setInterval(() => this.closeEnded(), SESSION_CHECK_MS);
    this.sessionTimer.unref();
  }

  /** A stream lives no longer than its session: closed with the reason, which the console shows. */
  private closeEnded(): void {
    for (const [ws, ended] of this.sessions) {
      const reason = ended();
      if (reason === null) continue;
      this.sessions.delete(ws);
      // A close reason is at most 123 bytes.
      ws.close(SIGNED_OUT, `Signed out: ${reason}`.slice(0, 120));
    }
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

  /**
   * A WebSocket client whose session the server has checked. `ended` says why its session
   * ended (logout, disabled, password reset, expiry), or null while it holds.
   */
  accept(ws: WebSocket, ended: () => string | null = () => null): void {
    this.clients.add(ws);
    this.sessions.set(ws, ended);
    ws.on('close', () => { this.clients.delete(ws); this.stale.delete(ws); this.sessions.delete(ws); });
    ws.on('error', () => ws.terminate());
    // Clients only listen; anything they send is ignored.
    ws.on('message', () => undefined);
    this.sendSnapshot(ws);
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
    if (this.clientCount) {
      this.assets.set(asset.id, asset);
      this.removedAssets.delete(asset.id);
    }
  }

  assetsRemoved(ids: string[]): void {
    if (!this.clientCount) return;
    for (const id of ids) {
      this.assets.delete(id);
      this.removedAssets.add(id);
    }
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

  /** Maps created, edited or deleted: every console refetches them. */
  mapsChanged(ids: number[]): void {
    if (this.clientCount) for (const id of ids) this.maps.add(id);
  }

  /** Incidents opened or changed: every console refetches them. */
  incidentsChanged(ids: number[]): void {
    if (this.clientCount) for (const id of ids) this.incidents.add(id);
  }

  /** Camera links changed: every console refetches them. */
  cameraLinksChanged(): void {
    if (this.clientCount) this.cameraLinksDirty = true;
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
    const message: Delta = {
      type: 'delta', seq: ++this.seq, at: now, devices: [], removedDevices: [], events: [], eventsDropped: 0,
      ...(this.alarms.size ? { alarms: [...this.alarms.values()] } : {}),
      ...(this.notifications.length ? { notifications: this.notifications } : {}),
      ...(this.commands.size ? { commands: [...this.commands.values()] } : {}),
    };
    this.alarms = new Map();
    this.notifications = [];
    this.commands = new Map();
    for (const l of this.listeners) l(message);
    this.deliver(message);
  }

  flush(): void {
    const now = Date.now();
    const statsDue = now - this.lastStats >= STATS_EVERY_MS;
    const anything = this.changed.size || this.removed.size || this.events.length || this.demoDirty || this.camerasDirty || this.alarms.size || this.notifications.length || this.assets.size || this.removedAssets.size || this.commands.size || this.siteDirty || this.maps.size || this.incidents.size || this.cameraLinksDirty;
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
    const message: Delta = {
      type: 'delta', seq: ++this.seq, at: now, devices, removedDevices: [...this.removed], events: this.events, eventsDropped: this.dropped,
      ...(statsDue ? { stats: this.sources.stats() } : {}),
      ...(this.demoDirty ? { demo: this.sources.demo() } : {}),
      ...(this.camerasDirty ? { cameras: this.sources.cameras() } : {}),
      ...(this.alarms.size ? { alarms: [...this.alarms.values()] } : {}),
      ...(this.notifications.length ? { notifications: this.notifications } : {}),
      ...(this.assets.size ? { assets: [...this.assets.values()] } : {}),
      ...(this.removedAssets.size ? { removedAssets: [...this.removedAssets] } : {}),
      ...(this.commands.size ? { commands: [...this.commands.values()] } : {}),
      ...(this.siteDirty ? { site: this.sources.site(), monitors: this.sources.monitors() } : {}),
      ...(this.maps.size ? { maps: [...this.maps] } : {}),
      ...(this.incidents.size ? { incidents: [...this.incidents] } : {}),
      ...(this.cameraLinksDirty ? { cameraLinks: true as const } : {}),
    };
    if (statsDue) this.lastStats = now;
    this.reset();
    for (const l of this.listeners) l(message);
    this.deliver(message);
  }

  /**
   * One delta to every WebSocket client. A client too far behind is not sent more: what it
   * missed is kept, and once it drains it gets a fresh snapshot and then that catch-up.
   */
  private deliver(message: Delta): void {
    if (this.clients.size === 0) return;
    let text: string | null = null;
    for (const ws of this.clients) {
      if (ws.readyState !== ws.OPEN) continue;
      const missed = this.stale.get(ws);
      if (ws.bufferedAmount > MAX_BUFFERED) {
        this.stale.set(ws, addMissed(missed, message));
      } else if (missed) {
        this.stale.delete(ws);
        this.sendSnapshot(ws);
        ws.send(JSON.stringify(catchUp(message, addMissed(missed, message))));
      } else {
        ws.send(text ??= JSON.stringify(message));
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
    this.removedAssets = new Set();
    this.commands = new Map();
    this.siteDirty = false;
    this.maps = new Set();
    this.incidents = new Set();
    this.cameraLinksDirty = false;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.sessionTimer) clearInterval(this.sessionTimer);
    for (const ws of this.clients) ws.close(1001, 'server stopping');
    this.clients.clear();
  }
}
