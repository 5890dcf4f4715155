import type { operatorAreaRoutes } from '../../../shared/api/routes-operator-areas.js';
import type { WatchdeskApp } from '../app.js';
import type { Handlers } from './reply.js';

/** What the console asks about its own operator's areas. */
export function operatorAreaHandlers(app: WatchdeskApp): Handlers<keyof typeof operatorAreaRoutes> {
  return {
    'sessions.areas': (ctx) => {
      const me = app.store.findOperator(ctx.session!.username);
      return { areas: me ? app.operatorAreas.of(me.id) : [] };
    },
  };
}
