import { accessSync, constants, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, statfsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { BackupSettingsChangeSchema, BackupSettingsSchema, type BackupSettings, type BackupView } from '../../../shared/storage/settings.js';
import { parseOrThrow } from '../config.js';
import { ApiError } from '../errors.js';
import type { SystemAlarms } from '../health/system-alarms.js';
import type { SqliteStore } from '../store/sqlite-store.js';
import { copyDataFiles, filesBeside, publishDataFiles, removeDataFiles } from './backup-files.js';
import { BACKUP_APPLICATION_ID } from './restore.js';

const KEY = 'backups';
const NAME = /^watchdesk-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z)\.db$/;
const CHECK_EVERY_MS = 60_000;
/** Free space left after a backup, at least. */
const BACKUP_MARGIN_BYTES = 256 * 1024 * 1024;

/**
 * Online backups with SQLite's backup API while ingest runs: a hundred pages per event-loop
 * turn, and writes made meanwhile on the same connection go into the copy too.
 */
export class BackupService {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<BackupView> | null = null;
  lastError: string | null = null;

  constructor(
    private readonly store: SqliteStore,
    /** Where backups go until an admin sets a folder: `--backup-dir`, or `backups` in the data folder. */
    readonly defaultFolder: string,
    private readonly deps: { alarms: SystemAlarms; log: (m: string) => void; dataDir: string },
  ) {}

  get settings(): BackupSettings {
    const raw = this.store.getSetting(KEY);
    return BackupSettingsSchema.parse(raw ? JSON.parse(raw) : {});
  }

  get folder(): string {
    return this.settings.folder ?? this.defaultFolder;
  }

  updateSettings(input: unknown, actor: string): BackupSettings {
    const before = this.settings;
    const after = BackupSettingsSchema.parse({ ...before, ...parseOrThrow(BackupSettingsChangeSchema, input, 'Backup settings') });
    if (after.folder !== null && after.folder !== before.folder) after.folder = usableFolder(after.folder);
    this.store.setSetting(KEY, JSON.stringify(after));
    this.store.audit({ actor, action: 'backup.settings', target: 'backups', before, after });
    return after;
  }

  /** Newest first. */
  list(): BackupView[] {
    let names: string[];
    try {
      names = readdirSync(this.folder);
    } catch {
      return [];
    }
    return names.filter((n) => NAME.test(n)).map((n) => {
      const st = statSync(join(this.folder, n));
      return { file: n, bytes: st.size, at: st.mtimeMs };
    }).sort((a, b) => b.at - a.at || b.file.localeCompare(a.file));
  }

  view(): { folder: string; settings: BackupSettings; lastError: string | null; backups: BackupView[] } {
    return { folder: this.folder, settings: this.settings, lastError: this.lastError, backups: this.list() };
  }

  start(): void {
    this.timer = setInterval(() => this.scheduled(), CHECK_EVERY_MS);
    this.timer.unref();
  }

  stop(): Promise<unknown> {
    if (this.timer) clearInterval(this.timer);
    return this.running?.catch(() => undefined) ?? Promise.resolve();
  }

  private scheduled(): void {
    const { everyHours } = this.settings;
    if (everyHours <= 0 || this.running) return;
    const newest = this.list()[0];
    if (!newest || Date.now() - newest.at >= everyHours * 3_600_000) this.take('system').catch(() => undefined);
  }

  /** One backup now (a second request while one runs gets the same one). */
  take(actor: string): Promise<BackupView> {
    this.running ??= this.backup(actor).finally(() => { this.running = null; });
    return this.running;
  }

  private async backup(actor: string): Promise<BackupView> {
    const name = `watchdesk-${new Date().toISOString().replace(/[:.]/g, '-')}.db`;
    const file = join(this.folder, name);
    const partial = `${file}.partial`;
    const partialFiles = `${filesBeside(file)}.partial`;
    try {
      makeFolder(this.folder);
      // A backup must not be what fills the disk: room for the whole copy and a margin, or none.
      const db = this.store.db;
      const size = (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
      const fs = statfsSync(this.folder);
      if (fs.bavail * fs.bsize < size + BACKUP_MARGIN_BYTES) throw new Error(`not enough free space in ${this.folder}: ${Math.round((fs.bavail * fs.bsize) / 1048576)} MiB free, the copy needs ${Math.round((size + BACKUP_MARGIN_BYTES) / 1048576)} MiB`);
      await db.backup(partial);
      // Marked as ours, and without sessions: a restored copy does not log anyone in. Through the
      // live connection (attached), so the desktop app's own SQLite binding is the one used.
      db.prepare('ATTACH DATABASE ? AS backup_copy').run(partial);
      try {
        db.pragma(`backup_copy.application_id = ${BACKUP_APPLICATION_ID}`);
        db.exec('DELETE FROM backup_copy.sessions');
      } finally {
        db.exec('DETACH DATABASE backup_copy');
      }
      // Plans, tiles and incident snapshots go beside it; the database is renamed last, so a
      // backup that is listed is whole.
      await copyDataFiles(this.deps.dataDir, partialFiles);
      await publishDataFiles(partialFiles, file);
      renameSync(partial, file);
    } catch (err) {
      try { rmSync(partial, { force: true }); } catch { /* the folder itself may be what failed */ }
      try { rmSync(partialFiles, { recursive: true, force: true }); } catch { /* as above */ }
      this.lastError = err instanceof Error ? err.message : String(err);
      this.deps.log(`backup failed: ${this.lastError}`);
      this.deps.alarms.raise('backup-failed', 'backup', `Backup to ${this.folder}: ${this.lastError}`);
      try {
        this.store.audit({ actor, action: 'backup.failed', target: 'backups', reason: this.lastError });
      } catch { /* the disk may be why */ }
      throw new ApiError(500, 'backup_failed', `the backup failed: ${this.lastError}`);
    }
    this.lastError = null;
    this.deps.alarms.clear('backup-failed', 'backup');
    const view = this.list().find((b) => b.file === name) ?? { file: name, bytes: statSync(file).size, at: Date.now() };
    for (const old of this.list().slice(this.settings.keep)) {
      rmSync(join(this.folder, old.file), { force: true });
      await removeDataFiles(join(this.folder, old.file));
    }
    this.store.audit({ actor, action: 'backup.create', target: 'backups', after: view });
    return view;
  }
}

/** A folder an admin gives must exist or be creatable, and be writable, before any backup is due there. */
function usableFolder(folder: string): string {
  const full = resolve(folder);
  try {
    makeFolder(full);
    accessSync(full, constants.W_OK);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
    const detail = `folder: cannot write to ${full} (${reason})`;
    throw new ApiError(400, 'invalid', `Backup settings are invalid: ${detail}`, [detail]);
  }
  return full;
}

/**
 * mkdir -p one level at a time. Node's own recursive mkdir never returns on some paths an admin
 * may type (under /proc it loops on ENOENT), and it would hold up the whole server.
 */
function makeFolder(folder: string): void {
  const missing: string[] = [];
  for (let f = resolve(folder); !existsSync(f); f = dirname(f)) {
    missing.unshift(f);
    if (dirname(f) === f) break;
  }
  for (const f of missing) mkdirSync(f, { mode: 0o700 });
}
