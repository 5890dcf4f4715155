import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import type { WatchdeskApp } from '../electron/core/app.js';
import { filesBeside } from '../electron/core/storage/backup-files.js';
import { restoreBackup } from '../electron/core/storage/restore.js';
import { startApp, tempDir, type ApiReply } from './support/app.js';

let app: WatchdeskApp | null = null;
afterEach(async () => { await app?.stop(); app = null; });

async function uploadPlan(base: string, token: string, mapId: number, data: Buffer): Promise<ApiReply> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(data)]), 'plan.png');
  const res = await fetch(`${base}api/v1/maps/${mapId}/image`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: JSON.parse(await res.text()) };
}

describe('backups carry the files beside the database', () => {
  it('an uploaded plan and an incident snapshot come back with a restore; the folders there are kept aside', async () => {
    const started = await startApp();
    app = started.app;
    const { api } = started;
    const dataDir = app.options.dataDir;
    const map = (await api.post('/maps', { name: 'Floor 1', kind: 'plan' })).body as { id: number };
    const plan = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#336699' } }).png().toBuffer();
    const uploaded = await uploadPlan(api.base, api.token!, map.id, plan);
    expect(uploaded.status).toBe(200);
    const key = uploaded.body.image.key as string;
    // A snapshot as the incident service stores it (incidents/<id>/<entry>.jpg).
    mkdirSync(join(dataDir, 'incidents', '7'), { recursive: true });
    writeFileSync(join(dataDir, 'incidents', '7', '3.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));

    const taken = await api.post('/backups', {});
    expect(taken.status).toBe(201);
    const folder = (await api.get('/backups')).body.folder as string;
    const file = join(folder, taken.body.file);
    expect(existsSync(join(filesBeside(file), 'incidents', '7', '3.jpg'))).toBe(true);
    await app.stop();
    app = null;

    // Into a folder that already has maps of its own: they are kept aside, not mixed in.
    const target = tempDir();
    mkdirSync(join(target, 'maps', 'other'), { recursive: true });
    restoreBackup(file, target, new Date('2026-11-29T12:00:00Z'));
    expect(readFileSync(join(target, 'incidents', '7', '3.jpg'))).toEqual(readFileSync(join(dataDir, 'incidents', '7', '3.jpg')));
    expect(existsSync(join(target, 'maps', 'other'))).toBe(false);
    expect(existsSync(join(target, 'maps.before-restore-2026-11-29T12-00-00-000Z', 'other'))).toBe(true);

    const restored = await startApp({ dataDir: target });
    app = restored.app;
    const shown = await fetch(`${restored.api.base}api/v1/maps/${map.id}/image?key=${key}`, { headers: { authorization: `Bearer ${restored.api.token}` } });
    expect(shown.status).toBe(200);
    expect((await restored.api.get('/audit?action=backup.restore')).body[0].after.files).toEqual(['maps', 'incidents']);
  });

  it('removes an old backup\'s files with it', async () => {
    const started = await startApp();
    app = started.app;
    const { api } = started;
    mkdirSync(join(app.options.dataDir, 'incidents', '1'), { recursive: true });
    writeFileSync(join(app.options.dataDir, 'incidents', '1', '1.jpg'), 'x');
    await api.request('PUT', '/backups/settings', { keep: 1 });
    const first = (await api.post('/backups', {})).body as { file: string };
    const folder = (await api.get('/backups')).body.folder as string;
    expect(existsSync(filesBeside(join(folder, first.file)))).toBe(true);
    await api.post('/backups', {});
    expect(existsSync(join(folder, first.file))).toBe(false);
    expect(existsSync(filesBeside(join(folder, first.file)))).toBe(false);
  });
});
