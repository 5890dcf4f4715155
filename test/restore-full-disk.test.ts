import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { restoreBackup } from '../electron/core/storage/restore.js';
import { SqliteStore } from '../electron/core/store/sqlite-store.js';
import { startApp } from './support/app.js';

let mountPoint: string | null = null;

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'watchdesk-restore-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', dir], { stdio: 'ignore' });
    mountPoint = dir;
  } catch {
    console.log('restore-full-disk test skipped: mounting a tmpfs is not permitted here');
  }
});
afterAll(() => { if (mountPoint) execFileSync('umount', ['-l', mountPoint]); });

describe('a restore that runs out of disk', () => {
  it('puts the database that was there back, so the next start does not find an empty folder', async () => {
    if (!mountPoint) return;
    const { app, api } = await startApp();
    const taken = (await api.post('/backups', {})).body as { file: string };
    const file = join(app.backups.folder, taken.file);
    await app.stop();

    const dataDir = join(mountPoint, 'data');
    const old = new SqliteStore(dataDir);
    old.setSetting('marker', 'the database that was there');
    old.close();
    // Less room left than the backup needs.
    const fs = statfsSync(mountPoint);
    writeFileSync(join(mountPoint, 'filler'), Buffer.alloc(fs.bavail * fs.bsize - Math.floor(statSync(file).size / 2)));

    expect(() => restoreBackup(file, dataDir)).toThrow(/ENOSPC|SQLITE_FULL|full/);
    expect(readdirSync(dataDir).filter((n) => n.includes('before-restore'))).toEqual([]);
    const back = new SqliteStore(dataDir);
    try {
      expect(back.getSetting('marker')).toBe('the database that was there');
      expect(back.db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      back.close();
    }
  });
});
