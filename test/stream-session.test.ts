import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { WatchdeskApp } from '../electron/core/app.js';
import { hashPassword } from '../electron/core/auth/passwords.js';
import { Sessions } from '../electron/core/auth/sessions.js';
import { SqliteStore } from '../electron/core/store/sqlite-store.js';
import { SessionTable } from '../electron/core/store/session-table.js';
import { Api, startApp, tempDir } from './support/app.js';

let app: WatchdeskApp | null = null;
afterEach(async () => { await app?.stop(); app = null; });

/** Opens a stream and resolves with how it closed, and after how long from `mark()`. */
function stream(url: string, token: string): { opened: Promise<void>; closed: Promise<{ code: number; reason: string; afterMs: number }>; mark(): void } {
  const ws = new WebSocket(`${url.replace('http', 'ws')}api/v1/stream?token=${token}`);
  let from = Date.now();
  return {
    opened: new Promise((resolve) => ws.once('message', () => resolve())),
    closed: new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString(), afterMs: Date.now() - from }))),
    mark: () => { from = Date.now(); },
  };
}

describe('a stream lives no longer than its session', () => {
  it('closes within a second of logout, with the reason the console shows', async () => {
    const started = await startApp();
    app = started.app;
    const s = stream(started.ready.url, started.api.token!);
    await s.opened;
    s.mark();
    expect((await started.api.request('DELETE', '/sessions/current')).status).toBe(204);
    const closed = await s.closed;
    expect(closed).toMatchObject({ code: 4001, reason: 'Signed out: this session was logged out' });
    expect(closed.afterMs).toBeLessThan(1000);
  });

  it('closes when an administrator disables the operator or resets the password', async () => {
    const started = await startApp();
    app = started.app;
    for (const [change, reason] of [[{ disabled: true }, 'Signed out: an administrator disabled this operator'], [{ password: 'a-new-password' }, 'Signed out: an administrator reset the password']] as const) {
      const name = `op${reason.length}`;
      const created = app.store.createOperator(name, 'operator', await hashPassword('operator-pass'));
      const op = new Api(started.ready.url);
      await op.login(name, 'operator-pass');
      const s = stream(started.ready.url, op.token!);
      await s.opened;
      s.mark();
      expect((await started.api.request('PUT', `/operators/${created.id}`, change)).status).toBe(200);
      const closed = await s.closed;
      expect(closed).toMatchObject({ code: 4001, reason });
      expect(closed.afterMs).toBeLessThan(1000);
    }
    // The admin's own stream is untouched.
    const mine = stream(started.ready.url, started.api.token!);
    await mine.opened;
  });

  it('knows an expired session from a live one, without extending it', async () => {
    let now = 1_000_000;
    const store = new SqliteStore(tempDir());
    store.createOperator('olga', 'operator', await hashPassword('operator-pass'));
    const sessions = new Sessions(store, new SessionTable(store.db), () => now);
    const { token } = (await sessions.login('olga', 'operator-pass'))!;
    expect(sessions.endReason(token)).toBeNull();
    now += 11 * 3600 * 1000;
    expect(sessions.endReason(token)).toBeNull();
    now += 2 * 3600 * 1000;
    expect(sessions.endReason(token)).toBe('the session expired');
    expect(sessions.endReason('never-issued')).toBe('the session ended');
    store.close();
  });
});
