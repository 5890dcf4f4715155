import { DEFAULT_COMMAND_TABLES, DEFAULT_STATUS_TABLES } from '../../../shared/site/tables.js';
import type { siteRoutes } from '../../../shared/api/routes-site.js';
import type { WatchdeskApp } from '../app.js';
import { ApiError, notFound } from '../errors.js';
import type { Handlers } from './reply.js';

type Name = keyof typeof siteRoutes;

/** Assets, commands, site commands and events, monitors, status and command tables, the connection. */
export function siteHandlers(app: WatchdeskApp): Handlers<Name> {
  const who = (ctx: { session: { username: string; role: 'operator' | 'supervisor' | 'admin' } | null }) => ({ username: ctx.session!.username, role: ctx.session!.role });

  return {
    'assets.list': (ctx) => {
      const { type, state, area } = ctx.query;
      return app.site.assets.all()
        .filter((a) => !type || a.type === type)
        .filter((a) => !state || a.displayed === state || a.states.includes(state))
        .filter((a) => !area || a.area === area);
    },
    'assets.get': (ctx) => {
      const asset = app.site.assets.view(ctx.params.id);
      if (!asset) throw notFound(`asset ${ctx.params.id}`);
      return asset;
    },
    'assets.command': (ctx) => app.site.command([ctx.params.id], ctx.body.command, ctx.body.params, who(ctx), ctx.body.confirmed),
    // A multi-selection: refused for cameras and wherever the command table says so.
    'assets.commandSelection': (ctx) => app.site.command(ctx.body.assetIds, ctx.body.command, ctx.body.params, who(ctx), ctx.body.confirmed),
    'commands.list': (ctx) => app.site.commands.list(Math.min(ctx.query.limit ?? 100, 500)),
    'commands.get': (ctx) => {
      const command = app.site.commands.get(ctx.params.id);
      if (!command) throw notFound(`command ${ctx.params.id}`);
      return command;
    },

    'site.command': (ctx) => app.site.systemCommand(ctx.body.command, ctx.body.params, who(ctx)),
    'site.events': (ctx) => {
      app.batcher.flush();
      return app.store.events({ origin: 'site', from: ctx.query.from, to: ctx.query.to, text: ctx.query.text, limit: Math.min(ctx.query.limit ?? 500, 10_000) });
    },
    'monitors.list': () => app.site.listMonitors(),

    'statusTables.get': () => app.site.assets.tables,
    'statusTables.defaults': () => DEFAULT_STATUS_TABLES,
    'statusTables.set': (ctx) => app.site.setStatusTables(ctx.body, who(ctx).username),
    'commandTables.get': () => app.site.commandTables,
    'commandTables.defaults': () => DEFAULT_COMMAND_TABLES,
    'commandTables.set': (ctx) => app.site.setCommandTables(ctx.body, who(ctx).username),

    'site.connection': () => app.site.connection(),
    'site.configure': (ctx) => app.site.configure(ctx.body, who(ctx).username),
    'site.log': (ctx) => app.site.log.list(Math.min(ctx.query.limit ?? 500, 2000)),

    // Fault injection for the simulated site: how No Communication, refusals and timeouts are shown and tested.
    'site.simulation': (ctx) => {
      const sim = app.site.simulated;
      if (!sim) throw new ApiError(409, 'refused', 'the site is not the simulated one');
      const s = ctx.body;
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
    },
  };
}
