import { z } from 'zod';
import { DEFAULT_COMMAND_TABLES, DEFAULT_STATUS_TABLES } from '../../../shared/site/tables.js';
import type { WatchdeskApp } from '../app.js';
import { parseOrThrow } from '../config.js';
import { ApiError, notFound } from '../errors.js';
import { reply } from './http-server.js';
import { intParam, optionalNumber, type RequestContext, type Router } from './router.js';

const Command = z.object({ command: z.string().min(1).max(64), params: z.record(z.string(), z.unknown()).default({}), confirmed: z.boolean().default(false) });
const MultiCommand = Command.extend({ assetIds: z.array(z.string().min(1)).min(1).max(500) });
const Simulation = z.object({
  communication: z.boolean().optional(),
  freeze: z.array(z.string()).optional(),
  refuse: z.record(z.string(), z.string()).optional(),
  /** Make assets report these states, as if the hardware changed. */
  force: z.record(z.string(), z.array(z.string())).optional(),
});

/** Assets, commands, site commands and events, monitors, status and command tables, the connection. */
export function addSiteRoutes(r: Router, app: WatchdeskApp): void {
  const v1 = '/api/v1';
  const who = (ctx: RequestContext) => ({ username: ctx.session!.username, role: ctx.session!.role });

  r.add('GET', `${v1}/assets`, (ctx) => {
    const q = ctx.query;
    return app.site.assets.all()
      .filter((a) => !q.get('type') || a.type === q.get('type'))
      .filter((a) => !q.get('state') || a.displayed === q.get('state') || a.states.includes(q.get('state')!))
      .filter((a) => !q.get('area') || a.area === q.get('area'));
  });
  r.add('GET', `${v1}/assets/:id`, (ctx) => app.site.assets.view(ctx.params.id!) ?? (() => { throw notFound(`asset ${ctx.params.id}`); })());
  r.add('POST', `${v1}/assets/:id/commands`, async (ctx) => {
    const c = parseOrThrow(Command, await ctx.body(), 'Command');
    return reply(202, app.site.command([ctx.params.id!], c.command, c.params, who(ctx), c.confirmed));
  });
  // A multi-selection: refused for cameras and wherever the command table says so.
  r.add('POST', `${v1}/assets/commands`, async (ctx) => {
    const c = parseOrThrow(MultiCommand, await ctx.body(), 'Command');
    return reply(202, app.site.command(c.assetIds, c.command, c.params, who(ctx), c.confirmed));
  });
  r.add('GET', `${v1}/commands`, (ctx) => app.site.commands.list(Math.min(optionalNumber(ctx.query, 'limit') ?? 100, 500)));
  r.add('GET', `${v1}/commands/:id`, (ctx) => app.site.commands.get(intParam(ctx.params.id, 'id')) ?? (() => { throw notFound(`command ${ctx.params.id}`); })());

  r.add('POST', `${v1}/site/commands`, async (ctx) => {
    const c = parseOrThrow(Command, await ctx.body(), 'System command');
    return reply(202, app.site.systemCommand(c.command, c.params, who(ctx)));
  });
  r.add('GET', `${v1}/site/events`, (ctx) => {
    app.batcher.flush();
    return app.store.events({ origin: 'site', from: optionalNumber(ctx.query, 'from'), to: optionalNumber(ctx.query, 'to'), text: ctx.query.get('text') ?? undefined, limit: Math.min(optionalNumber(ctx.query, 'limit') ?? 500, 10_000) });
  });
  r.add('GET', `${v1}/monitors`, () => app.site.listMonitors());

  r.add('GET', `${v1}/status-tables`, () => app.site.assets.tables);
  r.add('GET', `${v1}/status-tables/defaults`, () => DEFAULT_STATUS_TABLES);
  r.add('PUT', `${v1}/status-tables`, async (ctx) => app.site.setStatusTables(await ctx.body(), who(ctx).username), 'admin');
  r.add('GET', `${v1}/command-tables`, () => app.site.commandTables);
  r.add('GET', `${v1}/command-tables/defaults`, () => DEFAULT_COMMAND_TABLES);
  r.add('PUT', `${v1}/command-tables`, async (ctx) => app.site.setCommandTables(await ctx.body(), who(ctx).username), 'admin');

  r.add('GET', `${v1}/site/connection`, () => app.site.connection());
  r.add('PUT', `${v1}/site/connection`, async (ctx) => app.site.configure(await ctx.body(), who(ctx).username), 'admin');
  r.add('GET', `${v1}/site/log`, (ctx) => app.site.log.list(Math.min(optionalNumber(ctx.query, 'limit') ?? 500, 2000)), 'supervisor');

  // Fault injection for the simulated site: how No Communication, refusals and timeouts are shown and tested.
  r.add('POST', `${v1}/site/simulation`, async (ctx) => {
    const sim = app.site.simulated;
    if (!sim) throw new ApiError(409, 'refused', 'the site is not the simulated one');
    const s = parseOrThrow(Simulation, await ctx.body(), 'Simulation');
    if (s.communication !== undefined) sim.setCommunication(s.communication);
    if (s.freeze) { sim.frozen.clear(); for (const id of s.freeze) sim.frozen.add(id); }
    if (s.refuse) { sim.refusing.clear(); for (const [id, reason] of Object.entries(s.refuse)) sim.refusing.set(id, reason); }
    try {
      for (const [id, states] of Object.entries(s.force ?? {})) sim.force(id, states);
    } catch (err) {
      throw new ApiError(400, 'invalid', `force: ${err instanceof Error ? err.message : String(err)}`);
    }
    app.store.audit({ actor: who(ctx).username, action: 'site.simulation', target: 'site', after: s });
    return { communication: s.communication ?? null, frozen: [...sim.frozen], refusing: Object.fromEntries(sim.refusing) };
  }, 'admin');
}
