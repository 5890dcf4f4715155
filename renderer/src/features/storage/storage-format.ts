import { t } from '../../i18n/strings.js';

/** Sizes as a storage admin reads them: binary units, three significant digits. */
export function formatBytes(n: number | null): string {
  if (n === null) return '—';
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return i === 0 ? `${v} bytes` : `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)} ${units[i]}`;
}

/** Days as a period: "730 days (2 years)", "30 days". */
export function formatDays(days: number | null): string {
  if (days === null) return t('storage.forever');
  const years = days / 365;
  if (Number.isInteger(years) && years >= 1) return t(years > 1 ? 'storage.daysYears' : 'storage.daysYear', { days, years });
  return t(days === 1 ? 'storage.day' : 'storage.days', { days });
}

/** The first message zod gives for each field of a form. */
export function issuesByField(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const key = String(issue.path[0] ?? '');
    out[key] ??= issue.message;
  }
  return out;
}
