import type { AlarmView } from './definitions.js';

/** Priorities at or above this importance (1–50 by default) get a desktop notification. */
export const NOTIFY_PRIORITY = 50;

/**
 * Which alarms in a stream delta deserve a native notification: newly unacknowledged,
 * annunciated (not shelved, suppressed or out of service), high priority; each activation once.
 */
export class AlarmNotifier {
  private readonly notified = new Map<number, number>();

  constructor(private readonly maxPriority = NOTIFY_PRIORITY) {}

  decide(alarms: readonly AlarmView[]): AlarmView[] {
    const out: AlarmView[] = [];
    for (const a of alarms) {
      if (a.state !== 'unack' || !a.annunciated || a.priority > this.maxPriority) continue;
      if (this.notified.get(a.id) === a.activations) continue;
      this.notified.set(a.id, a.activations);
      out.push(a);
    }
    return out;
  }

  /** The tray's count: what still waits for an acknowledge. */
  static unacknowledged(alarms: readonly AlarmView[]): number {
    return alarms.filter((a) => (a.state === 'unack' || a.state === 'rtn-unack') && a.annunciated).length;
  }
}
