import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Owner-only modes do not exist on Windows: there the folder's ACL (the user's profile) decides. */
const POSIX = process.platform !== 'win32';

/**
 * The data folder holds the database, the secret key and audit trail: readable by its owner
 * only. Created 0700; the database file created 0600 before SQLite opens it, so it is never
 * readable by others, not even for a moment.
 */
export function prepareDataFolder(dataDir: string, dbPath: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (!POSIX) return;
  if ((statSync(dataDir).mode & 0o077) !== 0) chmodSync(dataDir, 0o700);
  if (!existsSync(dbPath)) closeSync(openSync(dbPath, 'a', 0o600));
}

/** After start: the database and its -wal and -shm files owner-only, whatever made them. */
export function lockDownDatabaseFiles(dbPath: string): void {
  if (!POSIX) return;
  for (const path of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`, join(dbPath, '..', 'secret.key')]) {
    if (existsSync(path) && (statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  }
}
