import type { mapRoutes } from '../../../shared/api/routes-maps.js';
import type { SiteMap } from '../../../shared/maps/model.js';
import type { WatchdeskApp } from '../app.js';
import { ApiError } from '../errors.js';
import { TILE_TYPES } from '../maps/mbtiles.js';
import { exportMaps, importMaps } from '../maps/map-transfer.js';
import { reply, type Handlers } from './reply.js';

type Name = keyof typeof mapRoutes;
const actor = (ctx: { session: { username: string } | null }): string => ctx.session?.username ?? 'anonymous';

/** Plans and tiles are named by an unguessable key from the map: the URL itself is the right to read them, and it changes with every upload. */
const FOREVER = 'private, max-age=31536000, immutable';
/** An SVG plan is an image only: opened on its own, it may run, load and embed nothing. */
const IMAGE_CSP = "default-src 'none'";
const TYPES = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp', svg: 'image/svg+xml' } as const;

function keyed(map: SiteMap, key: string | undefined): NonNullable<SiteMap['image']> {
  if (!map.image || key !== map.image.key) throw new ApiError(404, 'not_found', `map ${map.id} has no image with this key`);
  return map.image;
}

/** Import tickets are kept beside upload tickets, under a map id no map has. */
const IMPORT = 0;

export function mapHandlers(app: WatchdeskApp): Handlers<Name> {
  const maps = app.maps;
  // A multipart upload from the console carries a ticket: the desktop renderer holds no token.
  const supervisor = (ctx: { session: { username: string; role: string } | null; query: { ticket?: string } }, ticketFor: number, where: string): string => {
    if (ctx.session) {
      if (ctx.session.role === 'operator') throw new ApiError(403, 'forbidden', 'this needs the supervisor role');
      return ctx.session.username;
    }
    const who = maps.useTicket(ticketFor, ctx.query.ticket);
    if (!who) throw new ApiError(401, 'unauthorized', `a supervisor session or a ticket from ${where} is required`);
    return who;
  };
  return {
    'maps.list': () => maps.list(),
    'maps.export': (ctx) => {
      const file = exportMaps(maps, app.options.dataDir);
      app.store.audit({ actor: actor(ctx), action: 'map.export', target: 'maps', after: { maps: file.maps.length } });
      const day = new Date().toISOString().slice(0, 10);
      return reply(200, file, { 'content-disposition': `attachment; filename="watchdesk-maps-${day}.json"` });
    },
    'maps.importTicket': (ctx) => maps.uploadTicket(IMPORT, actor(ctx)),
    'maps.import': async (ctx) => {
      const who = supervisor(ctx, IMPORT, 'POST /api/v1/maps/import-ticket');
      const file = await ctx.upload!();
      const result = await importMaps(maps, file.data, who);
      app.store.audit({ actor: who, action: 'map.import', target: 'maps', after: { file: file.filename.slice(0, 200), maps: result.length, placements: result.reduce((n, m) => n + m.placements.length, 0) } });
      return result;
    },
    'maps.create': (ctx) => maps.create(ctx.body, actor(ctx)),
    'maps.get': (ctx) => maps.get(ctx.params.id),
    'maps.update': (ctx) => maps.update(ctx.params.id, ctx.body, actor(ctx)),
    'maps.delete': (ctx) => maps.delete(ctx.params.id, actor(ctx)),
    'maps.placements': (ctx) => maps.setPlacements(ctx.params.id, ctx.body, actor(ctx)),
    'maps.uploadTicket': (ctx) => maps.uploadTicket(ctx.params.id, actor(ctx)),
    'maps.upload': async (ctx) => {
      const id = ctx.params.id;
      const who = supervisor(ctx, id, 'POST /api/v1/maps/{id}/upload-ticket');
      maps.get(id);
      const file = await ctx.upload!();
      return maps.upload(id, file.data, file.filename, who);
    },
    'maps.image': (ctx) => {
      const map = maps.get(ctx.params.id);
      const image = keyed(map, ctx.query.key);
      const original = ctx.query.variant === 'original';
      const bytes = original ? maps.images.original(map.id, image) : maps.images.display(map.id, image);
      if (!bytes) throw new ApiError(404, 'not_found', `map ${map.id} has no ${ctx.query.variant} image`);
      return reply(200, undefined, { 'content-type': original ? TYPES[image.type] : 'image/webp', 'cache-control': FOREVER, 'content-security-policy': IMAGE_CSP, 'content-disposition': 'inline' }, bytes);
    },
    'maps.tiles': async (ctx) => {
      const map = maps.get(ctx.params.id);
      const { z, x, y } = ctx.params;
      if (map.kind === 'geo') {
        const key = ctx.query.key;
        if (map.mbtiles && key === map.mbtiles.key) {
          const bytes = maps.mbtiles.tile(map.id, map.mbtiles, z, x, y);
          if (!bytes) throw new ApiError(404, 'not_found', `no tile ${z}/${x}/${y} on map ${map.id}`);
          return reply(200, undefined, { 'content-type': TILE_TYPES[map.mbtiles.format], 'cache-control': FOREVER, 'content-security-policy': IMAGE_CSP }, bytes);
        }
        if (map.tileSource && map.tileKey && key === map.tileKey) {
          const tile = z >= 0 && x < 2 ** z && y < 2 ** z ? await maps.proxy.tile(map.tileSource.url, z, x, y) : null;
          if (!tile) throw new ApiError(404, 'not_found', `no tile ${z}/${x}/${y} from the map's tile source`);
          return reply(200, undefined, { 'content-type': tile.type, 'cache-control': 'private, max-age=86400', 'content-security-policy': IMAGE_CSP }, tile.data);
        }
        throw new ApiError(404, 'not_found', `map ${map.id} has no tiles with this key`);
      }
      const image = keyed(map, ctx.query.key);
      const bytes = image.tiled ? maps.images.tile(map.id, image, z, x, y) : null;
      if (!bytes) throw new ApiError(404, 'not_found', `no tile ${z}/${x}/${y} on map ${map.id}`);
      return reply(200, undefined, { 'content-type': 'image/webp', 'cache-control': FOREVER, 'content-security-policy': IMAGE_CSP }, bytes);
    },
  };
}
