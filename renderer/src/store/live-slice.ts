import type { StreamMessage } from '../../../shared/bridge.js';
import type { DeviceStatus, EventRecord, IngestStats } from '../../../shared/domain.js';

/** The live list keeps this many; a virtualised list draws only the visible rows. */
export const MAX_EVENTS = 100_000;

/** Sensors and what they sent: devices with their latest values, ingest counters, live events. */
export interface LiveSlice {
  devices: Record<number, DeviceStatus>;
  stats: IngestStats | null;
  events: EventRecord[];
  demo: boolean;
}

export const initialLive: LiveSlice = { devices: {}, stats: null, events: [], demo: false };

export function reduceLive(s: LiveSlice, m: StreamMessage): Partial<LiveSlice> {
  if (m.type === 'snapshot') return { devices: Object.fromEntries(m.devices.map((d) => [d.id, d])), stats: m.stats, demo: m.demo.enabled };
  let devices = s.devices;
  if (m.devices.length || m.removedDevices.length) {
    devices = { ...s.devices };
    for (const d of m.devices) devices[d.id] = d;
    for (const id of m.removedDevices) delete devices[id];
  }
  const out: Partial<LiveSlice> = { devices };
  if (m.events.length) out.events = [...[...m.events].reverse(), ...s.events].slice(0, MAX_EVENTS);
  if (m.stats) out.stats = m.stats;
  if (m.demo) out.demo = m.demo.enabled;
  return out;
}
