import { alarmPeriods } from '../../../shared/alarms/periods.js';
import { lttbColumns } from '../../../shared/lttb.js';
import { openApiDocument } from '../../../shared/api/openapi.js';
import type { configRoutes } from '../../../shared/api/routes-config.js';
import type { WatchdeskApp } from '../app.js';
import { ApiError } from '../errors.js';
import { FailureLimiter } from '../collector/rate-limit.js';
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
  // Password guessing from one address is slowed down: 10 failures a minute, then a minute's wait.
  const logins = new FailureLimiter();
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

    'sessions.create': async (ctx) => {
      const address = ctx.address;
      const wait = logins.blockedFor(address);
      if (wait > 0) throw new ApiError(429, 'too_many_attempts', `too many failed logins from ${address}; try again in ${Math.ceil(wait / 1000)} s`);
      const result = await app.sessions.login(ctx.body.username, ctx.body.password);
      if (!result) {
        logins.fail(address);
        throw new ApiError(401, 'unauthorized', 'wrong user name or password');
      }
      logins.succeed(address);
      const { username, role, expiresAt } = result.session;
      return { token: result.token, username, role, expiresAt };
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
    'devices.series': (ctx) => {
      const device = app.config.getDevice(ctx.params.id);
      const { point } = ctx.query;
      const { from, to } = window(ctx.query, HOUR);
      const maxPoints = Math.min(ctx.query.maxPoints ?? 1000, MAX_POINTS);
      // Samples still in the batch window are not in SQLite yet; the chart should not miss them.
      app.batcher.flush();
      const raw = app.store.seriesColumns(device.id, point, from, to);
      return { point, unit: app.registry.type(device.typeId)?.type.dataPoints.find((p) => p.name === point)?.unit ?? '', from, to, total: raw.times.length, samples: lttbColumns(raw, maxPoints) };
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
