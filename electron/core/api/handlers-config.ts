import { alarmPeriods } from '../../../shared/alarms/periods.js';
import { openApiDocument } from '../../../shared/api/openapi.js';
import type { configRoutes } from '../../../shared/api/routes-config.js';
import type { WatchdeskApp } from '../app.js';
import { ApiError } from '../errors.js';
import { STREAMED, reply, type Handlers, type RouteContext } from './reply.js';

const MAX_EVENTS = 10_000;
const MAX_POINTS = 10_000;
const HOUR = 60 * 60 * 1000;
export const VERSION = '0.1.0';

type Name = keyof typeof configRoutes;
const actor = (ctx: { session: { username: string } | null }): string => ctx.session?.username ?? 'anonymous';

function window(q: { from?: number; to?: number }, span: number): { from: number; to: number } {
  const to = q.to ?? Date.now();
  const from = q.from ?? to - span;
  if (from > to) throw new ApiError(400, 'invalid', 'from must not be after to');
  return { from, to };
}

/** Sessions, devices, events, ingest, device types, collector accounts, the demo, cameras. */
export function configHandlers(app: WatchdeskApp): Handlers<Exclude<Name, 'stream.open'>> {
  let openApi: unknown = null;
  // An <img> cannot send a bearer token: a session or a single-use ticket from POST …/ticket.
  const viewer = (ctx: RouteContext<'cameras.stream' | 'cameras.snapshot'>): number => {
    const id = ctx.params.id;
    if (!ctx.session && !app.cameras.useTicket(id, ctx.query.ticket ?? null)) throw new ApiError(401, 'unauthorized', 'a session or a ticket from POST /api/v1/cameras/{id}/ticket is required');
    return id;
  };

  return {
    'health.get': () => ({ ok: true, name: 'watchdesk', version: VERSION, time: Date.now() }),
    'openapi.get': () => (openApi ??= openApiDocument(VERSION)) as Record<string, unknown>,

    // Failures are counted per account and per address before the password is hashed, and the
    // hashes in flight are capped (login-guard.ts); the route's rate limit caps requests on top.
    'sessions.create': async (ctx) => {
      const outcome = await app.logins.login(ctx.body.username, ctx.body.password, ctx.address);
      if (!outcome.ok) {
        if (outcome.status === 401) throw new ApiError(401, 'unauthorized', 'wrong user name or password');
        const retry = { 'retry-after': String(outcome.retryAfterS) };
        if (outcome.status === 429) throw new ApiError(429, 'too_many_attempts', `too many failed logins for this operator or from this address; try again in ${outcome.retryAfterS} s`, [], retry);
        throw new ApiError(503, 'busy', 'too many logins are being checked at once; try again in a second', [], retry);
      }
      const { username, role, expiresAt } = outcome.session;
      return { token: outcome.token, username, role, expiresAt };
    },
    'sessions.current': (ctx) => {
      const { username, role, expiresAt } = ctx.session!;
      return { username, role, expiresAt };
    },
    'sessions.delete': (ctx) => { if (ctx.token) app.sessions.logout(ctx.token); },

    'devices.list': () => app.registry.all().map((d) => d.status),
    'devices.create': (ctx) => app.config.createDevice(ctx.body, actor(ctx)),
    'devices.get': (ctx) => app.config.getDevice(ctx.params.id),
    'devices.update': (ctx) => app.config.updateDevice(ctx.params.id, ctx.body, actor(ctx)),
    'devices.delete': (ctx) => app.config.deleteDevice(ctx.params.id, actor(ctx)),
    'devices.series': async (ctx) => {
      const device = app.config.getDevice(ctx.params.id);
      const { point } = ctx.query;
      const { from, to } = window(ctx.query, HOUR);
      const maxPoints = Math.min(ctx.query.maxPoints ?? 1000, MAX_POINTS);
      // Samples still in the batch window are not in SQLite yet; the chart should not miss them.
      app.batcher.flush();
      // Raw samples or rollups, by how much time one chart point covers, in a worker; the reply says which.
      const unit = app.registry.type(device.typeId)?.type.dataPoints.find((p) => p.name === point)?.unit ?? '';
      return { point, unit, from, to, ...(await app.series.query(device.id, point, from, to, maxPoints)) };
    },
    'devices.alarmPeriods': (ctx) => {
      const device = app.config.getDevice(ctx.params.id);
      const { from, to } = window(ctx.query, HOUR);
      const alarms = app.alarms.list().filter((a) => a.source.deviceId === device.id);
      const ids = new Set(alarms.map((a) => a.id));
      return alarmPeriods(app.store.alarmHistory(from, to).filter((h) => ids.has(h.alarm)), alarms, from, to);
    },

    'events.active': () => app.events.activeEvents(),
    'events.list': (ctx) => {
      const q = ctx.query;
      app.batcher.flush();
      return app.store.events({ from: q.from, to: q.to, origin: q.origin, source: q.source, caption: q.caption, text: q.text, device: q.deviceId, limit: Math.min(q.limit ?? 500, MAX_EVENTS) });
    },

    'ingest.stats': () => app.stats(),

    'tcpServers.list': () => app.config.listTcpServers(),
    'tcpServers.create': (ctx) => app.config.createTcpServer(ctx.body, actor(ctx)),
    'tcpServers.get': (ctx) => app.config.getTcpServer(ctx.params.id),
    'tcpServers.update': (ctx) => app.config.updateTcpServer(ctx.params.id, ctx.body, actor(ctx)),
    'tcpServers.delete': (ctx) => app.config.deleteTcpServer(ctx.params.id, actor(ctx)),
    'tcpServers.haloStrings': (ctx) => app.config.haloStrings(ctx.params.id, ctx.query.typeId),

    'deviceTypes.list': () => app.config.listDeviceTypes(),
    'deviceTypes.create': (ctx) => app.config.saveDeviceType(ctx.body, actor(ctx), 'create'),
    'deviceTypes.get': (ctx) => app.config.typeView(ctx.params.id),
    'deviceTypes.export': (ctx) => {
      const view = app.config.typeView(ctx.params.id);
      return reply(200, view.type, { 'content-disposition': `attachment; filename="${view.type.id}.device-type.json"` });
    },
    'deviceTypes.update': (ctx) => app.config.saveDeviceType(ctx.body, actor(ctx), 'replace', ctx.params.id),
    'deviceTypes.delete': (ctx) => app.config.deleteDeviceType(ctx.params.id, actor(ctx)),

    'integrationAccounts.list': () => app.integrationAccounts.list(),
    'integrationAccounts.create': (ctx) => app.integrationAccounts.create(ctx.body, actor(ctx)),
    'integrationAccounts.delete': (ctx) => app.integrationAccounts.delete(ctx.params.id, actor(ctx)),

    'settings.allowLocalTargets': () => app.allowLocalTargets(),
    'settings.setAllowLocalTargets': (ctx) => app.setAllowLocalTargets(ctx.body, actor(ctx)),
    'demo.get': () => app.demoState(),
    'demo.set': (ctx) => app.setDemo(ctx.body.enabled, actor(ctx)),

    'cameras.list': () => app.cameras.list(),
    'cameras.create': (ctx) => app.cameras.create(ctx.body, actor(ctx)),
    'cameras.get': (ctx) => app.cameras.get(ctx.params.id),
    'cameras.update': (ctx) => app.cameras.update(ctx.params.id, ctx.body, actor(ctx)),
    'cameras.delete': (ctx) => app.cameras.delete(ctx.params.id, actor(ctx)),
    'cameras.ticket': (ctx) => app.cameras.ticket(ctx.params.id),
    'cameras.stream': (ctx) => {
      app.cameras.stream(viewer(ctx), ctx.http.res);
      return STREAMED;
    },
    'cameras.snapshot': async (ctx) => reply(200, null, { 'content-type': 'image/jpeg' }, await app.cameras.snapshot(viewer(ctx))),
  };
}
