import { useEffect, useMemo, useRef, useState } from 'react';
import type { Bridge } from '../../../../shared/bridge.js';
import type { AlarmView } from '../../../../shared/alarms/definitions.js';
import { DEFAULT_FLOOD_SETTINGS, type FloodSettings } from '../../../../shared/alarms/flood-groups.js';
import type { SiteMap } from '../../../../shared/maps/model.js';
import { RollupIndex } from '../../../../shared/maps/rollup.js';
import { alarmMarker } from '../map/markers.js';

/** The widest place a flood of one definition can gather in: the whole site, as on its top map. */
export const WHOLE_SITE = 'whole site';

/** The site's flood settings (N alarms in M minutes); the ISA defaults until they arrive or if they cannot. */
export function useFloodSettings(bridge: Bridge): FloodSettings {
  const [settings, setSettings] = useState<FloodSettings>(DEFAULT_FLOOD_SETTINGS);
  useEffect(() => {
    let live = true;
    bridge.call('floods.settings').then((s) => { if (live && s) setSettings(s); }).catch(() => undefined);
    return () => { live = false; };
  }, [bridge]);
  return settings;
}

/**
 * The areas this operator watches (an admin sets them on the Operators page); none: every area.
 * Asked again now and then, so a change reaches a console that stays open.
 */
export function useMyAreas(bridge: Bridge, username: string | undefined): string[] {
  const [areas, setAreas] = useState<string[]>([]);
  useEffect(() => {
    if (!username) return;
    let live = true;
    const load = (): void => { bridge.call('sessions.areas').then((r) => { if (live && r) setAreas((before) => (before.join('\n') === r.areas.join('\n') ? before : r.areas)); }).catch(() => undefined); };
    load();
    const timer = setInterval(load, 30_000);
    return () => { live = false; clearInterval(timer); };
  }, [bridge, username]);
  return areas;
}

export interface Activation { t: number; area: string }
const KEEP_MS = 3_600_000;

/**
 * Every activation the console has seen, with where it happened: an alarm that appears, or one
 * whose activation count goes up. Alarms back to normal leave the list; their activations stay
 * counted for the flood rate.
 */
export function useActivationTimes(alarms: readonly AlarmView[], areaOf: (a: AlarmView) => string): Activation[] {
  const counts = useRef(new Map<number, number>());
  const times = useRef<Activation[]>([]);
  const latest = useRef(0);
  return useMemo(() => {
    const fresh: Activation[] = [];
    for (const a of alarms) {
      const before = counts.current.get(a.id);
      if (before === undefined || a.activations > before) {
        const t = before === undefined ? a.activatedAt ?? a.lastChangeAt : a.lastChangeAt;
        fresh.push({ t, area: areaOf(a) });
        latest.current = Math.max(latest.current, t);
      }
      counts.current.set(a.id, a.activations);
    }
    // Nothing new: the same list, not a copy of thousands on every change in a flood.
    if (fresh.length === 0) return times.current;
    times.current = [...times.current, ...fresh].filter((x) => latest.current - x.t < KEEP_MS);
    return times.current;
    // Only the alarms drive it: an activation keeps the area it had when it was recorded.
  }, [alarms]);
}

/**
 * Where an alarm is, narrowest first, for flood grouping: its area, then the map that shows its
 * source and the maps above it (its floor, the building, the campus), then the whole site. Only
 * the maps' own hierarchy counts: stairs linking one floor to the next do not put a floor above
 * another.
 */
export function usePlaces(maps: readonly SiteMap[] | null, areaOf: (a: AlarmView) => string): (a: AlarmView) => string[] {
  return useMemo(() => {
    const index = new RollupIndex(maps ?? []);
    const byId = new Map((maps ?? []).map((m) => [m.id, m]));
    const byObject = new Map<string, string[]>();
    const mapsOf = (object: string): string[] => {
      let out = byObject.get(object);
      if (out) return out;
      out = [];
      const seen = new Set<number>();
      for (let m = byId.get(index.mapsOf(object)[0] ?? -1); m && !seen.has(m.id); m = m.parentId === null ? undefined : byId.get(m.parentId)) {
        seen.add(m.id);
        out.push(m.name);
      }
      byObject.set(object, out);
      return out;
    };
    return (a) => {
      const marker = alarmMarker(a);
      return [areaOf(a), ...(marker ? mapsOf(marker) : []), WHOLE_SITE];
    };
  }, [maps, areaOf]);
}
