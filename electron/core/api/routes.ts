import { z } from 'zod';
import { alarmPeriods } from '../../../shared/alarms/periods.js';
import { LoginSchema, MapLayoutSchema } from '../../../shared/bridge.js';
import type { WatchdeskApp } from '../app.js';
import { parseOrThrow } from '../config.js';
import { ApiError } from '../errors.js';
import { IntegrationAccountInput } from '../collector/accounts.js';
import { FailureLimiter } from '../collector/rate-limit.js';
import { reply } from './http-server.js';
import { Router, STREAMED, intParam, optionalNumber } from './router.js';
import { addAlarmRoutes } from './alarm-routes.js';
import { addSiteRoutes } from './site-routes.js';

const DemoSchema = z.object({ enabled: z.boolean() });
const MAX_EVENTS = 10_000;
const MAX_POINTS = 10_000;

/** The JSON API under /api/v1, documented in docs/api.md. */
export function buildRoutes(app: WatchdeskApp): Router {
  const r = new Router();
  const actor = (ctx: { session: { username: string } | null }): string => ctx.session?.username ?? 'anonymous';
  const v1 = '/api/v1';

  r.add('GET', `${v1}/health`, () => ({ ok: true, name: 'watchdesk', version: '0.1.0', time: Date.now() }), null);

  // Password guessing from one address is slowed down: 10 failures a minute, then a minute's wait.
  const logins = new FailureLimiter();
  r.add('POST', `${v1}/sessions`, async (ctx) => {
    const address = ctx.req?.socket.remoteAddress ?? 'in-process';
    const wait = logins.blockedFor(address);
    if (wait > 0) throw new ApiError(429, 'too_many_attempts', `too many failed logins from ${address}; try again in ${Math.ceil(wait / 1000)} s`);
    const { username, password } = parseOrThrow(LoginSchema, await ctx.body(), 'Login');
    const result = await app.sessions.login(username, password);
    if (!result) {
      logins.fail(address);
      throw new ApiError(401, 'unauthorized', 'wrong user name or password');
    }
    logins.succeed(address);
    const { username: u, role, expiresAt } = result.session;
    return reply(201, { token: result.token, username: u, role, expiresAt });
  }, null);
  r.add('GET', `${v1}/sessions/current`, (ctx) => {
    const { username, role, expiresAt } = ctx.session!;
    return { username, role, expiresAt };
  });
  r.add('DELETE', `${v1}/sessions/current`, (ctx) => { if (ctx.token) app.sessions.logout(ctx.token); });

  // ── Devices ──
  r.add('GET', `${v1}/devices`, () => app.registry.all().map((d) => d.status));
  r.add('POST', `${v1}/devices`, async (ctx) => reply(201, app.config.createDevice(await ctx.body(), actor(ctx))), 'admin');
  r.add('GET', `${v1}/devices/:id`, (ctx) => app.config.getDevice(intParam(ctx.params.id, 'id')));
  r.add('PUT', `${v1}/devices/:id`, async (ctx) => app.config.updateDevice(intParam(ctx.params.id, 'id'), await ctx.body(), actor(ctx)), 'admin');
  r.add('DELETE', `${v1}/devices/:id`, (ctx) => app.config.deleteDevice(intParam(ctx.params.id, 'id'), actor(ctx)), 'admin');
  r.add('GET', `${v1}/devices/:id/series`, async (ctx) => {
    const device = app.config.getDevice(intParam(ctx.params.id, 'id'));
    const point = ctx.query.get('point');
    if (!point) throw new ApiError(400, 'invalid', 'point is required, e.g. ?point=Noise');
    const to = optionalNumber(ctx.query, 'to') ?? Date.now();
    const from = optionalNumber(ctx.query, 'from') ?? to - 60 * 60 * 1000;
    if (from > to) throw new ApiError(400, 'invalid', 'from must not be after to');
    const maxPoints = Math.min(optionalNumber(ctx.query, 'maxPoints') ?? 1000, MAX_POINTS);
    if (maxPoints < 2) throw new ApiError(400, 'invalid', 'maxPoints must be at least 2');
    // Samples still in the batch window are not in SQLite yet; the chart should not miss them.
    app.batcher.flush();
    // Raw samples or 1-minute rollups, by how much time one chart point covers; says which.
    return { point, unit: app.registry.type(device.typeId)?.type.dataPoints.find((p) => p.name === point)?.unit ?? '', from, to, ...(await app.series.query(device.id, point, from, to, maxPoints)) };
  });

  r.add('GET', `${v1}/devices/:id/alarm-periods`, (ctx) => {
    const device = app.config.getDevice(intParam(ctx.params.id, 'id'));
    const to = optionalNumber(ctx.query, 'to') ?? Date.now();
    const from = optionalNumber(ctx.query, 'from') ?? to - 60 * 60 * 1000;
    if (from > to) throw new ApiError(400, 'invalid', 'from must not be after to');
    const alarms = app.alarms.list().filter((a) => a.source.deviceId === device.id);
    const ids = new Set(alarms.map((a) => a.id));
    return alarmPeriods(app.store.alarmHistory(from, to).filter((h) => ids.has(h.alarm)), alarms, from, to);
  });

  // ── Events ──
  r.add('GET', `${v1}/events/active`, () => app.events.activeEvents());
  r.add('GET', `${v1}/events`, (ctx) => {
    const q = ctx.query;
    const device = q.get('deviceId');
    app.batcher.flush();
    return app.store.events({
      from: optionalNumber(q, 'from'), to: optionalNumber(q, 'to'), origin: q.get('origin') ?? undefined,
      source: q.get('source') ?? undefined, caption: q.get('caption') ?? undefined, text: q.get('text') ?? undefined,
      device: device ? intParam(device, 'deviceId') : undefined,
      limit: Math.min(optionalNumber(q, 'limit') ?? 500, MAX_EVENTS),
    });
  });

  // ── Ingest ──
  r.add('GET', `${v1}/ingest/stats`, () => app.stats());

  r.add('GET', `${v1}/tcp-servers`, () => app.config.listTcpServers());
  r.add('POST', `${v1}/tcp-servers`, async (ctx) => reply(201, await app.config.createTcpServer(await ctx.body(), actor(ctx))), 'admin');
  r.add('GET', `${v1}/tcp-servers/:id`, (ctx) => app.config.getTcpServer(intParam(ctx.params.id, 'id')));
  r.add('PUT', `${v1}/tcp-servers/:id`, async (ctx) => app.config.updateTcpServer(intParam(ctx.params.id, 'id'), await ctx.body(), actor(ctx)), 'admin');
  r.add('DELETE', `${v1}/tcp-servers/:id`, (ctx) => app.config.deleteTcpServer(intParam(ctx.params.id, 'id'), actor(ctx)), 'admin');
  r.add('GET', `${v1}/tcp-servers/:id/halo-strings`, (ctx) =>
    app.config.haloStrings(intParam(ctx.params.id, 'id'), ctx.query.get('typeId') ?? 'halo'));

  r.add('GET', `${v1}/device-types`, () => app.config.listDeviceTypes());
  r.add('POST', `${v1}/device-types`, async (ctx) => reply(201, app.config.saveDeviceType(await ctx.body(), actor(ctx), 'create')), 'admin');
  r.add('GET', `${v1}/device-types/:id`, (ctx) => app.config.typeView(ctx.params.id!));
  r.add('GET', `${v1}/device-types/:id/export`, (ctx) => {
    const view = app.config.typeView(ctx.params.id!);
    return reply(200, view.type, { 'content-disposition': `attachment; filename="${view.type.id}.device-type.json"` });
  });
  r.add('PUT', `${v1}/device-types/:id`, async (ctx) => app.config.saveDeviceType(await ctx.body(), actor(ctx), 'replace', ctx.params.id), 'admin');
  r.add('DELETE', `${v1}/device-types/:id`, (ctx) => app.config.deleteDeviceType(ctx.params.id!, actor(ctx)), 'admin');

  // ── Generic-event collector accounts ──
  r.add('GET', `${v1}/integration-accounts`, () => app.integrationAccounts.list(), 'admin');
  r.add('POST', `${v1}/integration-accounts`, async (ctx) =>
    reply(201, await app.integrationAccounts.create(parseOrThrow(IntegrationAccountInput, await ctx.body(), 'Integration account'), actor(ctx))), 'admin');
  r.add('DELETE', `${v1}/integration-accounts/:id`, (ctx) => app.integrationAccounts.delete(intParam(ctx.params.id, 'id'), actor(ctx)), 'admin');

  // ── Demo site ──
  r.add('GET', `${v1}/demo`, () => app.demoState());
  r.add('PUT', `${v1}/demo`, async (ctx) => app.setDemo(parseOrThrow(DemoSchema, await ctx.body(), 'Demo setting').enabled, actor(ctx)), 'supervisor');

  // ── Floor-plan layout ──
  r.add('GET', `${v1}/map/layout`, () => ({ positions: {}, ...JSON.parse(app.store.getSetting('mapLayout') ?? '{}') as object }));
  r.add('PUT', `${v1}/map/layout`, async (ctx) => {
    const layout = parseOrThrow(MapLayoutSchema, await ctx.body(), 'Map layout');
    app.store.setSetting('mapLayout', JSON.stringify(layout));
    app.store.audit({ actor: actor(ctx), action: 'map.layout', target: 'map', after: { markers: Object.keys(layout.positions).length } });
    return layout;
  }, 'supervisor');

  // ── Cameras and proxied video ──
  r.add('GET', `${v1}/cameras`, () => app.cameras.list());
  r.add('POST', `${v1}/cameras`, async (ctx) => reply(201, app.cameras.create(await ctx.body(), actor(ctx))), 'admin');
  r.add('GET', `${v1}/cameras/:id`, (ctx) => app.cameras.get(intParam(ctx.params.id, 'id')));
  r.add('PUT', `${v1}/cameras/:id`, async (ctx) => app.cameras.update(intParam(ctx.params.id, 'id'), await ctx.body(), actor(ctx)), 'admin');
  r.add('DELETE', `${v1}/cameras/:id`, (ctx) => app.cameras.delete(intParam(ctx.params.id, 'id'), actor(ctx)), 'admin');
  r.add('POST', `${v1}/cameras/:id/ticket`, (ctx) => reply(201, app.cameras.ticket(intParam(ctx.params.id, 'id'))));
  // An <img> cannot send a bearer token: a session or a single-use ticket from POST …/ticket.
  const viewer = (ctx: { session: unknown; query: URLSearchParams }, id: number): void => {
    if (!ctx.session && !app.cameras.useTicket(id, ctx.query.get('ticket'))) throw new ApiError(401, 'unauthorized', 'a session or a ticket from POST /api/v1/cameras/{id}/ticket is required');
  };
  r.add('GET', `${v1}/cameras/:id/stream`, (ctx) => {
    const id = intParam(ctx.params.id, 'id');
    viewer(ctx, id);
    if (!ctx.res) throw new ApiError(400, 'invalid', 'a video stream needs an HTTP connection');
    app.cameras.stream(id, ctx.res);
    return STREAMED;
  }, null);
  r.add('GET', `${v1}/cameras/:id/snapshot`, async (ctx) => {
    const id = intParam(ctx.params.id, 'id');
    viewer(ctx, id);
    return reply(200, null, { 'content-type': 'image/jpeg' }, await app.cameras.snapshot(id));
  }, null);

  addAlarmRoutes(r, app);
  addSiteRoutes(r, app);
  return r;
}
