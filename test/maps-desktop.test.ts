import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WatchdeskApp } from '../electron/core/app.js';
import { handleAppRequest } from '../electron/shell/app-protocol.js';
import { startApp, type Api } from './support/app.js';

describe('maps in the desktop app (app://watchdesk)', () => {
  let app: WatchdeskApp;
  let api: Api;
  let core: string;
  const dir = mkdtempSync(join(tmpdir(), 'watchdesk-renderer-'));
  beforeAll(async () => { ({ app, api } = await startApp()); core = api.base; writeFileSync(join(dir, 'index.html'), '<!doctype html>'); });
  afterAll(async () => { await app.stop(); });

  it('uploads a plan with its ticket and shows its image and tiles through the app protocol', async () => {
    const map = (await api.post('/maps', { name: 'Floor' })).body;
    const ticket = (await api.post(`/maps/${map.id}/upload-ticket`, {})).body.ticket as string;
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(await sharp({ create: { width: 3000, height: 300, channels: 3, background: '#123' } }).png().toBuffer())]), 'floor.png');
    const sent = await handleAppRequest(new Request(`app://watchdesk/api/v1/maps/${map.id}/image?ticket=${ticket}`, { method: 'POST', body: form }), dir, () => core);
    expect(sent.status).toBe(200);
    const image = ((await sent.json()) as { image: { key: string; tiled: boolean } }).image;
    expect(image.tiled).toBe(true);
    expect((await handleAppRequest(new Request(`app://watchdesk/api/v1/maps/${map.id}/image?key=${image.key}`), dir, () => core)).status).toBe(200);
    expect((await handleAppRequest(new Request(`app://watchdesk/api/v1/maps/${map.id}/tiles/0/0/0?key=${image.key}`), dir, () => core)).status).toBe(200);
    // Without a ticket the protocol forwards nothing: other API calls go through the bridge.
    expect((await handleAppRequest(new Request(`app://watchdesk/api/v1/maps/${map.id}/image`, { method: 'POST', body: form }), dir, () => core)).status).toBe(405);
    expect((await handleAppRequest(new Request('app://watchdesk/api/v1/maps'), dir, () => core)).status).toBe(404);
  });
});
