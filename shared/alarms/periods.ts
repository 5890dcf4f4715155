/** A stretch of time an alarm's condition stood, for shading on a chart. `to` null: still standing. */
export interface AlarmPeriod {
  alarm: number;
  name: string;
  priority: number;
  from: number;
  to: number | null;
}

/** States in which the alarm's condition is present (ISA-18.2: active, acknowledged or not). */
const ACTIVE = new Set(['unack', 'ack']);

/**
 * Periods from an alarm's recorded steps (each with the state it left the alarm in), clipped
 * to [from, to]. An alarm that stood before the steps start counts from its activation time.
 */
export function alarmPeriods(
  history: ReadonlyArray<{ alarm: number; t: number; state: string }>,
  alarms: ReadonlyArray<{ id: number; name: string; priority: number; state: string; activatedAt: number | null }>,
  from: number,
  to: number,
): AlarmPeriod[] {
  const out: AlarmPeriod[] = [];
  for (const a of alarms) {
    const steps = history.filter((h) => h.alarm === a.id).sort((x, y) => x.t - y.t);
    // Standing since before its first step (or with no steps at all): it began at its activation.
    const first = steps[0];
    const standingBefore = a.activatedAt !== null && (first ? a.activatedAt < first.t && ACTIVE.has(first.state) : ACTIVE.has(a.state));
    let open: number | null = standingBefore ? a.activatedAt : null;
    const close = (end: number | null): void => {
      if (open === null) return;
      if ((end === null || end >= from) && open <= to) out.push({ alarm: a.id, name: a.name, priority: a.priority, from: Math.max(open, from), to: end === null ? null : Math.min(end, to) });
      open = null;
    };
    for (const h of steps) {
      if (ACTIVE.has(h.state)) open ??= h.t;
      else close(h.t);
    }
    close(null);
  }
  return out.sort((x, y) => x.from - y.from);
}
