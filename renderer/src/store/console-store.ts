import { create } from 'zustand';
import type { SessionInfo, StreamMessage, StreamState } from '../../../shared/bridge.js';
import type { CameraView, DeviceStatus, EventRecord, IngestStats } from '../../../shared/domain.js';

const MAX_EVENTS = 200;

export interface ConsoleState {
  session: SessionInfo | null;
  stream: StreamState;
  devices: Record<number, DeviceStatus>;
  stats: IngestStats | null;
  events: EventRecord[];
  demo: boolean;
  cameras: CameraView[];
  setSession(session: SessionInfo | null): void;
  setStream(state: StreamState): void;
  setEvents(events: EventRecord[]): void;
  apply(message: StreamMessage): void;
}

/** One store for this page; stream messages are applied as a whole, one render per message. */
export const useConsole = create<ConsoleState>((set) => ({
  session: null,
  stream: 'closed',
  devices: {},
  stats: null,
  events: [],
  demo: false,
  cameras: [],
  setSession: (session) => set({ session }),
  setStream: (stream) => set({ stream }),
  setEvents: (events) => set({ events: events.slice(0, MAX_EVENTS) }),
  apply: (m) => set((s) => {
    if (m.type === 'snapshot') {
      return { devices: Object.fromEntries(m.devices.map((d) => [d.id, d])), stats: m.stats, demo: m.demo.enabled, cameras: m.cameras };
    }
    const devices = { ...s.devices };
    for (const d of m.devices) devices[d.id] = d;
    for (const id of m.removedDevices) delete devices[id];
    const events = m.events.length ? [...[...m.events].reverse(), ...s.events].slice(0, MAX_EVENTS) : s.events;
    return { devices, events, stats: m.stats ?? s.stats, demo: m.demo ? m.demo.enabled : s.demo, cameras: m.cameras ?? s.cameras };
  }),
}));
