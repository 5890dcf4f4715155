/** One time an alarm stood: from its activation to its return to normal (null: still standing). */
export interface AlarmOccurrence {
  alarm: number;
  name: string;
  priority: number;
  source: string;
  activatedAt: number;
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
  clearedAt: number | null;
  endedAt: number | null;
  /** The alarm's state when the occurrence ended or now. */
  state: string;
}

export interface HistoryStep { alarm: number; t: number; action: string; actor: string; state: string }

const active = (state: string | undefined): boolean => state === 'unack' || state === 'ack';

/**
 * The alarm history as occurrences, one per activation that found the alarm not standing
 * active (a re-trip after it cleared is a new occurrence, as ISA-18.2 counts it). Steps come
 * oldest first; an alarm's steps before the window are not known, so its first step in the
 * window that is an activation starts one.
 */
export function occurrences(steps: readonly HistoryStep[], describe: (alarm: number) => { name: string; priority: number; source: string } | null): AlarmOccurrence[] {
  const out: AlarmOccurrence[] = [];
  const open = new Map<number, AlarmOccurrence>();
  const last = new Map<number, string>();
  for (const s of steps) {
    const before = last.get(s.alarm);
    last.set(s.alarm, s.state);
    let o = open.get(s.alarm);
    if (s.action === 'activate' && !active(before)) {
      const d = describe(s.alarm);
      if (!d) continue;
      o = { alarm: s.alarm, ...d, activatedAt: s.t, acknowledgedAt: null, acknowledgedBy: null, clearedAt: null, endedAt: null, state: s.state };
      open.set(s.alarm, o);
      out.push(o);
      continue;
    }
    if (!o) continue;
    o.state = s.state;
    if ((s.action === 'acknowledge' || s.action === 'force-acknowledge') && o.acknowledgedAt === null) { o.acknowledgedAt = s.t; o.acknowledgedBy = s.actor; }
    if (s.action === 'clear' && o.clearedAt === null) o.clearedAt = s.t;
    if (s.state === 'normal') { o.endedAt = s.t; open.delete(s.alarm); }
  }
  return out;
}
