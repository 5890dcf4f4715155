import { create } from 'zustand';
import type { StreamMessage } from '../../../shared/bridge.js';
import type { EventRecord } from '../../../shared/domain.js';
import { createOperatorSlice, type OperatorSlice } from './operator-slice.js';
import { initialLive, mergeEvents, reduceLive, type LiveSlice } from './live-slice.js';
import { initialAlarms, reduceAlarms, type AlarmSlice } from './alarm-slice.js';
import { initialSite, reduceSite, type SiteSlice } from './site-slice.js';
import { initialMaps, reduceMaps, type MapSlice } from './map-slice.js';
import { initialIncidents, reduceIncidents, type IncidentSlice } from './incident-slice.js';
import { initialCameraLinks, reduceCameraLinks, type CameraLinkSlice } from './camera-link-slice.js';

export type { MarkerKey } from './operator-slice.js';

export interface ConsoleState extends OperatorSlice, LiveSlice, AlarmSlice, SiteSlice, MapSlice, CameraLinkSlice, IncidentSlice {
  /** Merges fetched history into the live list: nothing already shown is lost or doubled. */
  setEvents(events: EventRecord[]): void;
  /** Applies stream messages in order, as one store update: one render for the whole batch. */
  apply(...messages: StreamMessage[]): void;
  setCameraLinks(links: ReadonlyArray<{ source: string; cameras: string[] }>): void;
}

/**
 * One store, a slice per domain. Each slice's reducer returns only what a message changed, so
 * widgets whose slice of state is untouched keep their objects and do not re-render.
 */
export const useConsole = create<ConsoleState>()((set, get, api) => ({
  ...createOperatorSlice(set, get, api),
  ...initialLive,
  ...initialAlarms,
  ...initialSite,
  ...initialMaps,
  ...initialIncidents,
  ...initialCameraLinks,
  setCameraLinks: (links) => set({ cameraLinks: Object.fromEntries(links.map((l) => [l.source, l.cameras])) }),
  setEvents: (events) => set((s) => ({ events: mergeEvents(s.events, events) })),
  apply: (...messages) => set((before) => {
    let s: ConsoleState = before;
    for (const m of messages) {
      s = { ...s, ...reduceLive(s, m), ...reduceAlarms(s, m, s.session?.username), ...reduceSite(s, m), ...reduceMaps(s, m), ...reduceIncidents(s, m), ...reduceCameraLinks(s, m) };
    }
    return s;
  }),
}));
