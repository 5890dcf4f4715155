import { displayedState } from '../../../shared/site/asset-model.js';
import type { StatusEntry, StatusTables } from '../../../shared/site/tables.js';
import type { AssetView } from '../../../shared/site/views.js';
import type { LastAccessEvent } from '../../../shared/site/workflows.js';
import type { AssetSnapshot } from './driver.js';

interface AssetRecord {
  /** The connection that reports the asset. */
  connection: string;
  snapshot: AssetSnapshot;
  masked: boolean;
  acknowledged: boolean;
  lastAccess: LastAccessEvent | null;
}

const FALLBACK: StatusEntry = { colour: '#8a99a8', icon: 'unknown', priority: 255, raisesAlarm: false, latches: false };

/**
 * The mirrored assets of every connection: their true states, the operator's overlay, and what
 * the console shows. Communication is per connection: one connection failing marks only its
 * own assets No Communication.
 */
export class AssetRegistry {
  private readonly assets = new Map<string, AssetRecord>();
  private readonly links = new Map<string, boolean>();
  /** Connection ids in the order their assets are listed. */
  private order: string[] = [];

  /** `onRemoved` hears of assets that left (a rediscovery without them, a removed connection), so open consoles drop their tiles. */
  constructor(public tables: StatusTables, private readonly onRemoved: (ids: string[]) => void = () => {}) {}

  /** A connection's assets after a discovery; each asset's Mask, Acknowledge and last access stay. */
  replaceConnection(connection: string, snapshots: AssetSnapshot[]): void {
    if (!this.order.includes(connection)) this.order.push(connection);
    const old = this.assets;
    const fresh = new Map<string, AssetRecord>();
    for (const s of snapshots) {
      const prev = old.get(s.id);
      fresh.set(s.id, { connection, snapshot: s, masked: prev?.masked ?? false, acknowledged: prev?.acknowledged ?? false, lastAccess: prev?.lastAccess ?? null });
    }
    const next = new Map<string, AssetRecord>();
    for (const c of this.order) {
      if (c === connection) for (const [k, v] of fresh) next.set(k, v);
      else for (const [k, v] of old) if (v.connection === c && !fresh.has(k)) next.set(k, v);
    }
    const removed = [...old.keys()].filter((k) => !next.has(k));
    this.assets.clear();
    for (const [k, v] of next) this.assets.set(k, v);
    if (removed.length) this.onRemoved(removed);
  }

  /** A connection removed: its assets go with it. */
  removeConnection(connection: string): void {
    this.replaceConnection(connection, []);
    this.order = this.order.filter((c) => c !== connection);
    this.links.delete(connection);
  }

  setCommunication(connection: string, ok: boolean): void {
    this.links.set(connection, ok);
  }

  communicationOf(connection: string): boolean {
    return this.links.get(connection) ?? false;
  }

  connectionOf(id: string): string | undefined {
    return this.assets.get(id)?.connection;
  }

  idsOf(connection: string): string[] {
    return [...this.assets.values()].filter((r) => r.connection === connection).map((r) => r.snapshot.id);
  }

  has(id: string): boolean {
    return this.assets.has(id);
  }

  record(id: string): AssetRecord | undefined {
    return this.assets.get(id);
  }

  ids(): string[] {
    return [...this.assets.keys()];
  }

  entry(view: Pick<AssetView, 'type'>, state: string): StatusEntry {
    return this.tables[view.type]?.[state] ?? FALLBACK;
  }

  view(id: string): AssetView | undefined {
    const r = this.assets.get(id);
    if (!r) return undefined;
    const s = r.snapshot;
    const table = this.tables[s.type] ?? {};
    const communication = this.communicationOf(r.connection);
    const displayed = displayedState({ states: s.states, masked: r.masked, acknowledged: r.acknowledged, communication }, (st) => table[st]?.priority ?? 255);
    const e = table[displayed] ?? FALLBACK;
    return {
      id: s.id, type: s.type, name: s.name, area: s.area, states: [...s.states], displayed, colour: e.colour, icon: e.icon, priority: e.priority,
      masked: r.masked, acknowledged: r.acknowledged, communication, connection: r.connection, lastAccess: r.lastAccess, attributes: s.attributes,
    };
  }

  all(): AssetView[] {
    return this.ids().map((id) => this.view(id)!);
  }

  /** True states that raise an alarm per the status table. */
  alarmingStates(id: string): string[] {
    const r = this.assets.get(id);
    if (!r) return [];
    return r.snapshot.states.filter((st) => this.tables[r.snapshot.type]?.[st]?.raisesAlarm);
  }

  /**
   * New true states from the site. An Acknowledge covers the alarm it acknowledged: a new
   * alarming state shows again.
   */
  update(id: string, states: string[], attributes?: Record<string, unknown>): { before: string[]; newAlarm: boolean } | null {
    const r = this.assets.get(id);
    if (!r) return null;
    const before = r.snapshot.states;
    const wasAlarming = new Set(before.filter((st) => this.tables[r.snapshot.type]?.[st]?.raisesAlarm));
    r.snapshot.states = states;
    if (attributes) r.snapshot.attributes = attributes;
    const newAlarm = states.some((st) => this.tables[r.snapshot.type]?.[st]?.raisesAlarm && !wasAlarming.has(st));
    if (newAlarm) r.acknowledged = false;
    return { before, newAlarm };
  }
}
