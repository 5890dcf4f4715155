import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { copyFileSync, openSync, readFileSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { startServe, type ServeHandle } from '../e2e/support/serve-process.js';
import type { WatchdeskApp } from '../electron/core/app.js';
import { checkBackup, restoreBackup } from '../electron/core/storage/restore.js';
import { SqliteStore } from '../electron/core/store/sqlite-store.js';
import { Api, PASSWORD, connect, startApp, tempDir, until } from './support/app.js';

let app: WatchdeskApp | null = null;
let running: ServeHandle | null = null;
afterEach(async () => { await app?.stop(); app = null; await running?.stop('SIGKILL'); running = null; });

describe('backups', () => {
  it('backs up online while ingest runs; a restore into a new folder has every value committed before the backup began', async () => {
    const started = await startApp();
    app = started.app;
    const { api, ready } = started;
    const device = (await api.post('/devices', { name: 'Lab', deviceId: 'Lab', typeId: 'halo', serverId: 1 })).body as { id: number };
    const s = await connect(ready.tcpPort!);
    let n = 0;
    const feed = setInterval(() => {
      let text = '';
      for (let i = 0; i < 50; i++) text += `DeviceId=Lab Noise=@${n++}@ Temp=@21@;`;
      s.write(text);
    }, 5);
    try {
      await until('history', async () => (await api.get('/ingest/stats')).body.storedFrames, (f) => f > 20_000, 30_000);
      const committedBefore = app.counters.storedFrames;
      const taken = await api.post('/backups', {});
      expect(taken.status).toBe(201);
      // Ingest goes on while and after it runs.
      await until('more stored after the backup', () => app!.counters.storedFrames, (f) => f > committedBefore + 1000);
      const framesAfter = app.counters.storedFrames;
      expect(taken.body).toMatchObject({ file: expect.stringMatching(/^watchdesk-.*\.db$/), bytes: expect.any(Number) });
      const list = (await api.get('/backups')).body;
      expect(list.backups).toEqual([taken.body]);
      expect((await api.get('/audit?action=backup.')).body[0]).toMatchObject({ actor: 'admin', action: 'backup.create' });

      // Restore with the command line, into a new folder.
      const file = join(list.folder, taken.body.file);
      running = await startServe(['--no-demo', '--restore', file], tempDir());
      expect(running.stderr.join('\n')).toMatch(/Restored /);
      const restored = new Api(running.url);
      // Sessions do not come with a backup.
      expect((await restored.request('GET', '/sessions/current', undefined, api.token)).status).toBe(401);
      await restored.login('admin', PASSWORD);
      const series = (await restored.get(`/devices/${device.id}/series?point=Noise&from=0&maxPoints=10000`)).body;
      expect(series.total).toBeGreaterThanOrEqual(committedBefore);
      expect(series.total).toBeLessThanOrEqual(framesAfter);
      const values = new Database(join(running.dataDir, 'watchdesk.db'), { readonly: true });
      expect(values.pragma('integrity_check', { simple: true })).toBe('ok');
      values.close();
      expect((await restored.get('/audit?action=backup.restore')).body).toHaveLength(1);
      expect((await restored.get('/audit/verify')).body.ok).toBe(true);
      // Every value, in order, without a gap: a prefix of what was sent.
      await running.stop();
      const store = new SqliteStore(running.dataDir);
      const noise = store.seriesColumns(device.id, 'Noise', 0, Date.now() + 1000).values;
      store.close();
      expect(noise.length).toBe(series.total);
      expect(noise.every((v, i) => v === i)).toBe(true);
    } finally {
      clearInterval(feed);
      s.destroy();
    }
  }, 60_000);

  it('keeps the newest N, and raises a system alarm when a backup fails', async () => {
    const dir = tempDir();
    const notAFolder = join(dir, 'a-file');
    writeFileSync(notAFolder, 'x');
    const started = await startApp();
    app = started.app;
    const { api } = started;
    expect((await api.request('PUT', '/backups/settings', { keep: 2 })).body).toMatchObject({ keep: 2, everyHours: 24 });
    expect((await api.request('PUT', '/backups/settings', { keep: 0 })).status).toBe(400);
    for (let i = 0; i < 3; i++) expect((await api.post('/backups', {})).status).toBe(201);
    expect((await api.get('/backups')).body.backups).toHaveLength(2);
    await app.stop();

    const broken = await startApp({ backupDir: join(notAFolder, 'backups') });
    app = broken.app;
    expect((await broken.api.post('/backups', {})).status).toBe(500);
    const alarm = (await broken.api.get('/alarms')).body.find((a: { definitionId: string }) => a.definitionId === 'system-backup-failed');
    expect(alarm).toMatchObject({ state: 'unack', source: { kind: 'system' } });
  });

  it('refuses to restore a file that is not a Watchdesk backup or fails its integrity check', async () => {
    const started = await startApp();
    app = started.app;
    const taken = (await started.api.post('/backups', {})).body as { file: string };
    const good = join(started.app.backups.folder, taken.file);
    expect(checkBackup(good)).toBeNull();
    const dir = tempDir();
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'hello');
    expect(checkBackup(text)).toMatch(/cannot be opened|not a readable database|not a Watchdesk backup/);
    const other = join(dir, 'other.db');
    const db = new Database(other);
    db.exec('CREATE TABLE t (x)');
    db.close();
    expect(checkBackup(other)).toMatch(/not a Watchdesk backup/);
    expect(checkBackup(started.app.store.path)).toMatch(/not a Watchdesk backup/);
    // A damaged copy: pages in the middle overwritten.
    const damaged = join(dir, 'damaged.db');
    copyFileSync(good, damaged);
    const size = readFileSync(damaged).length;
    const fd = openSync(damaged, 'r+');
    writeSync(fd, Buffer.alloc(4096 * 3, 0xab), 0, 4096 * 3, Math.floor(size / 4096 / 2) * 4096);
    closeSync(fd);
    expect(checkBackup(damaged)).toMatch(/integrity|not a readable database|malformed/);
    expect(() => restoreBackup(other, tempDir())).toThrow(/restore refused/);

    running = null;
    const refused = await startServe(['--no-demo', '--restore', other], tempDir()).catch((err: Error) => err);
    expect(String(refused)).toMatch(/exited with 2[\s\S]*not a Watchdesk backup/);
  });
});
