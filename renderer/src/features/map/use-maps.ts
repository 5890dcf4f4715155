import { useEffect, useMemo, useState } from 'react';
import type { Bridge } from '../../../../shared/bridge.js';
import type { SiteMap } from '../../../../shared/maps/model.js';
import { RollupIndex, type Rollup, type RollupAlarm } from '../../../../shared/maps/rollup.js';
import { useConsole } from '../../store/console-store.js';
import { alarmMarker } from './markers.js';
import { ROLLUP_MEASURE, timed } from './measure.js';

/** Every map, fetched again whenever the stream says one changed. */
export function useMaps(bridge: Bridge): { maps: SiteMap[] | null; reload: () => void } {
  const revision = useConsole((s) => s.mapsRevision);
  const [maps, setMaps] = useState<SiteMap[] | null>(null);
  const [asked, setAsked] = useState(0);
  useEffect(() => {
    let live = true;
    void bridge.call('maps.list').then((m) => { if (live) setMaps(m); }).catch(() => { if (live) setMaps((old) => old ?? []); });
    return () => { live = false; };
  }, [bridge, revision, asked]);
  return { maps, reload: () => setAsked((n) => n + 1) };
}

/** Alarms standing on each map and below it, and the index that answers where an object is placed. */
export function useRollup(maps: readonly SiteMap[]): { index: RollupIndex; rollup: Map<number, Rollup>; standing: RollupAlarm[] } {
  const alarms = useConsole((s) => s.alarms);
  const index = useMemo(() => new RollupIndex(maps), [maps]);
  const { standing, rollup } = useMemo(() => {
    const started = performance.now();
    const standing = Object.values(alarms).filter((a) => a.annunciated).map((a) => ({ id: a.id, priority: a.priority, object: alarmMarker(a) }));
    const rollup = index.rollUp(standing);
    timed(ROLLUP_MEASURE, started);
    return { standing, rollup };
  }, [alarms, index]);
  return { index, rollup, standing };
}
