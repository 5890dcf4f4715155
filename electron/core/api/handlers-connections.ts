import type { connectionRoutes } from '../../../shared/api/routes-connections.js';
import type { WatchdeskApp } from '../app.js';
import { reply, type Handlers } from './reply.js';

type Name = keyof typeof connectionRoutes;

/** Connections, camera presets and camera snapshots. */
export function connectionHandlers(app: WatchdeskApp): Handlers<Name> {
  const actor = (ctx: { session: { username: string } | null }): string => ctx.session!.username;
  return {
    'connections.list': () => app.site.listConnections(),
    'connections.create': (ctx) => app.site.addConnection(ctx.body, actor(ctx)),
    'connections.get': (ctx) => app.site.getConnection(ctx.params.id),
    'connections.update': (ctx) => app.site.updateConnection(ctx.params.id, ctx.body, actor(ctx)),
    'connections.delete': (ctx) => app.site.removeConnection(ctx.params.id, actor(ctx)),
    'connections.reconnect': (ctx) => app.site.reconnect(ctx.params.id, actor(ctx)),
    'connections.log': (ctx) => app.site.connectionLog(ctx.params.id, Math.min(ctx.query.limit ?? 500, 2000)),
    'assets.presets.set': (ctx) => app.site.savePreset(ctx.params.id, ctx.body.name, ctx.body.token, actor(ctx)),
    'assets.presets.remove': (ctx) => app.site.removePreset(ctx.params.id, ctx.params.token, actor(ctx)),
    'assets.snapshot': async (ctx) => reply(200, undefined, { 'content-type': 'image/jpeg', 'cache-control': 'no-store' }, await app.site.snapshot(ctx.params.id)),
  };
}
