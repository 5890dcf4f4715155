import type { StringKey } from '../../i18n/strings.js';

/** Shifts start at 06:00, 14:00 and 22:00 local time: the usual three eight-hour shifts of a control room. */
const SHIFT_STARTS = [6, 14, 22];

/** When the shift that holds `now` began. */
export function shiftStart(now: Date): Date {
  const hour = now.getHours();
  const start = new Date(now);
  start.setMinutes(0, 0, 0);
  const begun = [...SHIFT_STARTS].reverse().find((h) => h <= hour);
  if (begun === undefined) { start.setDate(start.getDate() - 1); start.setHours(SHIFT_STARTS.at(-1)!); } else start.setHours(begun);
  return start;
}

export type RangePreset = 'last-hour' | 'this-shift' | 'today';
export const RANGE_PRESETS: ReadonlyArray<[RangePreset, StringKey]> = [['last-hour', 'reports.lastHour'], ['this-shift', 'reports.thisShift'], ['today', 'reports.today']];

/** A preset's window, ending now. */
export function presetRange(preset: RangePreset, now: Date): { from: Date; to: Date } {
  if (preset === 'last-hour') return { from: new Date(now.getTime() - 3_600_000), to: now };
  if (preset === 'this-shift') return { from: shiftStart(now), to: now };
  const midnight = new Date(now);
  midnight.setHours(0, 0, 0, 0);
  return { from: midnight, to: now };
}
