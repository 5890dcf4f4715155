import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { WatchdeskApp } from '../electron/core/app.js';
import { startApp, tempDir, type Api } from './support/app.js';

// Issue 12, item 9: credentials inside URLs leak, so they are refused and scrubbed.

let app: WatchdeskApp | null = null;
afterEach(async () => { await app?.stop(); app = null; });

const HTTP_RULE = { id: 'hook', name: 'Web hook', when: { type: 'data', deviceTypeId: 'halo', point: 'Noise', op: '>', value: 60 }, do: [{ type: 'http', url: 'http://svc.example/hook' }] };

async function start(dataDir = tempDir()): Promise<{ api: Api; dataDir: string }> {
  const started = await startApp({ dataDir });
  app = started.app;
  return { api: started.api, dataDir };
}

describe('credentials inside URLs', () => {
  it('are refused with 400 naming the field, for cameras and rule actions', async () => {
    const { api } = await start();
    for (const field of ['mjpegUrl', 'snapshotUrl']) {
      const r = await api.post('/cameras', { name: 'Lobby', [field]: 'http://admin:pw@camera.example/video.mjpg' });
      expect(r.status).toBe(400);
      expect(r.body.error.details.join(' ')).toMatch(new RegExp(`${field}: must not contain a user name or password`));
    }
    const rule = await api.post('/rules', { ...HTTP_RULE, do: [{ type: 'http', url: 'http://svc:pw@svc.example/hook' }] });
    expect(rule.status).toBe(400);
    expect(rule.body.error.details.join(' ')).toMatch(/do\.0\.url.*must not contain a user name or password|url: must not contain/);
    expect((await api.get('/rules')).body).toEqual([]);
  });

  it('already stored are scrubbed by migration 6; a camera keeps its credentials in their own fields', async () => {
    const { api, dataDir } = await start();
    const camera = (await api.post('/cameras', { name: 'Lobby', mjpegUrl: 'http://camera.example/video.mjpg' })).body;
    expect((await api.post('/rules', HTTP_RULE)).status).toBe(201);
    await app!.stop();
    app = null;
    // As an older build stored them.
    const db = new Database(join(dataDir, 'watchdesk.db'));
    db.prepare("UPDATE cameras SET config = replace(config, 'http://camera.example', 'http://cam%20user:s3cret@camera.example')").run();
    db.prepare("UPDATE rules SET body = replace(body, 'http://svc.example', 'http://svc:pw@svc.example')").run();
    db.prepare("UPDATE rule_versions SET body = replace(body, 'http://svc.example', 'http://svc:pw@svc.example')").run();
    db.prepare("UPDATE audit SET after = replace(after, 'http://svc.example', 'http://svc:pw@svc.example')").run();
    const polluted = (db.prepare("SELECT COUNT(*) AS n FROM audit WHERE after LIKE '%svc:pw@%'").get() as { n: number }).n;
    expect(polluted).toBeGreaterThan(0);
    // Just before the scrub (migration 6).
    db.pragma('user_version = 5');
    db.close();

    const again = await start(dataDir);
    const cam = (await again.api.get(`/cameras/${camera.id}`)).body;
    expect(cam).toMatchObject({ mjpegUrl: 'http://camera.example/video.mjpg', username: 'cam user', hasPassword: true });
    expect(JSON.stringify((await again.api.get('/rules')).body)).not.toContain('pw@');
    expect((await again.api.get('/rules')).body[0].rule.do[0].url).toBe('http://svc.example/hook');
    const csv = await (await fetch(`${again.api.base}api/v1/audit/export?format=csv`, { headers: { authorization: `Bearer ${again.api.token}` } })).text();
    expect(csv).not.toContain('pw@');
    expect(csv).toContain('audit.scrub-url-credentials');
    expect((await again.api.get('/audit/verify')).body).toMatchObject({ ok: true });
    const check = new Database(join(dataDir, 'watchdesk.db'), { readonly: true });
    const everything = JSON.stringify([check.prepare('SELECT * FROM rules').all(), check.prepare('SELECT * FROM rule_versions').all(), check.prepare('SELECT * FROM audit').all()]);
    check.close();
    expect(everything).not.toMatch(/pw@|s3cret@/);
  });
});
