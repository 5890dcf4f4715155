import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WatchdeskApp } from '../electron/core/app.js';
import { restoreFromMenu, type RestoreMenuDeps } from '../electron/shell/restore-menu.js';
import { checkBackupOffThread } from '../electron/core/storage/backup-check.js';
import { startApp, tempDir, type Api } from './support/app.js';

let running: WatchdeskApp[] = [];
afterEach(async () => { for (const a of running) await a.stop(); running = []; });

async function start(dataDir = tempDir()): Promise<{ app: WatchdeskApp; api: Api; dataDir: string }> {
  const { app, api } = await startApp({ dataDir });
  running.push(app);
  return { app, api, dataDir };
}

/** A real backup of a site that has a device called Lab. */
async function labBackup(): Promise<string> {
  const { app, api } = await start();
  expect((await api.post('/devices', { name: 'Lab', deviceId: 'Lab', typeId: 'halo', serverId: 1 })).status).toBe(201);
  const taken = (await api.post('/backups', {})).body as { file: string };
  return join(app.backups.folder, taken.file);
}

/** The desktop app's dialogs and relaunch, as a script: what the admin answers, and what they were shown. */
function desktop(dataDir: string, answers: { file: string | null; confirm?: boolean }, core: { stop(): Promise<void>; restart(): Promise<void> }) {
  const shown: Array<{ kind: string; message: string; detail: string }> = [];
  const calls: string[] = [];
  const deps: RestoreMenuDeps = {
    dataDir,
    backupFolder: join(dataDir, 'backups'),
    pickFile: (defaultPath) => { calls.push(`pick ${defaultPath}`); return Promise.resolve(answers.file); },
    confirm: (message, detail) => { shown.push({ kind: 'question', message, detail }); return Promise.resolve(answers.confirm ?? false); },
    tell: (kind, message, detail) => { shown.push({ kind, message, detail }); return Promise.resolve(); },
    stopCore: async () => { calls.push('stop'); await core.stop(); },
    restart: async () => { calls.push('restart'); await core.restart(); },
    log: () => undefined,
  };
  return { deps, shown, calls };
}

const deviceNames = async (api: Api): Promise<string[]> => ((await api.get('/devices')).body as Array<{ name: string }>).map((d) => d.name);

describe('File › Restore from backup… (the desktop shell, in Node)', () => {
  it('restores a real backup into the running app\'s folder after asking, keeps the database that was there, and restarts the core on it', async () => {
    const file = await labBackup();
    const here = await start();
    expect((await here.api.post('/devices', { name: 'Other', deviceId: 'Other', typeId: 'halo', serverId: 1 })).status).toBe(201);
    let restarted: { app: WatchdeskApp; api: Api } | null = null;
    const { deps, shown, calls } = desktop(here.dataDir, { file, confirm: true }, {
      stop: () => here.app.stop(),
      restart: async () => { restarted = await start(here.dataDir); },
    });

    expect(await restoreFromMenu(deps)).toBe('restored');
    expect(calls).toEqual([`pick ${join(here.dataDir, 'backups')}`, 'stop', 'restart']);
    expect(shown).toEqual([{ kind: 'question', message: expect.stringMatching(/^Restore watchdesk-.*\.db\?$/), detail: expect.stringContaining('watchdesk.db.before-restore-') }]);
    const after = restarted! as { app: WatchdeskApp; api: Api };
    expect(await deviceNames(after.api)).toEqual(['Lab']);
    const audit = (await after.api.get('/audit?action=backup.restore')).body;
    expect(audit).toEqual([expect.objectContaining({ actor: 'system', after: expect.objectContaining({ file, via: 'desktop menu' }) })]);
    expect((await after.api.get('/audit/verify')).body.ok).toBe(true);

    // What was there is set aside, not lost.
    const kept = readdirSync(here.dataDir).find((n) => /^watchdesk\.db\.before-restore-[^-]/.test(n) && !/-(wal|shm)$/.test(n))!;
    const old = new Database(join(here.dataDir, kept), { readonly: true });
    expect(old.prepare('SELECT device_id FROM devices').all()).toEqual([{ device_id: 'Other' }]);
    old.close();
  }, 30_000);

  it('refuses a file that is not a Watchdesk backup before it stops anything', async () => {
    const here = await start();
    const dir = tempDir();
    const other = join(dir, 'other.db');
    const db = new Database(other);
    db.exec('CREATE TABLE t (x)');
    db.close();
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'not a database');
    for (const [file, reason] of [[other, /is not a Watchdesk backup/], [text, /cannot be opened|not a readable database|not a Watchdesk backup/], [join(here.app.store.path), /is not a Watchdesk backup/]] as const) {
      const { deps, shown, calls } = desktop(here.dataDir, { file, confirm: true }, { stop: () => here.app.stop(), restart: () => Promise.resolve() });
      expect(await restoreFromMenu(deps)).toBe('refused');
      expect(calls).toEqual([`pick ${join(here.dataDir, 'backups')}`]);
      expect(shown).toEqual([{ kind: 'error', message: 'This file cannot be restored', detail: expect.stringMatching(reason) }]);
    }
    expect(await deviceNames(here.api)).toEqual([]);
  }, 30_000);

  it('does nothing when the admin cancels the file dialog or the question', async () => {
    const file = await labBackup();
    const here = await start();
    for (const answers of [{ file: null }, { file, confirm: false }]) {
      const { deps, calls } = desktop(here.dataDir, answers, { stop: () => here.app.stop(), restart: () => Promise.resolve() });
      expect(await restoreFromMenu(deps)).toBe('cancelled');
      expect(calls).not.toContain('stop');
    }
    expect(existsSync(join(here.dataDir, 'watchdesk.db'))).toBe(true);
    expect(readdirSync(here.dataDir).filter((n) => n.includes('before-restore'))).toEqual([]);
  }, 30_000);

  it('restarts on the database it had when the restore itself fails, and says why', async () => {
    const file = await labBackup();
    const here = await start();
    expect((await here.api.post('/devices', { name: 'Other', deviceId: 'Other', typeId: 'halo', serverId: 1 })).status).toBe(201);
    let restarted: { api: Api } | null = null;
    const { deps, shown, calls } = desktop(here.dataDir, { file, confirm: true }, {
      stop: () => here.app.stop(),
      restart: async () => { restarted = await start(here.dataDir); },
    });
    deps.restore = () => { throw new Error('ENOSPC: no space left on device, copyfile'); };
    expect(await restoreFromMenu(deps)).toBe('failed');
    expect(calls).toEqual([`pick ${join(here.dataDir, 'backups')}`, 'stop', 'restart']);
    expect(shown.at(-1)).toEqual({ kind: 'error', message: 'The backup was not restored', detail: expect.stringContaining('ENOSPC') });
    expect(await deviceNames((restarted! as { api: Api }).api)).toEqual(['Other']);
  }, 30_000);

  it('checks the file in a worker thread: the core shares the desktop app\'s main thread', async () => {
    const file = await labBackup();
    const other = join(tempDir(), 'other.db');
    const db = new Database(other);
    db.exec('CREATE TABLE t (x)');
    db.close();
    const fallbacks: string[] = [];
    expect(await checkBackupOffThread(file, (why) => fallbacks.push(why))).toBeNull();
    expect(await checkBackupOffThread(other, (why) => fallbacks.push(why))).toMatch(/is not a Watchdesk backup/);
    expect(fallbacks).toEqual([]);
  }, 30_000);
});
