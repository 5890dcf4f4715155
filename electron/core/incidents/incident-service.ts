import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AlarmView } from '../../../shared/alarms/definitions.js';
import type { IncidentEntry, IncidentSummary, IncidentView } from '../../../shared/incidents/model.js';
import { ApiError, notFound } from '../errors.js';
import type { IncidentBody, IncidentStore } from './incident-store.js';

const STATE_WORDS: Record<string, string> = { normal: 'normal', unack: 'unacknowledged', ack: 'acknowledged', 'rtn-unack': 'returned, unacknowledged', latched: 'latched' };

export interface IncidentDeps {
  store: IncidentStore;
  audit(entry: { actor: string; action: string; target: string; before?: unknown; after?: unknown; reason?: string }): void;
  alarm(id: number): AlarmView;
  /** Pending events reach the database first, so a just-seen event can be attached. */
  flushEvents(): void;
  operatorExists(username: string): boolean;
  /** A JPEG from a console camera (through the video proxy) or a camera asset, with the camera's name. */
  snapshot(request: { cameraId?: number; assetId?: string }): Promise<{ image: Buffer; camera: string }>;
  changed(id: number): void;
  dataDir: string;
  clock?: () => number;
}

/**
 * Incidents: an operator gathers alarms, events, snapshots taken at the moment and notes under
 * one owner. Every change is a timeline entry, an audit row, and a nudge on the stream.
 */
export class IncidentService {
  private readonly clock: () => number;

  constructor(private readonly deps: IncidentDeps) {
    this.clock = deps.clock ?? Date.now;
  }

  list(state: 'open' | 'closed' | 'all'): IncidentSummary[] {
    return this.deps.store.list(state);
  }

  get(id: number): IncidentView {
    const i = this.deps.store.get(id);
    if (!i) throw notFound(`incident ${id}`);
    return i;
  }

  private open_(id: number): IncidentView {
    const i = this.get(id);
    if (i.state === 'closed') throw new ApiError(409, 'closed', `incident ${id} is closed; a supervisor can reopen it`);
    return i;
  }

  private body(i: IncidentView): IncidentBody {
    return { title: i.title, owner: i.owner, openedBy: i.openedBy, closedAt: i.closedAt, closedBy: i.closedBy, alarmIds: i.alarmIds, eventIds: i.eventIds };
  }

  private alarms(ids: number[]): AlarmView[] {
    // Every id is checked before anything is written: a bad id attaches nothing.
    return [...new Set(ids)].map((id) => this.deps.alarm(id));
  }

  private static alarmText(a: AlarmView): string {
    return `${a.name} on ${a.source.name} (${STATE_WORDS[a.state] ?? a.state}, priority ${a.priority})`;
  }

  private commit(i: IncidentView, body: IncidentBody, state: 'open' | 'closed', entries: Array<Omit<IncidentEntry, 'id' | 't' | 'actor'>>, actor: string, action: string, after: unknown): IncidentView {
    const t = this.clock();
    for (const e of entries) this.deps.store.addEntry(i.id, { ...e, t, actor });
    this.deps.store.update(i.id, body, state, t);
    this.deps.audit({ actor, action, target: `incident:${i.id}`, after });
    this.deps.changed(i.id);
    return this.get(i.id);
  }

  open(input: { title: string; alarmIds: number[]; note: string }, actor: string): IncidentView {
    const alarms = this.alarms(input.alarmIds);
    const first = alarms[0]!;
    const title = input.title || (alarms.length > 1 ? `${first.name} × ${alarms.length}` : `${first.name} on ${first.source.name}`);
    const t = this.clock();
    const body: IncidentBody = { title, owner: actor, openedBy: actor, closedAt: null, closedBy: null, alarmIds: alarms.map((a) => a.id), eventIds: [] };
    const id = this.deps.store.create(body, t);
    const entries: Array<Omit<IncidentEntry, 'id' | 't' | 'actor'>> = [
      { kind: 'opened', text: `Opened "${title}"` },
      ...alarms.map((a) => ({ kind: 'alarm' as const, text: IncidentService.alarmText(a), alarmId: a.id })),
      ...(input.note ? [{ kind: 'note' as const, text: input.note }] : []),
    ];
    return this.commit(this.get(id), body, 'open', entries, actor, 'incident.open', { title, alarmIds: body.alarmIds });
  }

