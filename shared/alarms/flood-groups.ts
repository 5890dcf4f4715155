import { z } from 'zod';
import type { AlarmView } from './definitions.js';

/** A flood: more than `count` alarms of one definition or one cause activating within `minutes`. */
export const FloodSettingsSchema = z.object({
  count: z.number().int().min(2).max(1000),
  minutes: z.number().int().min(1).max(240),
});
export type FloodSettings = z.infer<typeof FloodSettingsSchema>;
/** ISA-18.2's flood: more than 10 alarms in 10 minutes. */
export const DEFAULT_FLOOD_SETTINGS: FloodSettings = { count: 10, minutes: 10 };

export interface FloodGroup {
  /** Stable while the group stands: `cause:<source id>` or `definition:<id>@<place>`. */
  key: string;
  kind: 'definition' | 'cause';
  /** "Door Forced Open × 14 · Floor 1 – East" or "Connection Simulated site lost × 21". */
  title: string;
  /** Where the members are; '' for a cause group (the cause spans places). */
  place: string;
  /** The first activation: when the flood began. */
  since: number;
  /** The cause's own alarm first, then the first out, then the rest in the order they activated. */
  members: AlarmView[];
  /** The first alarm to activate: in process control, where the root cause is found. */
  firstOutId: number;
  /** The cause's own alarm, when it stands (the first of `causes`). */
  causeId: number | null;
  /** Every alarm that is the cause's own, most urgent first: they lead the group. */
  causes: number[];
  /** The most urgent member's priority: where the group sorts. */
  priority: number;
}

export const activationOf = (a: AlarmView): number => a.activatedAt ?? a.lastChangeAt;
const chronological = (x: AlarmView, y: AlarmView): number => activationOf(x) - activationOf(y) || x.id - y.id;

/** Whether more than `count` of these times fall within one window of `minutes`. */
export function isFlood(times: readonly number[], s: FloodSettings): boolean {
  if (times.length <= s.count) return false;
  const sorted = [...times].sort((x, y) => x - y);
  const windowMs = s.minutes * 60_000;
  for (let i = 0, j = 0; j < sorted.length; j++) {
    while (sorted[j]! - sorted[i]! > windowMs) i++;
    if (j - i + 1 > s.count) return true;
  }
  return false;
}

function group(kind: FloodGroup['kind'], key: string, label: string, place: string, heads: AlarmView[], rest: AlarmView[]): FloodGroup {
  const byTime = [...rest].sort(chronological);
  const firstOut = [...heads, ...byTime].sort(chronological)[0]!;
  // The cause leads; the first out is kept right under it, whatever the list's sort would say.
  const members = [...heads, ...(heads.includes(firstOut) ? [] : [firstOut]), ...byTime.filter((a) => a !== firstOut)];
  return {
    key, kind, place, members, firstOutId: firstOut.id, causeId: heads[0]?.id ?? null, causes: heads.map((a) => a.id),
    title: `${label} × ${members.length}${place ? ` · ${place}` : ''}`,
    since: activationOf(firstOut), priority: Math.min(...members.map((a) => a.priority)),
  };
}

/**
 * The flood groups among these alarms; the ones in no group stand alone. Pure, so the console
 * recomputes it on every change: groups form when a flood starts and dissolve once no more than
 * `count` of their members stand.
 *
 * - A cause group gathers the alarms one fault explains (`source.cause`), wherever they are,
 *   with the cause's own alarms first (its source is the cause, or it `explains` it).
 * - A definition group gathers one definition's alarms in one place. `placesOf` gives each
 *   alarm's places, narrowest first (its area, then wider maps); the level that gathers the most
 *   alarms into floods wins, the narrowest on a tie: 14 doors forced on Floor 1 – East group
 *   there, 30 forced over the whole building group as one.
 */
export function floodGroups(alarms: readonly AlarmView[], s: FloodSettings, placesOf: (a: AlarmView) => readonly string[]): FloodGroup[] {
  const standing = alarms.filter((a) => a.state !== 'normal');
  const out: FloodGroup[] = [];
  const taken = new Set<number>();

  const byCause = new Map<string, { name: string; members: AlarmView[] }>();
  for (const a of standing) {
    if (!a.source.cause) continue;
    const entry = byCause.get(a.source.cause.id) ?? { name: a.source.cause.name, members: [] };
    entry.members.push(a);
    byCause.set(a.source.cause.id, entry);
  }
  for (const [id, { name, members }] of byCause) {
    const heads = standing.filter((a) => !a.source.cause && (a.source.id === id || a.source.explains === id)).sort((x, y) => x.priority - y.priority || chronological(x, y));
    if (!isFlood([...heads, ...members].map(activationOf), s)) continue;
    const g = group('cause', `cause:${id}`, name, '', heads, members);
    for (const a of g.members) taken.add(a.id);
    out.push(g);
  }

  const byDefinition = new Map<string, AlarmView[]>();
  for (const a of standing) {
    if (taken.has(a.id) || a.source.cause) continue;
    const list = byDefinition.get(a.definitionId);
    if (list) list.push(a);
    else byDefinition.set(a.definitionId, [a]);
  }
  for (const [definitionId, list] of byDefinition) {
    if (list.length <= s.count) continue;
    const places = new Map(list.map((a) => [a.id, placesOf(a)]));
    const levels = Math.max(...[...places.values()].map((p) => p.length));
    let best: { floods: Array<[string, AlarmView[]]>; gathered: number } = { floods: [], gathered: 0 };
    for (let level = 0; level < levels; level++) {
      const buckets = new Map<string, AlarmView[]>();
      for (const a of list) {
        const place = places.get(a.id)![level];
        if (!place) continue;
        const bucket = buckets.get(place);
        if (bucket) bucket.push(a);
        else buckets.set(place, [a]);
      }
      const floods = [...buckets].filter(([, members]) => isFlood(members.map(activationOf), s));
      const gathered = floods.reduce((n, [, m]) => n + m.length, 0);
      if (gathered > best.gathered) best = { floods, gathered };
    }
    for (const [place, members] of best.floods) out.push(group('definition', `definition:${definitionId}@${place}`, members[0]!.name, place, [], members));
  }
  return out;
}

/** Activations per window: the ISA flood condition holds above `count`. */
export function activationRate(times: readonly number[], now: number, s: FloodSettings): { count: number; flood: boolean } {
  const from = now - s.minutes * 60_000;
  const count = times.filter((t) => t > from && t <= now).length;
  return { count, flood: count > s.count };
}

const sameIds = (x: readonly number[], y: readonly number[]): boolean => x.length === y.length && x.every((id, i) => id === y[i]);

/**
 * The new groups, with each one whose members (the very same alarm objects, in the same order)
 * and heading did not change replaced by its previous object: a list keyed on identity then
 * redraws only the groups a change touched.
 */
export function keepUnchanged(previous: readonly FloodGroup[], next: FloodGroup[]): FloodGroup[] {
  if (previous.length === 0) return next;
  const before = new Map(previous.map((g) => [g.key, g]));
  return next.map((g) => {
    const p = before.get(g.key);
    const same = p !== undefined && p.title === g.title && p.since === g.since && p.priority === g.priority && p.firstOutId === g.firstOutId
      && sameIds(p.causes, g.causes) && p.members.length === g.members.length && p.members.every((a, i) => a === g.members[i]);
    return same ? p : g;
  });
}
