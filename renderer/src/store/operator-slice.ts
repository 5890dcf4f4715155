import type { StateCreator } from 'zustand';
import type { SessionInfo, StreamState } from '../../../shared/bridge.js';

/** A marker on the floor plan: `device:<id>` or `asset:<id>`. */
export type MarkerKey = `device:${number}` | `asset:${string}`;

/** Who is signed in and what this operator has asked the console to show. */
export interface OperatorSlice {
  session: SessionInfo | null;
  /** Why the last session ended under this console ("Signed out: …"), for the login screen. */
  signedOut: string | null;
  stream: StreamState;
  muted: boolean;
  /** The chart shows this: a device's trace around an alarm. */
  trace: { deviceId: number; ruleId: string | null; at: number } | null;
  /** The chart switches to this device; `at` makes a repeated request count. */
  chartRequest: { deviceId: number; at: number } | null;
  /** The map centres on this marker and opens its popup; `at` makes a second click on the same source count. */
  focus: { key: MarkerKey; at: number } | null;
  setSession(session: SessionInfo | null): void;
  signOut(reason: string): void;
  setStream(state: StreamState): void;
  setMuted(muted: boolean): void;
  showTrace(trace: { deviceId: number; ruleId: string | null; at: number }): void;
  focusOn(key: MarkerKey): void;
  showOnChart(deviceId: number): void;
}

export const createOperatorSlice: StateCreator<OperatorSlice, [], [], OperatorSlice> = (set) => ({
  session: null,
  signedOut: null,
  stream: 'closed',
  muted: false,
  trace: null,
  focus: null,
  chartRequest: null,
  setSession: (session) => set({ session, ...(session ? { signedOut: null } : {}) }),
  signOut: (reason) => set({ session: null, signedOut: reason }),
  setStream: (stream) => set({ stream }),
  setMuted: (muted) => set({ muted }),
  showTrace: (trace) => set({ trace }),
  focusOn: (key) => set({ focus: { key, at: Date.now() } }),
  showOnChart: (deviceId) => set({ chartRequest: { deviceId, at: Date.now() } }),
});
