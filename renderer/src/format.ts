/**
 * Formatters in the operator's locale and time zone, made once: `toLocaleString` with options
 * builds a new formatter per call, which a list or chart axis pays thousands of times.
 */
const dateTime = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
const dayAndTime = new Intl.DateTimeFormat(undefined, { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
const timeOfDay = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const hourMinute = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/** Operator's locale and time zone, always with seconds. */
export function formatTime(t: number | null): string {
  return t === null ? '—' : dateTime.format(t);
}

/** Axis ticks: seconds for short windows, dates for long ones. */
export function formatTick(t: number, span: number): string {
  return (span >= 86_400_000 ? dayAndTime : span <= 3_600_000 ? timeOfDay : hourMinute).format(t);
}

export function formatCount(n: number): string {
  return n.toLocaleString();
}
