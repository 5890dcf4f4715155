import { z } from 'zod';
import { computeKpis } from '../../../shared/alarms/kpis.js';
import { RoleSchema } from '../../../shared/bridge.js';
import type { AlarmView } from '../../../shared/alarms/definitions.js';
import type { WatchdeskApp } from '../app.js';
import type { Actor } from '../alarms/alarm-service.js';
import { hashPassword } from '../auth/passwords.js';
import { parseOrThrow } from '../config.js';
import { ApiError, notFound } from '../errors.js';
import { reply } from './http-server.js';
import { intParam, optionalNumber, type RequestContext, type Router } from './router.js';
import { auditCsv } from './audit-export.js';

const Comment = z.object({ comment: z.string().max(1000).default('') });
const Shelve = z.object({ reason: z.string().trim().min(1, 'a reason is required').max(500), durationS: z.number().int().positive().optional(), oneShot: z.boolean().default(false) });
const Forward = z.object({ to: z.string().min(1).max(64), message: z.string().max(1000).default('') });
const Reason = z.object({ reason: z.string().trim().min(1, 'a reason is required').max(500) });
const Ids = z.object({ ids: z.array(z.number().int().positive()).min(1).max(1000) });
const NewOperator = z.object({ username: z.string().trim().min(1).max(64).regex(/^\S+$/, 'must not contain spaces'), password: z.string().min(8).max(1024), role: RoleSchema });
const OperatorChange = z.object({ role: RoleSchema.optional(), disabled: z.boolean().optional(), password: z.string().min(8).max(1024).optional() });

type AlarmAction = (id: number, actor: Actor, body: unknown) => AlarmView;

