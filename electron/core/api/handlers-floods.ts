import type { floodRoutes } from '../../../shared/api/routes-floods.js';
import type { WatchdeskApp } from '../app.js';
import type { Handlers } from './reply.js';

/** Flood settings and drills. */
export function floodHandlers(app: WatchdeskApp): Handlers<keyof typeof floodRoutes> {
  return {
    'floods.settings': () => app.floods.get(),
    'floods.updateSettings': (ctx) => app.floods.set(ctx.body, ctx.session!.username),
    'drills.run': (ctx) => app.drills.run(ctx.params.kind, ctx.session!.username, ctx.body?.spreadS),
  };
}
