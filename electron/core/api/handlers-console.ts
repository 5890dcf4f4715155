import { AlertRepeatSchema, DEFAULT_ALERT_REPEAT, type AlertRepeat } from '../../../shared/alarms/alert-repeat.js';
import type { consoleRoutes } from '../../../shared/api/routes-console.js';
import type { WatchdeskApp } from '../app.js';
import { parseOrThrow } from '../config.js';
import type { Handlers } from './reply.js';

const KEY = 'alertRepeat';

/** Console settings kept in the data folder, the same for every operator. */
export function consoleHandlers(app: WatchdeskApp): Handlers<keyof typeof consoleRoutes> {
  const current = (): AlertRepeat => {
    const parsed = AlertRepeatSchema.safeParse(JSON.parse(app.store.getSetting(KEY) ?? 'null'));
    return parsed.success ? parsed.data : DEFAULT_ALERT_REPEAT;
  };
  return {
    'alertRepeat.get': () => current(),
    'alertRepeat.set': (ctx) => {
      const next = parseOrThrow(AlertRepeatSchema, ctx.body, 'Repeating alert');
      const before = current();
      app.store.setSetting(KEY, JSON.stringify(next));
      app.store.audit({ actor: ctx.session!.username, action: 'settings.alert-repeat', target: 'settings', before, after: next });
      return next;
    },
  };
}
