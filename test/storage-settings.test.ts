import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WatchdeskApp } from '../electron/core/app.js';
import { Api, startApp, tempDir } from './support/app.js';

let app: WatchdeskApp | null = null;
afterEach(async () => { await app?.stop(); app = null; });

describe('storage settings over the API (what Settings shows an admin)', () => {
  it('moves backups to a folder an admin gives, refuses one it cannot write, and goes back to the default', async () => {
    const started = await startApp();
    app = started.app;
    const { api } = started;
    const defaultFolder = (await api.get('/backups')).body.folder as string;
    const elsewhere = join(tempDir(), 'nightly');
    const set = await api.request('PUT', '/backups/settings', { folder: elsewhere, everyHours: 6 });
    expect(set.body).toEqual({ everyHours: 6, keep: 7, folder: elsewhere });
    expect(existsSync(elsewhere)).toBe(true);
    const taken = (await api.post('/backups', {})).body as { file: string };
    expect(existsSync(join(elsewhere, taken.file))).toBe(true);
    expect((await api.get('/backups')).body).toMatchObject({ folder: elsewhere, backups: [taken] });
    const audit = (await api.get('/audit?action=backup.settings')).body;
    expect(audit[0]).toMatchObject({ actor: 'admin', action: 'backup.settings' });

    // A path under a file cannot be created; a relative path is not a place anyone can find.
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, 'x');
    const refused = await api.request('PUT', '/backups/settings', { folder: join(file, 'backups') });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([expect.stringMatching(/^folder: cannot write to .*a-file\/backups \(ENOTDIR\)$/)]);
    // Node's recursive mkdir never returns under /proc: the check must not hold up the server.
    if (process.platform === 'linux') {
      const proc = await api.request('PUT', '/backups/settings', { folder: '/proc/watchdesk-backups/nightly' });
      expect(proc.body.error.details).toEqual(['folder: cannot write to /proc/watchdesk-backups/nightly (ENOENT)']);
    }
    const relative = await api.request('PUT', '/backups/settings', { folder: 'backups' });
    expect(relative.status).toBe(400);
    expect(relative.body.error.details).toEqual([expect.stringMatching(/^folder: must be a full path/)]);
    expect((await api.get('/backups')).body.settings.folder).toBe(elsewhere);

    expect((await api.request('PUT', '/backups/settings', { folder: null })).body.folder).toBeNull();
    expect((await api.get('/backups')).body.folder).toBe(defaultFolder);
  });

  it('shows the disk: free space, the thresholds, and what the guard refused', async () => {
    const started = await startApp({ diskWarnBytes: 5 * 1024 ** 3, diskCriticalBytes: 2 * 1024 ** 3 });
    app = started.app;
    const disk = (await started.api.get('/storage/disk')).body;
    expect(disk).toMatchObject({ warnBytes: 5 * 1024 ** 3, criticalBytes: 2 * 1024 ** 3, refusedFrames: 0, droppedFrames: 0, droppedEvents: 0, prunedChunks: 0, writeError: null, pendingFrames: 0, error: null });
    expect(disk.freeBytes).toBeGreaterThan(0);
    expect(['ok', 'low', 'critical']).toContain(disk.state);
  });

  it('is for admins only: an operator gets 403 from every storage route', async () => {
    const started = await startApp();
    app = started.app;
    expect((await started.api.post('/operators', { username: 'olga', password: 'olga-pass-1', role: 'operator' })).status).toBe(201);
    const olga = new Api(started.ready.url);
    await olga.login('olga', 'olga-pass-1');
    for (const [method, path, body] of [['GET', '/retention'], ['PUT', '/retention', { eventsDays: 10 }], ['GET', '/backups'], ['POST', '/backups', {}], ['PUT', '/backups/settings', { keep: 3 }], ['GET', '/storage/disk']] as const) {
      expect((await olga.request(method, path, body)).status, `${method} ${path}`).toBe(403);
    }
    expect((await started.api.get('/retention')).body.eventsDays).toBe(365);
  });
});
