import type { procedureRoutes } from '../../../shared/api/routes-procedures.js';
import type { WatchdeskApp } from '../app.js';
import type { Actor } from '../alarms/alarm-service.js';
import { runStepAction } from '../alarms/step-actions.js';
import type { Handlers } from './reply.js';

type Name = keyof typeof procedureRoutes;

/** Procedure checklists: each check and each run is the operator's, audited. */
export function procedureHandlers(app: WatchdeskApp): Handlers<Name> {
  const actor = (ctx: { session: { username: string; role: Actor['role'] } | null }): Actor => ({ username: ctx.session!.username, role: ctx.session!.role });
  return {
    'alarms.steps.check': (ctx) => {
      const run = () => app.alarms.checkStep(ctx.params.id, ctx.params.step, actor(ctx), ctx.body.comment);
      // On a site of several nodes, checked against the alarm's version like any operator action (409 `stale`).
      return app.cluster ? app.cluster.alarms.act(ctx.params.id, run) : run();
    },
    'alarms.steps.run': (ctx) => runStepAction(app, ctx.params.id, ctx.params.step, actor(ctx)),
  };
}
