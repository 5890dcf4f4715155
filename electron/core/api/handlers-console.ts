import { AlertRepeatSchema, DEFAULT_ALERT_REPEAT, type AlertRepeat } from '../../../shared/alarms/alert-repeat.js';
import type { consoleRoutes } from '../../../shared/api/routes-console.js';
import type { WatchdeskApp } from '../app.js';
import { parseOrThrow } from '../config.js';
import type { Handlers } from './reply.js';
import { occurrences } from '../../../shared/alarms/occurrences.js';

const DAY_MS = 86_400_000;
const MAX_OCCURRENCES = 10_000;

const KEY = 'alertRepeat';

/** Console settings kept in the data folder, the same for every operator. */
export function consoleHandlers(app: WatchdeskApp): Handlers<keyof typeof consoleRoutes> {
  const current = (): AlertRepeat => {
    const parsed = AlertRepeatSchema.safeParse(JSON.parse(app.store.getSetting(KEY) ?? 'null'));
    return parsed.success ? parsed.data : DEFAULT_ALERT_REPEAT;
  };
  const describe = (id: number): { name: string; priority: number; source: string } | null => {
    try {
      const a = app.alarms.get(id);
      return { name: a.name, priority: a.priority, source: a.source.name };
    } catch {
      return null;
    }
  };
  return {
    'alarms.occurrences': (ctx) => {
      const to = ctx.query.to ?? Date.now();
      const from = ctx.query.from ?? to - DAY_MS;
      // Steps after the window still tell how an occurrence that began in it went on.
      const rows = occurrences(app.store.alarmHistory(from, Date.now()), describe).filter((o) => o.activatedAt <= to);
      return rows.slice(-MAX_OCCURRENCES).reverse();
    },
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
