import { AlertRepeatSchema, type AlertRepeat } from '../alarms/alert-repeat.js';
import type { AlarmOccurrence } from '../alarms/occurrences.js';
import { z } from 'zod';
import { checkedByCore, qTime, route, typed } from './define.js';

/** Console settings a site chooses once for every operator. */
export const consoleRoutes = {
  'alertRepeat.get': route({ method: 'GET', path: '/settings/alert-repeat', role: 'operator', summary: 'Which alarm priorities sound again until acknowledged, and how often.', reply: typed<AlertRepeat>('AlertRepeat') }),
  'alertRepeat.set': route({ method: 'PUT', path: '/settings/alert-repeat', role: 'admin', summary: 'Set the repeating alert sound (audited).', body: checkedByCore(AlertRepeatSchema), reply: typed<AlertRepeat>('AlertRepeat') }),
  'alarms.occurrences': route({ method: 'GET', path: '/alarm-occurrences', role: 'operator', summary: 'One row per time an alarm stood, activated in a window (24 h by default): who acknowledged it, when it cleared and ended.', query: z.object({ from: qTime.optional(), to: qTime.optional() }), reply: typed<AlarmOccurrence[]>('AlarmOccurrenceList') }),
} as const;
