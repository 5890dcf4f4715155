import { placementLink, placementObject, type SiteMap } from './model.js';

/** The alarms standing on a map and every map below it. */
export interface Rollup {
  count: number;
  /** The lowest priority number: the worst alarm. */
  worst: number | null;
}

/** What the roll-up needs of an alarm: its id, priority and the object it stands on. */
export interface RollupAlarm {
  id: number;
  priority: number;
  /** `device:1`, `asset:door-01`; null for a site-wide alarm. */
  object: string | null;
}

type MapLike = Pick<SiteMap, 'id' | 'parentId' | 'placements'>;

/**
 * The maps below each map, itself included: its child maps and the maps its links and linked
 * areas open, at any depth. A cycle of links (floor links back to campus) ends where it closes.
 */
export function mapsBelow(maps: readonly MapLike[]): Map<number, Set<number>> {
  const edges = new Map<number, Set<number>>();
  for (const m of maps) edges.set(m.id, new Set());
  for (const m of maps) {
    if (m.parentId !== null && edges.has(m.parentId)) edges.get(m.parentId)!.add(m.id);
    for (const p of m.placements) {
      const to = placementLink(p);
      if (to !== null && edges.has(to)) edges.get(m.id)!.add(to);
    }
  }
  const out = new Map<number, Set<number>>();
  for (const m of maps) {
    const seen = new Set<number>([m.id]);
    const stack = [m.id];
    while (stack.length) for (const next of edges.get(stack.pop()!) ?? []) if (!seen.has(next)) { seen.add(next); stack.push(next); }
    out.set(m.id, seen);
  }
  return out;
}

/** Which maps hold each object (`device:1` → maps 3 and 7). */
export function objectMaps(maps: readonly MapLike[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const m of maps) {
    for (const p of m.placements) {
      const key = placementObject(p);
      if (!key) continue;
      const list = out.get(key);
      if (!list) out.set(key, [m.id]);
      else if (!list.includes(m.id)) list.push(m.id);
    }
  }
  return out;
}

/** The inverse of mapsBelow: each map's ancestors, itself included. */
function mapsAbove(below: Map<number, Set<number>>): Map<number, number[]> {
  const above = new Map<number, number[]>();
  for (const [top, set] of below) for (const m of set) { const list = above.get(m); if (list) list.push(top); else above.set(m, [top]); }
  return above;
}

/**
 * Count and worst priority of the alarms standing on each map and below it. An alarm whose
 * source sits on several maps counts once per map. Work is alarms × depth, not alarms × maps:
 * an alarm change on a 50-map site stays well inside a frame.
 */
export class RollupIndex {
  private readonly above: Map<number, number[]>;
  private readonly holders: Map<string, number[]>;
  readonly below: Map<number, Set<number>>;

  constructor(maps: readonly MapLike[]) {
    this.below = mapsBelow(maps);
    this.above = mapsAbove(this.below);
    this.holders = objectMaps(maps);
  }

  /** The maps that hold an object, in the order they were listed. */
  mapsOf(object: string): readonly number[] {
    return this.holders.get(object) ?? [];
  }

  rollUp(alarms: Iterable<RollupAlarm>): Map<number, Rollup> {
    const out = new Map<number, Rollup>();
    const marks = new Map<number, number>();
    for (const a of alarms) {
      if (a.object === null) continue;
      const holders = this.holders.get(a.object);
      if (!holders) continue;
      for (const h of holders) {
        for (const m of this.above.get(h) ?? [h]) {
          if (marks.get(m) === a.id) continue;
          marks.set(m, a.id);
          const r = out.get(m);
          if (!r) out.set(m, { count: 1, worst: a.priority });
          else { r.count++; if (r.worst === null || a.priority < r.worst) r.worst = a.priority; }
        }
      }
    }
    return out;
  }

  /** Alarms standing on placed objects none of whose maps is in view (`mapId` and below). */
  elsewhere(mapId: number, alarms: Iterable<RollupAlarm>): Rollup {
    const inView = this.below.get(mapId) ?? new Set([mapId]);
    const r: Rollup = { count: 0, worst: null };
    for (const a of alarms) {
      const holders = a.object === null ? undefined : this.holders.get(a.object);
      if (!holders || holders.some((h) => inView.has(h))) continue;
      r.count++;
      if (r.worst === null || a.priority < r.worst) r.worst = a.priority;
    }
    return r;
  }
}
