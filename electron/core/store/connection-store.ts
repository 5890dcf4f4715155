import type Database from 'better-sqlite3';

/** A stored connection: its settings without the password, and the password on its own. */
export interface StoredConnection {
  id: string;
  position: number;
  driver: string;
  /** The driver's settings, password removed. */
  settings: Record<string, unknown>;
  /** The one secret: kept apart so storage can wrap it (at-rest encryption). */
  password: string;
  createdBy: string;
  createdAt: number;
  /** The assets last discovered, as the driver reported them. */
  assets: unknown[];
}

/** The security-system connections after the first (see migration 11). */
export interface ConnectionStore {
  listConnections(): StoredConnection[];
  saveConnection(c: StoredConnection): void;
  deleteConnection(id: string): void;
  saveAssets(id: string, assets: unknown[]): void;
}

export class SqliteConnectionStore implements ConnectionStore {
  constructor(private readonly db: Database.Database) {}

  listConnections(): StoredConnection[] {
    const rows = this.db.prepare('SELECT id, position, driver, settings, password, created_by, created_at, assets FROM site_connections ORDER BY position, id').all() as Array<{
      id: string; position: number; driver: string; settings: string; password: string; created_by: string; created_at: number; assets: string;
    }>;
    return rows.map((r) => ({ id: r.id, position: r.position, driver: r.driver, settings: JSON.parse(r.settings) as Record<string, unknown>, password: r.password, createdBy: r.created_by, createdAt: r.created_at, assets: JSON.parse(r.assets) as unknown[] }));
  }

  saveConnection(c: StoredConnection): void {
    this.db.prepare(`INSERT INTO site_connections (id, position, driver, settings, password, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET position = excluded.position, driver = excluded.driver, settings = excluded.settings, password = excluded.password`)
      .run(c.id, c.position, c.driver, JSON.stringify(c.settings), c.password, c.createdBy, c.createdAt);
  }

  saveAssets(id: string, assets: unknown[]): void {
    this.db.prepare('UPDATE site_connections SET assets = ? WHERE id = ?').run(JSON.stringify(assets), id);
  }

  deleteConnection(id: string): void {
    this.db.prepare('DELETE FROM site_connections WHERE id = ?').run(id);
  }
}
