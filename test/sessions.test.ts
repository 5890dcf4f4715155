import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { WatchdeskApp } from '../electron/core/app.js';
import { IDLE_TIMEOUT_MS, MAX_SESSION_MS, PRESENT_MS, Sessions } from '../electron/core/auth/sessions.js';
import { hashPassword } from '../electron/core/auth/passwords.js';
import { SessionTable } from '../electron/core/store/session-table.js';
import { SqliteStore } from '../electron/core/store/sqlite-store.js';
import { Api, PASSWORD, startApp, tempDir } from './support/app.js';

async function restart(dataDir: string): Promise<{ app: WatchdeskApp; api: Api }> {
  const app = new WatchdeskApp({ dataDir, rendererDir: join(tmpdir(), 'none'), port: 0, tcpPort: 0, collectorPort: 0, demo: false }, () => undefined);
  const ready = await app.start();
  return { app, api: new Api(ready.url) };
}

describe('sessions', () => {
  it('survive a restart on the same data folder; logout, disable and a new password still end them at once', async () => {
    const first = await startApp();
    const dataDir = first.app.options.dataDir;
    for (const username of ['ana', 'ben']) {
      expect((await first.api.post('/operators', { username, password: 'operator-pw-1', role: 'operator' })).status).toBe(201);
    }
    const ana = new Api(first.ready.url);
    await ana.login('ana', 'operator-pw-1');
    const ben = new Api(first.ready.url);
    await ben.login('ben', 'operator-pw-1');
    const spare = new Api(first.ready.url);
    await spare.login('admin', PASSWORD);
    await first.app.stop();

    const { app, api } = await restart(dataDir);
    try {
      for (const token of [first.api.token, ana.token, ben.token, spare.token]) {
        expect((await api.request('GET', '/sessions/current', undefined, token)).status).toBe(200);
      }
      expect((await api.request('GET', '/sessions/current', undefined, first.api.token)).body).toMatchObject({ username: 'admin', role: 'admin' });
      // The console's stream reconnects with the token it has.
      const ws = new WebSocket(`${api.base.replace('http', 'ws')}api/v1/stream?token=${first.api.token}`);
      const snapshot = await new Promise<{ type: string }>((resolve, reject) => {
        ws.once('message', (data) => resolve(JSON.parse(String(data)) as { type: string }));
        ws.once('error', reject);
      });
      expect(snapshot.type).toBe('snapshot');
      ws.close();
      // Logout ends that session only.
      expect((await api.request('DELETE', '/sessions/current', undefined, spare.token)).status).toBeLessThan(300);
      expect((await api.request('GET', '/sessions/current', undefined, spare.token)).status).toBe(401);
      expect((await api.request('GET', '/sessions/current', undefined, first.api.token)).status).toBe(200);
      // Disable and a new password, by the admin whose session came through the restart.
      const ops = (await api.request('GET', '/operators', undefined, first.api.token)).body as Array<{ id: number; username: string }>;
      const id = (u: string): number => ops.find((o) => o.username === u)!.id;
      expect((await api.request('PUT', `/operators/${id('ana')}`, { disabled: true }, first.api.token)).status).toBe(200);
      expect((await api.request('GET', '/devices', undefined, ana.token)).status).toBe(401);
      expect((await api.request('PUT', `/operators/${id('ben')}`, { password: 'operator-pw-2' }, first.api.token)).status).toBe(200);
      expect((await api.request('GET', '/devices', undefined, ben.token)).status).toBe(401);
    } finally {
      await app.stop();
    }
    // Ended sessions stay ended after another restart.
    const again = await restart(dataDir);
    try {
      for (const token of [spare.token, ana.token, ben.token]) expect((await again.api.request('GET', '/sessions/current', undefined, token)).status).toBe(401);
      expect((await again.api.request('GET', '/sessions/current', undefined, first.api.token)).status).toBe(200);
    } finally {
      await again.app.stop();
    }
  });

  it('end after the idle timeout and at the absolute limit, also when read back from disk', async () => {
    const dir = tempDir();
    let now = 1_000_000;
    const store = new SqliteStore(dir);
    store.createOperator('op', 'operator', await hashPassword('operator-pw-1'));
    const sessions = new Sessions(store, new SessionTable(store.db), () => now);
    const idle = (await sessions.login('op', 'operator-pw-1'))!.token;
    const busy = (await sessions.login('op', 'operator-pw-1'))!.token;
    // A fresh instance on the same table is a restart.
    const reborn = (): Sessions => new Sessions(store, new SessionTable(store.db), () => now);
    now += IDLE_TIMEOUT_MS - 1000;
    let s = reborn();
    expect(s.resolve(busy)).not.toBeNull();
    now += 2000;
    s = reborn();
    expect(s.resolve(idle)).toBeNull();
    // Used every few hours, it still ends at the absolute limit.
    while (now + 6 * 3600_000 < 1_000_000 + MAX_SESSION_MS) {
      now += 6 * 3600_000;
      expect(reborn().resolve(busy)).not.toBeNull();
    }
    now = 1_000_000 + MAX_SESSION_MS;
    const last = reborn();
    expect(last.resolve(busy)).toBeNull();
    // Why, for a stream still open on it (the API on main closes streams with this reason).
    expect(last.endReason(busy)).toBe('the session expired');
    const fresh = (await last.login('op', 'operator-pw-1'))!.token;
    expect(last.endReason(fresh)).toBeNull();
    last.logout(fresh);
    expect(last.endReason(fresh)).toBe('this session was logged out');
    store.close();
  });

  it('count as signed in (for forwarding) while their console watches or was used lately, not merely unexpired', async () => {
    const dir = tempDir();
    let now = 1_000_000;
    const store = new SqliteStore(dir);
    for (const u of ['ana', 'ben', 'cy']) store.createOperator(u, 'operator', await hashPassword('operator-pw-1'));
    const sessions = new Sessions(store, new SessionTable(store.db), () => now);
    const ana = (await sessions.login('ana', 'operator-pw-1'))!.token;
    const ben = (await sessions.login('ben', 'operator-pw-1'))!.token;
    await sessions.login('cy', 'operator-pw-1');
    expect(sessions.signedIn().map((o) => o.username)).toEqual(['ana', 'ben', 'cy']);
    // Ana's console keeps its stream open; Ben's browser was closed; Cy is idle.
    const unwatch = sessions.watch(ana);
    now += PRESENT_MS + 1000;
    expect(sessions.signedIn().map((o) => o.username)).toEqual(['ana']);
    sessions.resolve(ben);
    expect(sessions.signedIn().map((o) => o.username)).toEqual(['ana', 'ben']);
    unwatch();
    unwatch();
    now += PRESENT_MS + 1000;
    expect(sessions.signedIn()).toEqual([]);
    store.close();
  });
});
