/** Operator's locale and time zone, always with seconds. */
export function formatTime(t: number | null): string {
  if (t === null) return '—';
  return new Date(t).toLocaleString(undefined, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function formatCount(n: number): string {
  return n.toLocaleString();
}
