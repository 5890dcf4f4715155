import type { connectionRoutes } from '../../../shared/api/routes-connections.js';
import { randomBytes } from 'node:crypto';
import type { WatchdeskApp } from '../app.js';
import { ApiError } from '../errors.js';
import { MjpegUpstream } from '../video/mjpeg-upstream.js';
import { STREAMED, reply, type Handlers } from './reply.js';

const TICKET_TTL_MS = 60_000;

type Name = keyof typeof connectionRoutes;

/** Connections, camera presets and camera snapshots. */
export function connectionHandlers(app: WatchdeskApp): Handlers<Name> {
  const actor = (ctx: { session: { username: string } | null }): string => ctx.session!.username;
  // An <img> cannot send a bearer token: it shows a snapshot with a single-use ticket instead.
  const tickets = new Map<string, { assetId: string; expires: number }>();
  const useTicket = (assetId: string, ticket: string | undefined): boolean => {
    if (!ticket) return false;
    const t = tickets.get(ticket);
    tickets.delete(ticket);
    return t !== undefined && t.assetId === assetId && t.expires > Date.now();
  };
  // One upstream per camera asset however many operators watch; it closes with its last viewer.
  const streams = new Map<string, { key: string; upstream: MjpegUpstream }>();
  const viewer = (ctx: { session: unknown; params: { id: string }; query: { ticket?: string } }): string => {
    if (!ctx.session && !useTicket(ctx.params.id, ctx.query.ticket)) throw new ApiError(401, 'unauthorized', 'a session or a ticket from POST /api/v1/assets/{id}/snapshot/ticket is required');
    return ctx.params.id;
  };
  return {
    'connections.list': () => app.site.listConnections(),
    'connections.create': (ctx) => app.site.addConnection(ctx.body, actor(ctx)),
    'connections.discover': (ctx) => app.site.discover(ctx.body.seconds * 1000, actor(ctx)),
    'connections.get': (ctx) => app.site.getConnection(ctx.params.id),
    'connections.update': (ctx) => app.site.updateConnection(ctx.params.id, ctx.body, actor(ctx)),
    'connections.delete': (ctx) => app.site.removeConnection(ctx.params.id, actor(ctx)),
    'connections.reconnect': (ctx) => app.site.reconnect(ctx.params.id, actor(ctx)),
    'connections.log': (ctx) => app.site.connectionLog(ctx.params.id, Math.min(ctx.query.limit ?? 500, 2000)),
    'assets.presets.set': (ctx) => app.site.savePreset(ctx.params.id, ctx.body.name, ctx.body.token, actor(ctx)),
    'assets.presets.remove': (ctx) => app.site.removePreset(ctx.params.id, ctx.params.token, actor(ctx)),
    'assets.snapshotTicket': (ctx) => {
      if (!app.site.assets.has(ctx.params.id)) throw new ApiError(404, 'not_found', `asset ${ctx.params.id} does not exist`);
      const now = Date.now();
      for (const [k, v] of tickets) if (v.expires <= now) tickets.delete(k);
      const ticket = randomBytes(18).toString('base64url');
      tickets.set(ticket, { assetId: ctx.params.id, expires: now + TICKET_TTL_MS });
      return { ticket, expiresAt: now + TICKET_TTL_MS };
    },
    'assets.snapshot': async (ctx) => reply(200, undefined, { 'content-type': 'image/jpeg', 'cache-control': 'no-store' }, await app.site.snapshot(viewer(ctx))),
    'assets.stream': (ctx) => {
      const id = viewer(ctx);
      const source = app.site.streamSource(id);
      const key = JSON.stringify(source);
      let entry = streams.get(id);
      if (!entry) {
        entry = { key, upstream: new MjpegUpstream(source) };
        streams.set(id, entry);
      } else if (entry.key !== key) {
        // The camera's settings changed (a new password, another URL): the next connection uses them.
        entry.key = key;
        entry.upstream.reconfigure(source);
      }
      entry.upstream.addViewer(ctx.http.res);
      return STREAMED;
    },
  };
}
