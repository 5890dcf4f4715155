import type Database from 'better-sqlite3';

/** Data point names per layout id; layouts never change once written. */
export class LayoutNames {
  private readonly cache = new Map<number, string[]>();
  private readonly stmt;
  constructor(db: Database.Database) { this.stmt = db.prepare('SELECT points FROM layouts WHERE id = ?'); }
  get(id: number): string[] {
    let names = this.cache.get(id);
    if (!names) {
      const row = this.stmt.get(id) as { points: string } | undefined;
      names = row ? (JSON.parse(row.points) as string[]) : [];
      this.cache.set(id, names);
    }
    return names;
  }
}
