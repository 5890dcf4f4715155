import type { starterRoutes } from '../../../shared/api/routes-starter.js';
import { starterSet } from '../../../shared/rules/starter.js';
import type { WatchdeskApp } from '../app.js';
import { installStarter } from '../rules/starter.js';
import type { Handlers } from './reply.js';

/** The starter rules. */
export function starterHandlers(app: WatchdeskApp): Handlers<keyof typeof starterRoutes> {
  return {
    'starter.get': () => starterSet(),
    'starter.import': (ctx) => {
      const actor = ctx.session!.username;
      const outcome = installStarter(app.alarms, app.rules, actor);
      app.store.audit({ actor, action: 'rules.starter-import', target: 'rules', after: outcome });
      return outcome;
    },
  };
}
