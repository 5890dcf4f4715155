import { z } from 'zod';

/**
 * The site's choice: an unacknowledged alarm of priority 1…upToPriority sounds again every
 * everyS seconds until someone acknowledges it (0: never repeat).
 */
export const AlertRepeatSchema = z.object({
  upToPriority: z.number().int().min(0).max(1000),
  everyS: z.number().int().min(5).max(600),
}).strict();
export type AlertRepeat = z.infer<typeof AlertRepeatSchema>;

export const DEFAULT_ALERT_REPEAT: AlertRepeat = { upToPriority: 0, everyS: 15 };

/** The alarms that still call for a sound now: unacknowledged, not shelved, urgent enough. */
export function repeating<A extends { state: string; priority: number; shelved: unknown; annunciated?: boolean }>(alarms: Iterable<A>, setting: AlertRepeat): A[] {
  if (setting.upToPriority <= 0) return [];
  return [...alarms].filter((a) => (a.state === 'unack' || a.state === 'rtn-unack') && !a.shelved && a.priority <= setting.upToPriority);
}
