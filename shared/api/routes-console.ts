import { AlertRepeatSchema, type AlertRepeat } from '../alarms/alert-repeat.js';
import { checkedByCore, route, typed } from './define.js';

/** Console settings a site chooses once for every operator. */
export const consoleRoutes = {
  'alertRepeat.get': route({ method: 'GET', path: '/settings/alert-repeat', role: 'operator', summary: 'Which alarm priorities sound again until acknowledged, and how often.', reply: typed<AlertRepeat>('AlertRepeat') }),
  'alertRepeat.set': route({ method: 'PUT', path: '/settings/alert-repeat', role: 'admin', summary: 'Set the repeating alert sound (audited).', body: checkedByCore(AlertRepeatSchema), reply: typed<AlertRepeat>('AlertRepeat') }),
} as const;
