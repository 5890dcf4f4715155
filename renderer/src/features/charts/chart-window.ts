import { t } from '../../i18n/strings.js';

/** The chart's time window: the last `span` (live), or a fixed stretch the operator chose. */
export type ChartWindow = { kind: 'live'; span: number } | { kind: 'fixed'; from: number; to: number; why: 'custom' | 'alarm' };

export const PRESETS: ReadonlyArray<readonly [label: string, ms: number]> = [['15 m', 15 * 60_000], ['1 h', 3_600_000], ['24 h', 86_400_000], ['7 d', 7 * 86_400_000]];
/** The store keeps raw samples this long by default; a longer window only shows what is kept. */
export const MAX_SPAN_MS = 366 * 86_400_000;

export function resolveWindow(w: ChartWindow, now: number): { from: number; to: number } {
  return w.kind === 'live' ? { from: now - w.span, to: now } : { from: w.from, to: w.to };
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** A time as a `datetime-local` input shows it: the operator's local time, to the second. */
export function toLocalInput(t: number): string {
  const d = new Date(t);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Reads a custom range from two `datetime-local` values; an error names what is wrong. */
export function parseCustomRange(fromText: string, toText: string, now: number): { from: number; to: number } | { error: string } {
  const parse = (s: string): number => (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(s) ? new Date(s).getTime() : NaN);
  const from = parse(fromText);
  const to = parse(toText);
  if (Number.isNaN(from)) return { error: t('charts.range.fromMissing') };
  if (Number.isNaN(to)) return { error: t('charts.range.toMissing') };
  if (from >= to) return { error: t('charts.range.order') };
  if (to - from > MAX_SPAN_MS) return { error: t('charts.range.tooLong') };
  if (from > now) return { error: t('charts.range.future') };
  return { from, to };
}

