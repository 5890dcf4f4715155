import type { StreamMessage } from '../../../shared/bridge.js';
import type { AlarmView, Notification } from '../../../shared/alarms/definitions.js';

/** Standing alarms and the notifications this operator should hear. */
export interface AlarmSlice {
  alarms: Record<number, AlarmView>;
  /** Notifications for this operator, newest last; the alarm panel plays and speaks them. */
  notifications: Notification[];
}

export const initialAlarms: AlarmSlice = { alarms: {}, notifications: [] };

export function reduceAlarms(s: AlarmSlice, m: StreamMessage, username: string | undefined): Partial<AlarmSlice> {
  if (m.type === 'snapshot') return { alarms: Object.fromEntries(m.alarms.map((a) => [a.id, a])) };
  const out: Partial<AlarmSlice> = {};
  if (m.alarms?.length) {
    const alarms = { ...s.alarms };
    for (const a of m.alarms) {
      // An alarm back to normal has nothing left for the operator to do.
      if (a.state === 'normal') delete alarms[a.id];
      else alarms[a.id] = a;
    }
    out.alarms = alarms;
  }
  const mine = (m.notifications ?? []).filter((n) => !n.to || n.to === username);
  if (mine.length) out.notifications = [...s.notifications, ...mine].slice(-50);
  return out;
}
