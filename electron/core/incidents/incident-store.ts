import type Database from 'better-sqlite3';
import type { IncidentEntry, IncidentEntryKind, IncidentView } from '../../../shared/incidents/model.js';

/** What an incident row holds besides its state and times. */
export interface IncidentBody {
  title: string;
  owner: string;
  openedBy: string;
  closedAt: number | null;
  closedBy: string | null;
  alarmIds: number[];
  eventIds: number[];
}

type Row = { id: number; body: string; state: 'open' | 'closed'; opened_at: number; updated_at: number };
type EntryRow = { id: number; t: number; actor: string; kind: IncidentEntryKind; body: string };

/** Incidents and their append-only timelines in the console's SQLite file (migration 16). */
export class IncidentStore {
  constructor(private readonly db: Database.Database) {}

  create(body: IncidentBody, at: number): number {
    return Number(this.db.prepare('INSERT INTO incidents (body, state, opened_at, updated_at) VALUES (?, ?, ?, ?)').run(JSON.stringify(body), 'open', at, at).lastInsertRowid);
  }

  update(id: number, body: IncidentBody, state: 'open' | 'closed', at: number): void {
    this.db.prepare('UPDATE incidents SET body = ?, state = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(body), state, at, id);
  }

  addEntry(incident: number, entry: Omit<IncidentEntry, 'id'>): number {
    const { t, actor, kind, ...rest } = entry;
    return Number(this.db.prepare('INSERT INTO incident_entries (incident, t, actor, kind, body) VALUES (?, ?, ?, ?, ?)').run(incident, t, actor, kind, JSON.stringify(rest)).lastInsertRowid);
  }

  removeEntry(id: number): void {
    this.db.prepare('DELETE FROM incident_entries WHERE id = ?').run(id);
  }

  get(id: number): IncidentView | null {
    const row = this.db.prepare('SELECT id, body, state, opened_at, updated_at FROM incidents WHERE id = ?').get(id) as Row | undefined;
    return row ? { ...this.base(row), entries: this.entries(id) } : null;
  }

  list(state: 'open' | 'closed' | 'all', limit = 500): Array<Omit<IncidentView, 'entries'> & { entryCount: number; snapshots: number }> {
    const rows = (state === 'all'
      ? this.db.prepare('SELECT id, body, state, opened_at, updated_at FROM incidents ORDER BY updated_at DESC LIMIT ?').all(limit)
      : this.db.prepare('SELECT id, body, state, opened_at, updated_at FROM incidents WHERE state = ? ORDER BY updated_at DESC LIMIT ?').all(state, limit)) as Row[];
    const count = this.db.prepare("SELECT count(*) AS n, sum(kind = 'snapshot') AS s FROM incident_entries WHERE incident = ?");
    return rows.map((r) => {
      const c = count.get(r.id) as { n: number; s: number | null };
      return { ...this.base(r), entryCount: c.n, snapshots: c.s ?? 0 };
    });
  }

  private base(row: Row): Omit<IncidentView, 'entries'> {
    const b = JSON.parse(row.body) as IncidentBody;
    return { id: row.id, title: b.title, state: row.state, owner: b.owner, openedBy: b.openedBy, openedAt: row.opened_at, closedAt: b.closedAt, closedBy: b.closedBy, updatedAt: row.updated_at, alarmIds: b.alarmIds, eventIds: b.eventIds };
  }

  private entries(incident: number): IncidentEntry[] {
    const rows = this.db.prepare('SELECT id, t, actor, kind, body FROM incident_entries WHERE incident = ? ORDER BY id').all(incident) as EntryRow[];
    return rows.map((r) => ({ ...(JSON.parse(r.body) as object), id: r.id, t: r.t, actor: r.actor, kind: r.kind }) as IncidentEntry);
  }

  /** An event as it was recorded: for the timeline's wording. */
  event(id: number): { id: number; t: number; name: string; source: string; description: string } | null {
    return (this.db.prepare('SELECT id, t, name, source, description FROM events WHERE id = ?').get(id) as { id: number; t: number; name: string; source: string; description: string } | undefined) ?? null;
  }
}
