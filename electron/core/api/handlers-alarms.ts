import { computeKpis } from '../../../shared/alarms/kpis.js';
import type { AlarmView } from '../../../shared/alarms/definitions.js';
import { ALARM_ACTION_NAMES, type AlarmAction, type alarmRoutes } from '../../../shared/api/routes-alarms.js';
import type { OperatorView } from '../../../shared/api/views.js';
import type { WatchdeskApp } from '../app.js';
import type { Actor } from '../alarms/alarm-service.js';
import { hashPassword } from '../auth/passwords.js';
import { ApiError, notFound } from '../errors.js';
import { auditCsv } from './audit-export.js';
import { reply, type Handler, type Handlers } from './reply.js';

type Name = keyof typeof alarmRoutes;
type Body = { comment?: string; reason?: string; durationS?: number; oneShot?: boolean; to?: string; message?: string };

/** Alarms, alarm definitions, rules, operators, the audit trail and KPIs. */
export function alarmHandlers(app: WatchdeskApp): Handlers<Name> {
  const actor = (ctx: { session: { username: string; role: Actor['role'] } | null }): Actor => ({ username: ctx.session!.username, role: ctx.session!.role });
  const publicOperator = (o: Omit<OperatorView, 'areas'>): OperatorView => ({ id: o.id, username: o.username, role: o.role, disabled: o.disabled, areas: app.operatorAreas.of(o.id) });

  // The table has checked and defaulted each body before these run.
  const act: Record<AlarmAction, (id: number, a: Actor, b: Body) => AlarmView> = {
    acknowledge: (id, a, b) => app.alarms.acknowledge(id, a, b.comment ?? ''),
    'force-acknowledge': (id, a, b) => app.alarms.acknowledge(id, a, b.comment ?? '', true),
    reset: (id, a, b) => app.alarms.reset(id, a, b.comment ?? ''),
    shelve: (id, a, b) => app.alarms.shelve(id, a, { reason: b.reason!, durationS: b.durationS, oneShot: b.oneShot }),
    unshelve: (id, a, b) => app.alarms.unshelve(id, a, b.comment ?? ''),
    investigate: (id, a) => app.alarms.investigate(id, a),
    forward: (id, a, b) => app.alarms.forward(id, a, b.to!, b.message ?? ''),
    'out-of-service': (id, a, b) => app.alarms.setOutOfService(id, a, b.reason!),
    'in-service': (id, a) => app.alarms.setOutOfService(id, a, null),
  };
  // On a site of several nodes, each action is checked against the alarm's version in PostgreSQL (409 `stale`).
  const shared = (id: number, run: () => AlarmView): AlarmView | Promise<AlarmView> => (app.cluster ? app.cluster.alarms.act(id, run) : run());
  const actions: Record<string, Handler<Name>> = {};
  for (const name of ALARM_ACTION_NAMES) {
    actions[`alarms.${name}`] = ((ctx: { params: { id: number }; body: Body; session: { username: string; role: Actor['role'] } | null }) =>
      shared(ctx.params.id, () => act[name](ctx.params.id, actor(ctx), ctx.body))) as unknown as Handler<Name>;
    // A selection: each alarm answers for itself.
    actions[`alarms.${name}.selection`] = (async (ctx: { body: Body & { ids: number[]; versions?: Record<string, number> }; session: { username: string; role: Actor['role'] } | null }) =>
      Promise.all(ctx.body.ids.map(async (id) => {
        let label: string | null = null;
        try {
          const seen = app.alarms.get(id);
          label = `${seen.name} (${seen.source.name})`;
          const expected = ctx.body.versions?.[String(id)];
          if (expected !== undefined && (seen.version ?? 0) !== expected) {
            return { id, ok: false as const, error: `${label} changed since you selected it (now ${seen.state}); not done, select it again` };
          }
          return { id, ok: true as const, alarm: await shared(id, () => act[name](id, actor(ctx), ctx.body)) };
        } catch (err) {
          // Named as the operator knows it, never by a number shown nowhere (unless it does not exist).
          const message = err instanceof Error ? err.message : String(err);
          return { id, ok: false as const, error: label ? `${label}: ${message.replace(/^alarm \d+:? ?/, '')}` : message };
        }
      }))) as unknown as Handler<Name>;
  }

  const auditFilter = (q: { from?: number; to?: number; actor?: string; action?: string; limit?: number }) => ({ ...q, limit: Math.min(q.limit ?? 500, 100_000) });

  return {
    ...(actions as Pick<Handlers<Name>, `alarms.${AlarmAction}` | `alarms.${AlarmAction}.selection`>),
    'alarms.list': (ctx) => app.alarms.list({ state: ctx.query.state, maxPriority: ctx.query.priority, source: ctx.query.source, from: ctx.query.from, to: ctx.query.to }),
    'alarms.get': (ctx) => app.alarms.get(ctx.params.id),
    'alarms.history': async (ctx) => {
      if (!app.cluster) return app.alarms.history(ctx.params.id);
      app.alarms.get(ctx.params.id);
      return (await app.cluster.store.alarmSteps(ctx.params.id)).map((s) => ({ ...s, reason: s.reason ?? '' }));
    },

    'alarmDefinitions.list': () => app.alarms.listDefinitions(),
    'alarmDefinitions.create': (ctx) => {
      const id = (ctx.body as { id?: unknown } | undefined)?.id;
      if (typeof id === 'string' && app.alarms.hasDefinition(id)) throw new ApiError(409, 'exists', `alarm definition ${id} exists; PUT replaces it`);
      return app.alarms.saveDefinition(ctx.body, actor(ctx).username);
    },
    'alarmDefinitions.update': (ctx) => {
      if (!app.alarms.hasDefinition(ctx.params.id)) throw notFound(`alarm definition ${ctx.params.id}`);
      return app.alarms.saveDefinition(ctx.body, actor(ctx).username, ctx.params.id);
    },
    'alarmDefinitions.delete': (ctx) => app.alarms.deleteDefinition(ctx.params.id, actor(ctx).username),

    'rules.list': () => app.rules.list(),
    'rules.create': (ctx) => app.rules.save(ctx.body, actor(ctx).username, 'create'),
    'rules.import': (ctx) => app.rules.import(ctx.body, actor(ctx).username),
    'rules.export': () => reply(200, app.rules.list().map((v) => v.rule), { 'content-disposition': 'attachment; filename="watchdesk-rules.json"' }),
    'rules.get': (ctx) => app.rules.get(ctx.params.id),
    'rules.versions': (ctx) => app.rules.versions(ctx.params.id),
    'rules.update': (ctx) => app.rules.save(ctx.body, actor(ctx).username, 'replace', ctx.params.id),
    'rules.delete': (ctx) => app.rules.delete(ctx.params.id, actor(ctx).username),

    'operators.list': () => app.store.listOperators().map(publicOperator),
    'operators.create': async (ctx) => {
      const o = ctx.body;
      if (app.store.findOperator(o.username)) throw new ApiError(409, 'exists', `operator ${o.username} exists`);
      const created = app.store.createOperator(o.username, o.role, await hashPassword(o.password));
      app.store.audit({ actor: actor(ctx).username, action: 'operator.create', target: `operator:${o.username}`, after: publicOperator(created) });
      return publicOperator(created);
    },
    'operators.update': async (ctx) => {
      const id = ctx.params.id;
      const before = app.store.listOperators().find((o) => o.id === id);
      if (!before) throw notFound(`operator ${id}`);
      const change = ctx.body;
      if (before.username === actor(ctx).username && (change.disabled || (change.role && change.role !== 'admin'))) throw new ApiError(409, 'refused', 'you cannot disable or demote yourself');
      if (change.areas) {
        // The site's areas as Assets shows them (and the HALOs' locations); one already given stays valid while the site is away.
        const known = new Set([...app.site.assets.all().map((a) => a.area), ...app.registry.all().map((d) => d.status.location), ...app.operatorAreas.of(id)].filter(Boolean));
        const unknown = change.areas.filter((a) => !known.has(a));
        if (unknown.length) throw new ApiError(400, 'invalid', `unknown area${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`, ['areas: not an area of the site']);
      }
      const beforeView = publicOperator(before);
      app.store.updateOperator(id, { role: change.role, disabled: change.disabled, passwordHash: change.password ? await hashPassword(change.password) : undefined });
      if (change.areas) app.operatorAreas.set(id, change.areas);
      const after = app.store.listOperators().find((o) => o.id === id)!;
      app.store.audit({ actor: actor(ctx).username, action: change.password ? 'operator.password-reset' : 'operator.update', target: `operator:${before.username}`, before: beforeView, after: publicOperator(after) });
      if (change.disabled || change.password) app.sessions.endFor(before.username, change.disabled ? 'an administrator disabled this operator' : 'an administrator reset the password');
      return publicOperator(after);
    },

    // The site's chain is PostgreSQL's when there is one (its appends from this node may still be on their way).
    'audit.list': (ctx) => (app.cluster ? app.cluster.store.listAudit(auditFilter(ctx.query)) : app.store.listAudit(auditFilter(ctx.query))),
    'audit.verify': () => (app.cluster ? app.cluster.store.verifyAudit() : app.store.verifyAudit()),
    'audit.export': async (ctx) => {
      const { format, ...filter } = ctx.query;
      const rows = app.cluster ? await app.cluster.store.listAudit(auditFilter(filter)) : app.store.listAudit(auditFilter(filter));
      const csv = format === 'csv';
      app.store.audit({ actor: actor(ctx).username, action: 'audit.export', target: 'audit', after: { rows: rows.length, format: csv ? 'csv' : 'json' } });
      return csv
        ? reply(200, null, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="watchdesk-audit.csv"' }, auditCsv(rows))
        : reply(200, rows, { 'content-disposition': 'attachment; filename="watchdesk-audit.json"' });
    },

    'kpis.get': (ctx) => {
      const to = ctx.query.to ?? Date.now();
      const from = ctx.query.from ?? to - 24 * 3600 * 1000;
      const activations = app.store.alarmHistory(from, to).filter((h) => h.action === 'activate').map((h) => ({ alarm: h.alarm, t: h.t }));
      return computeKpis(activations, app.alarms.list(), from, to, Date.now());
    },
  };
}
