import { statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { basename } from 'node:path';
import { checkBackupOffThread } from '../core/storage/backup-check.js';
import { restoreBackup } from '../core/storage/restore.js';

export type RestoreOutcome = 'cancelled' | 'refused' | 'restored' | 'failed';

/** What File › Restore from backup… needs from Electron and the running core, injected so Node tests drive it. */
export interface RestoreMenuDeps {
  dataDir: string;
  /** Where the file dialog opens: the core's backup folder. */
  backupFolder: string | null;
  /** The file dialog: a path, or null when cancelled. */
  pickFile(defaultPath: string | null): Promise<string | null>;
  /** A question with "Restore and restart" and "Cancel": true to go ahead. */
  confirm(message: string, detail: string): Promise<boolean>;
  /** What happened, or why nothing did. */
  tell(kind: 'info' | 'error', message: string, detail: string): Promise<void>;
  /** Stops the core: stop accepting, flush, close the database. */
  stopCore(): Promise<void>;
  /** Starts the core again (the desktop app relaunches itself), on whatever database is now in the folder. */
  restart(): Promise<void> | void;
  log(message: string): void;
  /** Why a file cannot be restored, or null (off the main thread, where the core runs). */
  check?: (file: string) => Promise<string | null>;
  /** The restore itself; tests give one that fails. */
  restore?: typeof restoreBackup;
  now?: () => Date;
}

/**
 * Restores a backup into the running desktop app's data folder the way `serve --restore` does:
 * the same checks (a Watchdesk backup, a schema this build reads, integrity_check) before
 * anything is stopped, the database that was there kept beside it, then the core restarted.
 */
export async function restoreFromMenu(deps: RestoreMenuDeps): Promise<RestoreOutcome> {
  const file = await deps.pickFile(deps.backupFolder);
  if (!file) return 'cancelled';
  // Checked before the question: a file that cannot be restored never stops the core.
  const refused = await (deps.check ?? ((f: string) => checkBackupOffThread(f, (why) => deps.log(`the backup is checked on the main thread: ${why}`))))(file);
  if (refused) {
    deps.log(`restore from the menu refused: ${refused}`);
    await deps.tell('error', 'This file cannot be restored', refused);
    return 'refused';
  }
  const st = statSync(file);
  const ok = await deps.confirm(`Restore ${basename(file)}?`, [
    `Backup of ${st.mtime.toLocaleString()}, ${Math.max(1, Math.round(st.size / 1048576))} MiB.`,
    'Everything recorded since it was taken is set aside: the current database is kept in the data folder as watchdesk.db.before-restore-…, not deleted.',
    'Watchdesk restarts, and every operator signs in again.',
  ].join('\n\n'));
  if (!ok) return 'cancelled';

  deps.log(`restoring ${file} from the menu: stopping the core`);
  let outcome: RestoreOutcome;
  try {
    // Never copied over a database that is still open.
    await deps.stopCore();
    const { previous } = (deps.restore ?? restoreBackup)(file, deps.dataDir, deps.now?.() ?? new Date(), { via: 'desktop menu', osUser: osUser() });
    deps.log(`restored ${file}${previous ? `; the previous database is kept as ${previous}` : ''}`);
    outcome = 'restored';
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    deps.log(`restore from the menu failed: ${reason}`);
    // The restart below runs on the database that was there: nothing was lost.
    await deps.tell('error', 'The backup was not restored', `${reason}\n\nWatchdesk restarts on the database it had.`);
    outcome = 'failed';
  }
  await deps.restart();
  return outcome;
}

function osUser(): string | null {
  try {
    return userInfo().username;
  } catch {
    return null;
  }
}