/** Alarms, alarm definitions, rules, operators, the audit trail and KPIs under /api/v1. */
export function addAlarmRoutes(r: Router, app: WatchdeskApp): void {
  const v1 = '/api/v1';
  const actor = (ctx: RequestContext): Actor => ({ username: ctx.session!.username, role: ctx.session!.role });

  // ── Alarms ──
  r.add('GET', `${v1}/alarms`, (ctx) => app.alarms.list({
    state: ctx.query.get('state') ?? undefined, maxPriority: optionalNumber(ctx.query, 'priority'), source: ctx.query.get('source') ?? undefined,
    from: optionalNumber(ctx.query, 'from'), to: optionalNumber(ctx.query, 'to'),
  }));
  r.add('GET', `${v1}/alarms/:id`, (ctx) => app.alarms.get(intParam(ctx.params.id, 'id')));
  r.add('GET', `${v1}/alarms/:id/history`, (ctx) => app.alarms.history(intParam(ctx.params.id, 'id')));

  const actions: Record<string, AlarmAction> = {
    acknowledge: (id, a, b) => app.alarms.acknowledge(id, a, parseOrThrow(Comment, b ?? {}, 'Acknowledge').comment),
    'force-acknowledge': (id, a, b) => app.alarms.acknowledge(id, a, parseOrThrow(Comment, b ?? {}, 'Force-acknowledge').comment, true),
    reset: (id, a, b) => app.alarms.reset(id, a, parseOrThrow(Comment, b ?? {}, 'Reset').comment),
    shelve: (id, a, b) => app.alarms.shelve(id, a, parseOrThrow(Shelve, b, 'Shelve')),
    unshelve: (id, a, b) => app.alarms.unshelve(id, a, parseOrThrow(Comment, b ?? {}, 'Unshelve').comment),
    investigate: (id, a) => app.alarms.investigate(id, a),
    forward: (id, a, b) => { const f = parseOrThrow(Forward, b, 'Forward'); return app.alarms.forward(id, a, f.to, f.message); },
    'out-of-service': (id, a, b) => app.alarms.setOutOfService(id, a, parseOrThrow(Reason, b, 'Out of service').reason),
    'in-service': (id, a) => app.alarms.setOutOfService(id, a, null),
  };
  for (const [name, act] of Object.entries(actions)) {
    r.add('POST', `${v1}/alarms/:id/${name}`, async (ctx) => act(intParam(ctx.params.id, 'id'), actor(ctx), await ctx.body()));
    // Bulk form: the same action on a selection; each alarm answers for itself.
    r.add('POST', `${v1}/alarms/${name}`, async (ctx) => {
      const body = (await ctx.body()) as Record<string, unknown> | undefined;
      const { ids } = parseOrThrow(Ids, body, 'Selection');
      return ids.map((id) => {
        try {
          return { id, ok: true, alarm: act(id, actor(ctx), body) };
        } catch (err) {
          return { id, ok: false, error: err instanceof Error ? err.message : String(err) };
        }
      });
    });
  }

  r.add('GET', `${v1}/alarm-definitions`, () => app.alarms.listDefinitions());
  r.add('POST', `${v1}/alarm-definitions`, async (ctx) => {
    const body = await ctx.body();
    const id = (body as { id?: unknown } | undefined)?.id;
    if (typeof id === 'string' && app.alarms.hasDefinition(id)) throw new ApiError(409, 'exists', `alarm definition ${id} exists; PUT replaces it`);
    return reply(201, app.alarms.saveDefinition(body, actor(ctx).username));
  }, 'supervisor');
  r.add('PUT', `${v1}/alarm-definitions/:id`, async (ctx) => {
    if (!app.alarms.hasDefinition(ctx.params.id!)) throw notFound(`alarm definition ${ctx.params.id}`);
    return app.alarms.saveDefinition(await ctx.body(), actor(ctx).username, ctx.params.id);
  }, 'supervisor');
  r.add('DELETE', `${v1}/alarm-definitions/:id`, (ctx) => app.alarms.deleteDefinition(ctx.params.id!, actor(ctx).username), 'supervisor');

  // ── Rules ──
  r.add('GET', `${v1}/rules`, () => app.rules.list());
  r.add('POST', `${v1}/rules`, async (ctx) => reply(201, app.rules.save(await ctx.body(), actor(ctx).username, 'create')), 'supervisor');
  r.add('POST', `${v1}/rules/import`, async (ctx) => reply(201, app.rules.import(await ctx.body(), actor(ctx).username)), 'supervisor');
  r.add('GET', `${v1}/rules/export`, () => reply(200, app.rules.list().map((v) => v.rule), { 'content-disposition': 'attachment; filename="watchdesk-rules.json"' }));
  r.add('GET', `${v1}/rules/:id`, (ctx) => app.rules.get(ctx.params.id!));
  r.add('GET', `${v1}/rules/:id/versions`, (ctx) => app.rules.versions(ctx.params.id!));
  r.add('PUT', `${v1}/rules/:id`, async (ctx) => app.rules.save(await ctx.body(), actor(ctx).username, 'replace', ctx.params.id), 'supervisor');
  r.add('DELETE', `${v1}/rules/:id`, (ctx) => app.rules.delete(ctx.params.id!, actor(ctx).username), 'supervisor');

  // ── Operators ──
  const publicOperator = (o: { id: number; username: string; role: string; disabled: boolean }) => ({ id: o.id, username: o.username, role: o.role, disabled: o.disabled });
  r.add('GET', `${v1}/operators`, () => app.store.listOperators().map(publicOperator), 'supervisor');
  r.add('POST', `${v1}/operators`, async (ctx) => {
    const o = parseOrThrow(NewOperator, await ctx.body(), 'Operator');
    if (app.store.findOperator(o.username)) throw new ApiError(409, 'exists', `operator ${o.username} exists`);
    const created = app.store.createOperator(o.username, o.role, await hashPassword(o.password));
    app.store.audit({ actor: actor(ctx).username, action: 'operator.create', target: `operator:${o.username}`, after: publicOperator(created) });
    return reply(201, publicOperator(created));
  }, 'admin');
  r.add('PUT', `${v1}/operators/:id`, async (ctx) => {
    const id = intParam(ctx.params.id, 'id');
    const before = app.store.listOperators().find((o) => o.id === id);
    if (!before) throw notFound(`operator ${id}`);
    const change = parseOrThrow(OperatorChange, await ctx.body(), 'Operator change');
    if (before.username === actor(ctx).username && (change.disabled || (change.role && change.role !== 'admin'))) throw new ApiError(409, 'refused', 'you cannot disable or demote yourself');
    app.store.updateOperator(id, { role: change.role, disabled: change.disabled, passwordHash: change.password ? await hashPassword(change.password) : undefined });
    const after = app.store.listOperators().find((o) => o.id === id)!;
    app.store.audit({ actor: actor(ctx).username, action: change.password ? 'operator.password-reset' : 'operator.update', target: `operator:${before.username}`, before: publicOperator(before), after: publicOperator(after) });
    if (change.disabled || change.password) app.sessions.endFor(before.username);
    return publicOperator(after);
  }, 'admin');

  // ── Audit ──
  const auditFilter = (ctx: RequestContext) => ({
    from: optionalNumber(ctx.query, 'from'), to: optionalNumber(ctx.query, 'to'), actor: ctx.query.get('actor') ?? undefined,
    action: ctx.query.get('action') ?? undefined, limit: Math.min(optionalNumber(ctx.query, 'limit') ?? 500, 100_000),
  });
  r.add('GET', `${v1}/audit`, (ctx) => app.store.listAudit(auditFilter(ctx)), 'supervisor');
  r.add('GET', `${v1}/audit/verify`, () => app.store.verifyAudit(), 'supervisor');
  r.add('GET', `${v1}/audit/export`, (ctx) => {
    const rows = app.store.listAudit(auditFilter(ctx));
    const csv = ctx.query.get('format') === 'csv';
    app.store.audit({ actor: actor(ctx).username, action: 'audit.export', target: 'audit', after: { rows: rows.length, format: csv ? 'csv' : 'json' } });
    return csv
      ? reply(200, null, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="watchdesk-audit.csv"' }, auditCsv(rows))
      : reply(200, rows, { 'content-disposition': 'attachment; filename="watchdesk-audit.json"' });
  }, 'supervisor');

  // ── KPIs ──
  r.add('GET', `${v1}/kpis`, (ctx) => {
    const to = optionalNumber(ctx.query, 'to') ?? Date.now();
    const from = optionalNumber(ctx.query, 'from') ?? to - 24 * 3600 * 1000;
    const activations = app.store.alarmHistory(from, to).filter((h) => h.action === 'activate').map((h) => ({ alarm: h.alarm, t: h.t }));
    return computeKpis(activations, app.alarms.list(), from, to, Date.now());
  });
}
