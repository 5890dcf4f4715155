import { displayedState } from '../../../shared/site/asset-model.js';
import type { StatusEntry, StatusTables } from '../../../shared/site/tables.js';
import type { AssetView } from '../../../shared/site/views.js';
import type { LastAccessEvent } from '../../../shared/site/workflows.js';
import type { AssetSnapshot } from './driver.js';

interface AssetRecord {
  snapshot: AssetSnapshot;
  masked: boolean;
  acknowledged: boolean;
  lastAccess: LastAccessEvent | null;
}

const FALLBACK: StatusEntry = { colour: '#8a99a8', icon: 'unknown', priority: 255, raisesAlarm: false, latches: false };

/** The mirrored assets: their true states, the operator's overlay, and what the console shows. */
export class AssetRegistry {
  private readonly assets = new Map<string, AssetRecord>();
  communication = false;

  constructor(public tables: StatusTables) {}

  replaceAll(snapshots: AssetSnapshot[]): void {
    const old = this.assets;
    const next = new Map<string, AssetRecord>();
    for (const s of snapshots) {
      const prev = old.get(s.id);
      next.set(s.id, { snapshot: s, masked: prev?.masked ?? false, acknowledged: prev?.acknowledged ?? false, lastAccess: prev?.lastAccess ?? null });
    }
    this.assets.clear();
    for (const [k, v] of next) this.assets.set(k, v);
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
    const displayed = displayedState({ states: s.states, masked: r.masked, acknowledged: r.acknowledged, communication: this.communication }, (st) => table[st]?.priority ?? 255);
    const e = table[displayed] ?? FALLBACK;
    return {
      id: s.id, type: s.type, name: s.name, area: s.area, states: [...s.states], displayed, colour: e.colour, icon: e.icon, priority: e.priority,
      masked: r.masked, acknowledged: r.acknowledged, communication: this.communication, lastAccess: r.lastAccess, attributes: s.attributes,
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
