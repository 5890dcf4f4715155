import Database from 'better-sqlite3';
import type { MapFields, Placement, SiteMap } from '../../../shared/maps/model.js';
import { sqliteOptions } from '../store/native-binding.js';

type Body = Omit<SiteMap, 'id' | 'placements' | 'updatedAt'>;
interface Row { id: number; body: string; placements: string; updated_at: number }

const toMap = (r: Row): SiteMap => ({ ...(JSON.parse(r.body) as Body), id: r.id, placements: JSON.parse(r.placements) as Placement[], updatedAt: r.updated_at });

/**
 * Maps in the core's SQLite file, on a connection of their own (WAL lets both write in turn):
 * the main store stays as it is. The schema comes from migrations.ts like every table.
 */
export class MapStore {
  private readonly db: Database.Database;

  constructor(path: string) {
    this.db = new Database(path, sqliteOptions());
    this.db.pragma('busy_timeout = 5000');
  }

  all(): SiteMap[] {
    return (this.db.prepare('SELECT * FROM maps ORDER BY id').all() as Row[]).map(toMap);
  }

  get(id: number): SiteMap | undefined {
    const row = this.db.prepare('SELECT * FROM maps WHERE id = ?').get(id) as Row | undefined;
    return row ? toMap(row) : undefined;
  }

  create(fields: MapFields, extra: Pick<SiteMap, 'image' | 'mbtiles' | 'tileKey'> = { image: null, mbtiles: null, tileKey: null }, placements: Placement[] = []): SiteMap {
    const id = Number(this.db.prepare('INSERT INTO maps (body, placements, updated_at) VALUES (?, ?, ?)').run(JSON.stringify({ ...fields, ...extra }), JSON.stringify(placements), Date.now()).lastInsertRowid);
    return this.get(id)!;
  }

  save(map: SiteMap): SiteMap {
    const { id, placements, updatedAt: _u, ...body } = map;
    this.db.prepare('UPDATE maps SET body = ?, placements = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(body), JSON.stringify(placements), Date.now(), id);
    return this.get(id)!;
  }

  delete(id: number): void {
    this.db.prepare('DELETE FROM maps WHERE id = ?').run(id);
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