  attachAlarms(id: number, alarmIds: number[], actor: string): IncidentView {
    const i = this.open_(id);
    const fresh = this.alarms(alarmIds).filter((a) => !i.alarmIds.includes(a.id));
    if (!fresh.length) return i;
    const body = { ...this.body(i), alarmIds: [...i.alarmIds, ...fresh.map((a) => a.id)] };
    return this.commit(i, body, 'open', fresh.map((a) => ({ kind: 'alarm', text: IncidentService.alarmText(a), alarmId: a.id })), actor, 'incident.attach-alarms', { alarmIds: fresh.map((a) => a.id) });
  }

  attachEvents(id: number, eventIds: number[], actor: string): IncidentView {
    const i = this.open_(id);
    this.deps.flushEvents();
    const events = [...new Set(eventIds)].filter((e) => !i.eventIds.includes(e)).map((e) => this.deps.store.event(e) ?? (() => { throw new ApiError(400, 'invalid', `eventIds: event ${e} does not exist`); })());
    if (!events.length) return i;
    const body = { ...this.body(i), eventIds: [...i.eventIds, ...events.map((e) => e.id)] };
    const entries = events.map((e) => ({ kind: 'event' as const, eventId: e.id, text: `${e.name} from ${e.source} at ${new Date(e.t).toISOString()}${e.description ? `: ${e.description}` : ''}`.slice(0, 1000) }));
    return this.commit(i, body, 'open', entries, actor, 'incident.attach-events', { eventIds: events.map((e) => e.id) });
  }

  private folder(id: number): string {
    return join(this.deps.dataDir, 'incidents', String(id));
  }

  snapshotPath(id: number, entry: number): string {
    return join(this.folder(id), `${entry}.jpg`);
  }

  /** Takes the snapshot now and keeps it as a file beside the database; the timeline says which camera. */
  async attachSnapshot(id: number, request: { cameraId?: number; assetId?: string }, actor: string): Promise<IncidentView> {
    this.open_(id);
    const { image, camera } = await this.deps.snapshot(request);
    const i = this.open_(id);
    const t = this.clock();
    const entry = this.deps.store.addEntry(id, { t, actor, kind: 'snapshot', text: `Snapshot of ${camera}`, snapshot: { camera, bytes: image.length } });
    try {
      mkdirSync(this.folder(id), { recursive: true, mode: 0o700 });
      writeFileSync(this.snapshotPath(id, entry), image, { mode: 0o600 });
    } catch (err) {
      this.deps.store.removeEntry(entry);
      rmSync(this.snapshotPath(id, entry), { force: true });
      throw new ApiError(507, 'not_stored', `the snapshot could not be kept: ${err instanceof Error ? err.message : String(err)}`);
    }
    return this.commit(i, this.body(i), 'open', [], actor, 'incident.snapshot', { entry, camera, bytes: image.length });
  }

  snapshotImage(id: number, entry: number): Buffer {
    const i = this.get(id);
    if (!i.entries.some((e) => e.id === entry && e.kind === 'snapshot')) throw notFound(`snapshot ${entry} of incident ${id}`);
    try {
      return readFileSync(this.snapshotPath(id, entry));
    } catch {
      throw notFound(`the file of snapshot ${entry} of incident ${id}`);
    }
  }

  note(id: number, text: string, actor: string): IncidentView {
    const i = this.open_(id);
    return this.commit(i, this.body(i), 'open', [{ kind: 'note', text }], actor, 'incident.note', { text });
  }

  setOwner(id: number, owner: string, actor: string): IncidentView {
    const i = this.open_(id);
    if (!this.deps.operatorExists(owner)) throw new ApiError(400, 'invalid', `owner: operator ${owner} does not exist or is disabled`);
    if (owner === i.owner) return i;
    return this.commit(i, { ...this.body(i), owner }, 'open', [{ kind: 'owner', text: `Owner ${i.owner} → ${owner}` }], actor, 'incident.owner', { before: i.owner, owner });
  }

  close(id: number, note: string, actor: string): IncidentView {
    const i = this.open_(id);
    const body = { ...this.body(i), closedAt: this.clock(), closedBy: actor };
    return this.commit(i, body, 'closed', [{ kind: 'closed', text: note ? `Closed: ${note}` : 'Closed' }], actor, 'incident.close', { note });
  }

  reopen(id: number, actor: string): IncidentView {
    const i = this.get(id);
    if (i.state === 'open') throw new ApiError(409, 'refused', `incident ${id} is open`);
    return this.commit(i, { ...this.body(i), closedAt: null, closedBy: null }, 'open', [{ kind: 'reopened', text: 'Reopened' }], actor, 'incident.reopen', {});
  }
}
