import { join } from 'node:path';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import { reduceSite, initialSite } from '../renderer/src/store/site-slice.js';
import type { StreamMessage } from '../shared/bridge.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { WatchdeskApp } from '../electron/core/app.js';
import { startApp, until, type Api } from './support/app.js';
import { restart } from './support/restart.js';

let app: WatchdeskApp | null = null;
afterEach(async () => { await app?.stop(); app = null; });

const SIM = { driver: 'simulated', directoryServer: '10.0.0.5', username: 'watchdesk', password: 'secret', activity: false };
const settled = (api: Api, id: number) => until(`command ${id} settled`, async () => (await api.get(`/commands/${id}`)).body, (c) => c.status !== 'pending', 15_000);

describe('several connections', () => {
  it('a second simulated site: namespaced ids, commands reach the right one, multi-selection across both, one failing alone', async () => {
    const started = await startApp();
    app = started.app;
    const { api } = started;
    await api.request('PUT', '/site/connection', SIM);
    const second = await api.post('/connections', { ...SIM, directoryServer: '10.0.0.6', password: 'other-secret' });
    expect(second.body).toMatchObject({ id: 'simulated-1', state: 'connected', assets: 101 });
    expect(JSON.stringify((await api.get('/connections')).body)).not.toMatch(/secret/);
    expect((await api.get('/assets?type=door')).body).toHaveLength(60);
    expect((await api.get('/assets/simulated-1:door-01')).body).toMatchObject({ name: 'Door 01', connection: 'simulated-1' });

    const both = await api.post('/assets/commands', { assetIds: ['door-03', 'simulated-1:door-03'], command: 'unlock', params: {}, confirmed: true });
    expect(both.status).toBe(202);
    for (const c of both.body) expect(await settled(api, c.id)).toMatchObject({ status: 'confirmed' });
    expect((await api.get('/assets/door-03')).body.states).toContain('Unlocked');
    expect((await api.get('/assets/simulated-1:door-03')).body.states).toContain('Unlocked');
    expect((await api.get('/assets/door-04')).body.states).toContain('Locked');

    // The first connection's site loses communication: only its assets show it.
    await api.post('/site/simulation', { communication: false });
    await until('first site down', async () => (await api.get('/assets/door-01')).body.displayed, (d) => d === 'No Communication');
    expect((await api.get('/assets/simulated-1:door-01')).body).toMatchObject({ communication: true, displayed: 'Secure' });
    const list = (await api.get('/connections')).body as Array<{ id: string; communication: boolean }>;
    expect(list.map((c) => [c.id, c.communication])).toEqual([['site', false], ['simulated-1', true]]);
    // A command to the first site fails; the second site's still runs.
    const [down] = (await api.post('/assets/door-05/commands', { command: 'lock', params: {}, confirmed: true })).body;
    const [up] = (await api.post('/assets/simulated-1:door-05/commands', { command: 'unlock', params: {}, confirmed: true })).body;
    expect(await settled(api, down.id)).toMatchObject({ status: 'failed', reason: 'no communication with the site' });
    expect(await settled(api, up.id)).toMatchObject({ status: 'confirmed' });

    // Removing a connection takes its assets, on open consoles too; the first cannot be removed.
    const ws = new WebSocket(`${api.base.replace('http', 'ws')}api/v1/stream?token=${api.token}`);
    const messages: StreamMessage[] = [];
    ws.on('message', (d) => messages.push(JSON.parse(String(d)) as StreamMessage));
    await until('snapshot', () => messages.length, (n) => n >= 1);
    expect((await api.request('DELETE', '/connections/site')).status).toBe(409);
    expect((await api.request('DELETE', '/connections/simulated-1')).status).toBe(204);
    expect((await api.get('/assets?type=door')).body).toHaveLength(30);
    const seen = await until('removed assets on the stream', () => messages.reduce((s, m) => ({ ...s, ...reduceSite(s, m) }), initialSite), (s) => !Object.keys(s.assets).some((id) => id.startsWith('simulated-1:')));
    expect(Object.keys(seen.assets).filter((id) => id.startsWith('door-'))).toHaveLength(30);
    ws.close();
    const audit = (await api.get('/audit?action=connection')).body as Array<{ action: string }>;
    expect(audit.map((a) => a.action)).toEqual(['connection.delete', 'connection.create']);
  }, 30_000);

  it('validates a connection field by field and keeps the password when it is omitted on update', async () => {
    const started = await startApp();
    app = started.app;
    const { api } = started;
    const bad = await api.post('/connections', { driver: 'genetec' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/driver: must be "simulated" or "onvif"/);
    const noPassword = await api.post('/connections', { driver: 'onvif', address: '127.0.0.1', username: 'x' });
    expect(noPassword.body.error.details).toEqual(['password: is required']);
    const created = await api.post('/connections', { driver: 'onvif', address: '127.0.0.1', port: 1, username: 'x', password: 'p' });
    expect(created.status).toBe(201);
    const updated = await api.request('PUT', '/connections/onvif-1', { driver: 'onvif', address: '127.0.0.1', port: 2, username: 'y' });
    expect(updated.body).toMatchObject({ hasPassword: true, settings: { port: 2, username: 'y' } });
    expect((await api.get('/connections/nope')).status).toBe(404);
  });

  it('migration: a data folder from before connections keeps its site, its asset ids and its alarms', async () => {
    const started = await startApp();
    app = started.app;
    const { api } = started;
    await api.request('PUT', '/site/connection', SIM);
    await api.post('/site/simulation', { force: { 'door-07': ['Forced Open', 'Locked'] } });
    await until('forced alarm', async () => (await api.get('/alarms?state=standing')).body, (a) => a.some((x: { source: { id: string } }) => x.source.id === 'asset:door-07'));
    const dataDir = started.app.options.dataDir;
    await started.app.stop();
    // As the data folder was before migration 11.
    const db = new Database(join(dataDir, 'watchdesk.db'));
    db.exec('DROP TABLE site_connections');
    db.pragma('user_version = 5');
    db.close();
    const again = await restart(started.app);
    app = again.app;
    const list = (await again.api.get('/connections')).body;
    expect(list).toEqual([expect.objectContaining({ id: 'site', primary: true, state: 'connected', settings: expect.objectContaining({ directoryServer: '10.0.0.5', hasPassword: true }) })]);
    expect((await again.api.get('/site/connection')).body).toMatchObject({ state: 'connected' });
    expect((await again.api.get('/assets/door-07')).body).toMatchObject({ connection: 'site' });
    const alarms = (await again.api.get('/alarms?state=standing')).body as Array<{ source: { id: string } }>;
    expect(alarms.some((a) => a.source.id === 'asset:door-07')).toBe(true);
  }, 30_000);
});
