import { randomBytes } from 'node:crypto';
import type { incidentRoutes } from '../../../shared/api/routes-incidents.js';
import type { WatchdeskApp } from '../app.js';
import { ApiError } from '../errors.js';
import { IncidentService } from '../incidents/incident-service.js';
import { IncidentStore } from '../incidents/incident-store.js';
import { gatherReport } from '../incidents/report-data.js';
import { renderIncidentReport } from '../incidents/report-pdf.js';
import { reply, type Handlers } from './reply.js';

type Name = keyof typeof incidentRoutes;
const TICKET_TTL_MS = 60_000;

/** The incident service of this app, with snapshots from the video proxy or the site. */
export function incidentService(app: WatchdeskApp): IncidentService {
  return new IncidentService({
    store: new IncidentStore(app.store.db),
    audit: (e) => app.store.audit(e),
    alarm: (id) => {
      try {
        return app.alarms.get(id);
      } catch {
        throw new ApiError(400, 'invalid', `alarmIds: alarm ${id} does not exist`);
      }
    },
    flushEvents: () => app.batcher.flush(),
    operatorExists: (u) => { const o = app.store.findOperator(u); return o !== undefined && o !== null && !o.disabled; },
    snapshot: async (r) => {
      if (r.cameraId !== undefined) {
        const camera = app.cameras.list().find((c) => c.id === r.cameraId);
        if (!camera) throw new ApiError(400, 'invalid', `cameraId: camera ${r.cameraId} does not exist`);
        return { image: await app.cameras.snapshot(r.cameraId), camera: camera.name };
      }
      const asset = app.site.assets.view(r.assetId!);
      if (!asset) throw new ApiError(400, 'invalid', `assetId: asset ${r.assetId} does not exist`);
      return { image: await app.site.snapshot(r.assetId!), camera: asset.name };
    },
    changed: (id) => app.hub.incidentsChanged([id]),
    dataDir: app.options.dataDir,
  });
}

/** Incidents and their report. An <img> or a download cannot send a bearer token: they use a single-use ticket. */
export function incidentHandlers(app: WatchdeskApp): Handlers<Name> {
  const incidents = incidentService(app);
  const who = (ctx: { session: { username: string } | null }): string => ctx.session!.username;
  const tickets = new Map<string, { incident: number; expires: number; username: string }>();
  /** Who asks: the session's operator, or the one the ticket was given to. */
  const reader = (ctx: { session: { username: string } | null; params: { id: number }; query: { ticket?: string } }): string => {
    if (ctx.session) return ctx.session.username;
    const t = ctx.query.ticket ? tickets.get(ctx.query.ticket) : undefined;
    if (ctx.query.ticket) tickets.delete(ctx.query.ticket);
    if (!t || t.incident !== ctx.params.id || t.expires <= Date.now()) throw new ApiError(401, 'unauthorized', `a session or a ticket from POST /api/v1/incidents/${ctx.params.id}/ticket is required`);
    return t.username;
  };
  return {
    'incidents.list': (ctx) => incidents.list(ctx.query.state),
    'incidents.open': (ctx) => incidents.open(ctx.body, who(ctx)),
    'incidents.get': (ctx) => incidents.get(ctx.params.id),
    'incidents.alarms': (ctx) => incidents.attachAlarms(ctx.params.id, ctx.body.alarmIds, who(ctx)),
    'incidents.events': (ctx) => incidents.attachEvents(ctx.params.id, ctx.body.eventIds, who(ctx)),
    'incidents.snapshot': (ctx) => incidents.attachSnapshot(ctx.params.id, ctx.body, who(ctx)),
    'incidents.snapshotImage': (ctx) => {
      reader(ctx);
      return reply(200, undefined, { 'content-type': 'image/jpeg', 'cache-control': 'private, max-age=3600' }, incidents.snapshotImage(ctx.params.id, ctx.params.entry));
    },
    'incidents.note': (ctx) => incidents.note(ctx.params.id, ctx.body.text, who(ctx)),
    'incidents.owner': (ctx) => incidents.setOwner(ctx.params.id, ctx.body.owner, who(ctx)),
    'incidents.close': (ctx) => incidents.close(ctx.params.id, ctx.body.note, who(ctx)),
    'incidents.reopen': (ctx) => incidents.reopen(ctx.params.id, who(ctx)),
    'incidents.ticket': (ctx) => {
      incidents.get(ctx.params.id);
      const now = Date.now();
      for (const [k, v] of tickets) if (v.expires <= now) tickets.delete(k);
      const ticket = randomBytes(18).toString('base64url');
      tickets.set(ticket, { incident: ctx.params.id, expires: now + TICKET_TTL_MS, username: who(ctx) });
      return { ticket, expiresAt: now + TICKET_TTL_MS };
    },
    'incidents.report': async (ctx) => {
      const username = reader(ctx);
      const pdf = await renderIncidentReport(await gatherReport(app, incidents, ctx.params.id, username));
      app.store.audit({ actor: username, action: 'incident.export', target: `incident:${ctx.params.id}`, after: { bytes: pdf.length, format: 'pdf' } });
      return reply(200, undefined, { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="watchdesk-incident-${ctx.params.id}.pdf"` }, pdf);
    },
  };
}
