import type { AlarmView } from './definitions.js';

export interface Activation {
  alarm: number;
  t: number;
}

export interface AlarmKpis {
  from: number;
  to: number;
  activations: number;
  /** Average activations per 10 minutes over the window (ISA-18.2 aims at ≤ 1–2). */
  per10Minutes: number;
  /** 10-minute windows with more than 10 activations. */
  floods: Array<{ start: number; activations: number }>;
  /** Alarms not in normal now. */
  standing: number;
  /** Active for more than 24 hours. */
  stale: Array<{ id: number; name: string; source: string; since: number }>;
  /** 3 or more activations within one minute. */
  chattering: Array<{ id: number; name: string; source: string; activations: number }>;
  /** The 10 alarms that activated most. */
  badActors: Array<{ id: number; name: string; source: string; activations: number }>;
}

const TEN_MIN = 10 * 60 * 1000;
const DAY = 24 * 3600 * 1000;

/** Alarm-management KPIs over [from, to], from the activations and the alarms as they stand now. */
export function computeKpis(activations: readonly Activation[], alarms: readonly AlarmView[], from: number, to: number, now: number): AlarmKpis {
  const inWindow = activations.filter((a) => a.t >= from && a.t <= to).sort((a, b) => a.t - b.t);
  const byId = new Map(alarms.map((a) => [a.id, a]));
  const label = (id: number): { name: string; source: string } => ({ name: byId.get(id)?.name ?? `alarm ${id}`, source: byId.get(id)?.source.name ?? '' });

  const buckets = new Map<number, number>();
  for (const a of inWindow) {
    const start = from + Math.floor((a.t - from) / TEN_MIN) * TEN_MIN;
    buckets.set(start, (buckets.get(start) ?? 0) + 1);
  }
  const counts = new Map<number, number>();
  for (const a of inWindow) counts.set(a.alarm, (counts.get(a.alarm) ?? 0) + 1);

  const chattering = new Map<number, number>();
  const recent = new Map<number, number[]>();
  for (const a of inWindow) {
    const times = (recent.get(a.alarm) ?? []).filter((t) => a.t - t < 60_000);
    times.push(a.t);
    recent.set(a.alarm, times);
    if (times.length >= 3) chattering.set(a.alarm, Math.max(chattering.get(a.alarm) ?? 0, times.length));
  }

  return {
    from, to,
    activations: inWindow.length,
    per10Minutes: to > from ? inWindow.length / ((to - from) / TEN_MIN) : 0,
    floods: [...buckets].filter(([, n]) => n > 10).map(([start, n]) => ({ start, activations: n })),
    standing: alarms.filter((a) => a.state !== 'normal').length,
    stale: alarms.filter((a) => (a.state === 'unack' || a.state === 'ack') && a.activatedAt !== null && now - a.activatedAt > DAY)
      .map((a) => ({ id: a.id, name: a.name, source: a.source.name, since: a.activatedAt! })),
    chattering: [...chattering].map(([id, n]) => ({ id, ...label(id), activations: n })),
    badActors: [...counts].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([id, n]) => ({ id, ...label(id), activations: n })),
  };
}
