import Database from 'better-sqlite3';
import { sqliteOptions } from '../store/native-binding.js';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMA_VERSION } from '../store/migrations.js';
import { SqliteStore } from '../store/sqlite-store.js';
import { putBackDataFiles, restoreDataFiles } from './backup-files.js';

/** PRAGMA application_id of a Watchdesk backup ('WDBK'): a copy of some other SQLite file is refused. */
export const BACKUP_APPLICATION_ID = 0x5744424b;

/** Why a file cannot be restored, or null when it can. */
export function checkBackup(file: string): string | null {
  if (!existsSync(file)) return `${file} does not exist`;
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, ...sqliteOptions() });
  } catch (err) {
    return `${file} cannot be opened as a database: ${err instanceof Error ? err.message : String(err)}`;
  }
  try {
    if (db.pragma('application_id', { simple: true }) !== BACKUP_APPLICATION_ID) return `${file} is not a Watchdesk backup (take one with POST /api/v1/backups or from Settings)`;
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version < 1 || version > SCHEMA_VERSION) return `${file} has schema ${version}; this build reads 1 to ${SCHEMA_VERSION}`;
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') return `${file} fails its integrity check: ${String(integrity)}`;
    return null;
  } catch (err) {
    return `${file} is not a readable database: ${err instanceof Error ? err.message : String(err)}`;
  } finally {
    db.close();
  }
}

/**
 * Makes `file` the data folder's database. A database already there is kept beside it
 * (watchdesk.db.before-restore-TIME, with its WAL), never overwritten. Audited in the restored
 * database (`how` adds to that entry: which way it was restored). Throws with the reason when
 * the file is refused, and puts the previous database back when the copy fails.
 */
export function restoreBackup(file: string, dataDir: string, now = new Date(), how: Record<string, unknown> = {}): { previous: string | null } {
  const refused = checkBackup(file);
  if (refused) throw new Error(`restore refused: ${refused}`);
  mkdirSync(dataDir, { recursive: true });
  const target = join(dataDir, 'watchdesk.db');
  let previous: string | null = null;
  if (existsSync(target)) {
    previous = `${target}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
    for (const suffix of ['', '-wal', '-shm']) if (existsSync(target + suffix)) renameSync(target + suffix, previous + suffix);
  }
  const aside = `.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
  let files: string[] = [];
  try {
    copyFileSync(file, target);
    // Plans, tiles and incident snapshots taken with the backup; the folders there are kept aside.
    files = restoreDataFiles(file, dataDir, aside);
    const store = new SqliteStore(dataDir);
    try {
      store.audit({ actor: 'system', action: 'backup.restore', target: 'database', after: { file, previous, files, ...how } });
    } finally {
      store.close();
    }
  } catch (err) {
    // A copy that failed half-way (a full disk) must not leave the folder without its database:
    // the next start would make an empty one. The database that was there goes back.
    for (const suffix of ['', '-wal', '-shm']) rmSync(target + suffix, { force: true });
    if (previous) for (const suffix of ['', '-wal', '-shm']) if (existsSync(previous + suffix)) renameSync(previous + suffix, target + suffix);
    putBackDataFiles(dataDir, aside);
    throw err;
  }
  return { previous };
}
