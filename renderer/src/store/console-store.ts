import { create } from 'zustand';
import type { SessionInfo, StreamMessage, StreamState } from '../../../shared/bridge.js';
import type { CameraView, DeviceStatus, EventRecord, IngestStats } from '../../../shared/domain.js';
import type { AlarmView, Notification } from '../../../shared/alarms/definitions.js';
import type { AssetView, CommandView, SiteConnectionView } from '../../../shared/site/views.js';
import type { Monitor } from '../../../shared/site/workflows.js';

/** The live list keeps this many; a virtualised list draws only the visible rows. */
const MAX_EVENTS = 20_000;

export interface ConsoleState {
  session: SessionInfo | null;
  stream: StreamState;
  devices: Record<number, DeviceStatus>;
  stats: IngestStats | null;
  events: EventRecord[];
  demo: boolean;
  cameras: CameraView[];
  alarms: Record<number, AlarmView>;
  /** Notifications for this operator, newest last; the alarm panel plays and speaks them. */
  notifications: Notification[];
  assets: Record<string, AssetView>;
  commands: Record<number, CommandView>;
  site: SiteConnectionView | null;
  monitors: Monitor[];
  /** The chart shows this: a device's trace around an alarm. */
  trace: { deviceId: number; ruleId: string | null; at: number } | null;
  showTrace(trace: { deviceId: number; ruleId: string | null; at: number }): void;
  muted: boolean;
  setMuted(muted: boolean): void;
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
  alarms: {},
  notifications: [],
  assets: {},
  commands: {},
  site: null,
  monitors: [],
  trace: null,
  showTrace: (trace) => set({ trace }),
  muted: false,
  setMuted: (muted) => set({ muted }),
  setSession: (session) => set({ session }),
  setStream: (stream) => set({ stream }),
  setEvents: (events) => set({ events: events.slice(0, MAX_EVENTS) }),
  apply: (m) => set((s) => {
    if (m.type === 'snapshot') {
      return { devices: Object.fromEntries(m.devices.map((d) => [d.id, d])), stats: m.stats, demo: m.demo.enabled, cameras: m.cameras, alarms: Object.fromEntries(m.alarms.map((a) => [a.id, a])), assets: Object.fromEntries(m.assets.map((a) => [a.id, a])), site: m.site, monitors: m.monitors };
    }
    const devices = { ...s.devices };
    for (const d of m.devices) devices[d.id] = d;
    for (const id of m.removedDevices) delete devices[id];
    const events = m.events.length ? [...[...m.events].reverse(), ...s.events].slice(0, MAX_EVENTS) : s.events;
    let alarms = s.alarms;
    if (m.alarms?.length) {
      alarms = { ...s.alarms };
      for (const a of m.alarms) {
        if (a.state === 'normal') delete alarms[a.id];
        else alarms[a.id] = a;
      }
    }
    const mine = (m.notifications ?? []).filter((n) => !n.to || n.to === s.session?.username);
    const notifications = mine.length ? [...s.notifications, ...mine].slice(-50) : s.notifications;
    const assets = m.assets?.length ? { ...s.assets, ...Object.fromEntries(m.assets.map((a) => [a.id, a])) } : s.assets;
    const commands = m.commands?.length ? { ...s.commands, ...Object.fromEntries(m.commands.map((c) => [c.id, c])) } : s.commands;
    return {
      devices, events, stats: m.stats ?? s.stats, demo: m.demo ? m.demo.enabled : s.demo, cameras: m.cameras ?? s.cameras, alarms, notifications,
      assets, commands, site: m.site ?? s.site, monitors: m.monitors ?? s.monitors,
    };
  }),
}));
