import type { AlarmView } from '../../../../shared/alarms/definitions.js';
import type { DeviceStatus } from '../../../../shared/domain.js';
import type { AssetView } from '../../../../shared/site/views.js';
import type { MarkerKey } from '../../store/console-store.js';
import { priorityBand } from '../alarms/priority.js';

export const BAND_COLOUR = { critical: '#f85149', high: '#d29922', low: '#58a6ff' } as const;

/** What a marker needs to be drawn; its popup reads the live device or asset itself. */
export interface MarkerInfo {
  key: MarkerKey;
  name: string;
  /** The room or zone it is in, as the site names it. */
  area: string;
  colour: string;
  /** An unacknowledged alarm stands on it. */
  blinking: boolean;
  /** Placed with its field of view. */
  camera?: boolean;
  /** Its worst annunciated alarm's priority (lower is worse); null: none. */
  priority: number | null;
}


/** The marker an alarm stands on; a site-wide alarm has none. */
export function alarmMarker(a: AlarmView): MarkerKey | null {
  if (a.source.kind === 'device') return a.source.deviceId === null ? null : `device:${a.source.deviceId}`;
  return a.source.kind === 'asset' ? `asset:${a.source.id.replace(/^asset:/, '')}` : null;
}

/** The worst annunciated alarm per source. */
export function worstAlarms(alarms: Record<number, AlarmView>): Map<string, AlarmView> {
  const worst = new Map<string, AlarmView>();
  for (const a of Object.values(alarms)) {
    if (!a.annunciated) continue;
    const key = alarmMarker(a);
    if (!key) continue;
    const prev = worst.get(key);
    if (!prev || a.priority < prev.priority) worst.set(key, a);
  }
  return worst;
}

const unacknowledged = (a: AlarmView | undefined): boolean => Boolean(a && (a.state === 'unack' || a.state === 'rtn-unack'));

/** Markers coloured by their worst alarm, else by their state: online/offline, or the asset's displayed colour. */
export function buildMarkers(devices: Record<number, DeviceStatus>, assets: Record<string, AssetView>, alarms: Record<number, AlarmView>): MarkerInfo[] {
  const worst = worstAlarms(alarms);
  const out: MarkerInfo[] = [];
  for (const d of Object.values(devices)) {
    const key: MarkerKey = `device:${d.id}`;
    const alarm = worst.get(key);
    out.push({ key, name: d.name, area: `${d.deviceId} ${d.location}`, colour: alarm ? BAND_COLOUR[priorityBand(alarm.priority)] : d.online ? '#3fb950' : '#8a99a8', blinking: unacknowledged(alarm), priority: alarm?.priority ?? null });
  }
  for (const a of Object.values(assets)) {
    const key: MarkerKey = `asset:${a.id}`;
    const alarm = worst.get(key);
    out.push({ key, name: a.name, area: a.area, colour: alarm ? BAND_COLOUR[priorityBand(alarm.priority)] : a.colour, blinking: unacknowledged(alarm), camera: a.type === 'camera', priority: alarm?.priority ?? null });
  }
  return out;
}
