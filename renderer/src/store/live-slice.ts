import type { StreamMessage } from '../../../shared/bridge.js';
import type { DeviceStatus, EventRecord, IngestStats } from '../../../shared/domain.js';

/** The live list keeps this many; a virtualised list draws only the visible rows. */
export const MAX_EVENTS = 100_000;

export interface DirectoryEntry {
  id: number;
  name: string;
}

/** Sensors and what they sent: devices with their latest values, ingest counters, live events. */
export interface LiveSlice {
  devices: Record<number, DeviceStatus>;
  /**
   * Devices by name, for lists and pickers. Rebuilt only when a device is added, removed or
   * renamed, once per update here rather than in every picker, so a 5,000-entry list is not
   * redone ten times a second.
   */
  directory: DirectoryEntry[];
  stats: IngestStats | null;
  events: EventRecord[];
  demo: boolean;
}

export const initialLive: LiveSlice = { devices: {}, directory: [], stats: null, events: [], demo: false };

const directoryOf = (devices: Record<number, DeviceStatus>): DirectoryEntry[] =>
  Object.values(devices).map((d) => ({ id: d.id, name: d.name })).sort((a, b) => a.name.localeCompare(b.name));

/**
 * Both lists newest first (by id, which the core hands out in order); the union, without
 * duplicates, at most MAX_EVENTS. Fills the gap when the stream had to leave events out.
 */
export function mergeEvents(current: EventRecord[], fetched: EventRecord[]): EventRecord[] {
  const sorted = [...fetched].sort((a, b) => b.id - a.id);
  const out: EventRecord[] = [];
  let i = 0;
  let j = 0;
  let last = Infinity;
  while (out.length < MAX_EVENTS && (i < current.length || j < sorted.length)) {
    const a = current[i];
    const b = sorted[j];
    const next = a && (!b || a.id >= b.id) ? current[i++]! : sorted[j++]!;
    if (next.id === last) continue;
    out.push(next);
    last = next.id;
  }
  return out;
}

export function reduceLive(s: LiveSlice, m: StreamMessage): Partial<LiveSlice> {
  if (m.type === 'snapshot') {
    const devices = Object.fromEntries(m.devices.map((d) => [d.id, d]));
    return { devices, directory: directoryOf(devices), stats: m.stats, demo: m.demo.enabled };
  }
  const out: Partial<LiveSlice> = {};
  if (m.devices.length || m.removedDevices.length) {
    const devices = { ...s.devices };
    for (const d of m.devices) devices[d.id] = d;
    for (const id of m.removedDevices) delete devices[id];
    out.devices = devices;
    if (m.removedDevices.length || m.devices.some((d) => s.devices[d.id]?.name !== d.name)) out.directory = directoryOf(devices);
  }
  if (m.events.length) {
    // A refetch may already have brought some of these; then merge rather than prepend.
    const top = s.events[0]?.id ?? -Infinity;
    out.events = m.events[0]!.id > top ? [...[...m.events].reverse(), ...s.events].slice(0, MAX_EVENTS) : mergeEvents(s.events, m.events);
  }
  if (m.stats) out.stats = m.stats;
  if (m.demo) out.demo = m.demo.enabled;
  return out;
}
