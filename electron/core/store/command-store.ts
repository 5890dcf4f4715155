import type Database from 'better-sqlite3';
import type { CommandView } from '../../../shared/site/views.js';

/** Site commands, durable: ids come from SQLite and are never handed out twice. */
export interface CommandStore {
  /** Stores a new command and returns its id. */
  insertCommand(command: Omit<CommandView, 'id'>): number;
  updateCommand(command: CommandView): void;
  deleteCommand(id: number): void;
  /** The newest `limit` commands, oldest first. */
  recentCommands(limit: number): CommandView[];
}

export class SqliteCommandStore implements CommandStore {
  private readonly insert;
  private readonly update;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare('INSERT INTO commands (body) VALUES (?)');
    this.update = db.prepare('UPDATE commands SET body = ? WHERE id = ?');
  }

  insertCommand(command: Omit<CommandView, 'id'>): number {
    return Number(this.insert.run(JSON.stringify(command)).lastInsertRowid);
  }

  updateCommand(command: CommandView): void {
    const { id, ...body } = command;
    this.update.run(JSON.stringify(body), id);
  }

  deleteCommand(id: number): void {
    this.db.prepare('DELETE FROM commands WHERE id = ?').run(id);
  }

  recentCommands(limit: number): CommandView[] {
    const rows = this.db.prepare('SELECT id, body FROM (SELECT id, body FROM commands ORDER BY id DESC LIMIT ?) ORDER BY id').all(limit) as Array<{ id: number; body: string }>;
    return rows.map((r) => ({ ...(JSON.parse(r.body) as Omit<CommandView, 'id'>), id: r.id }));
  }
}
