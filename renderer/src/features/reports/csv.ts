/** RFC 4180 CSV; a leading =, +, - or @ is defused so a spreadsheet does not run it. */
export function toCsv(header: string[], rows: unknown[][]): string {
  const field = (v: unknown): string => {
    let t = v === null || v === undefined ? '' : typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
    if (/^[=+\-@]/.test(t)) t = `'${t}`;
    return `"${t.replace(/"/g, '""')}"`;
  };
  return [header, ...rows].map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}

export function download(name: string, text: string, type = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

const pad = (n: number, w = 2): string => String(Math.abs(n)).padStart(w, '0');

/** ISO 8601 in local time with its offset ("2026-11-29T10:05:03.120+01:00"): unambiguous in a spreadsheet, readable where it was written. */
export function isoLocal(t: number, offsetMinutes = -new Date(t).getTimezoneOffset()): string {
  const d = new Date(t + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}${sign}${pad(Math.floor(Math.abs(offsetMinutes) / 60))}:${pad(Math.abs(offsetMinutes) % 60)}`;
}

/** A download's name with the day it covers from: watchdesk-alarms-2026-11-29.csv. */
export function datedName(kind: string, from: number): string {
  return `watchdesk-${kind}-${isoLocal(from).slice(0, 10)}.csv`;
}
