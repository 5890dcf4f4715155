import { afterEach, describe, expect, it } from 'vitest';
import type { WatchdeskApp } from '../electron/core/app.js';
import { hashPassword } from '../electron/core/auth/passwords.js';
import { PASSWORD, startApp } from './support/app.js';

// Issue 12, item 1, for the console login: the guard the API route and the shell call.

let app: WatchdeskApp | null = null;
afterEach(async () => { await app?.stop(); app = null; });

describe('the console login guard', () => {
  it('counts before hashing: of 100 concurrent wrong logins at most 10 are checked, the rest get 429', async () => {
    app = (await startApp()).app;
    let most = 0;
    const probe = setInterval(() => { most = Math.max(most, app!.hashGate.inFlight); }, 1);
    const outcomes = await Promise.all(Array.from({ length: 100 }, (_, i) => app!.logins.login('admin', `guess-${i}`, '198.51.100.7')));
    clearInterval(probe);
    expect(outcomes.filter((o) => !o.ok && o.status === 401).length).toBeLessThanOrEqual(10);
    expect(outcomes.filter((o) => !o.ok && o.status === 429).length).toBeGreaterThanOrEqual(90);
    expect(most).toBeLessThanOrEqual(app.hashGate.maxRunning);
  });

  it('a valid login of another account does not wipe the failures at admin', async () => {
    app = (await startApp()).app;
    app.store.createOperator('guard', 'operator', await hashPassword('guard-password-1'));
    const from = '198.51.100.8';
    for (let i = 0; i < 9; i++) {
      expect((await app.logins.login('guard', 'guard-password-1', from)).ok).toBe(true);
      expect(await app.logins.login('admin', `guess-${i}`, from)).toEqual({ ok: false, status: 401 });
    }
    expect((await app.logins.login('guard', 'guard-password-1', from)).ok).toBe(true);
    expect(await app.logins.login('admin', 'guess-9', from)).toEqual({ ok: false, status: 401 });
    // Ten failures at admin within the minute: admin is refused from anywhere, and so is that address.
    expect(await app.logins.login('admin', PASSWORD, '203.0.113.1')).toMatchObject({ ok: false, status: 429 });
    expect(await app.logins.login('guard', 'guard-password-1', from)).toMatchObject({ ok: false, status: 429 });
    expect((await app.logins.login('guard', 'guard-password-1', '203.0.113.1')).ok).toBe(true);
  });

  it('guesses from elsewhere do not lock the real user out of the workstation it logs in from', async () => {
    app = (await startApp()).app;
    const workstation = '192.0.2.10';
    expect((await app.logins.login('admin', PASSWORD, workstation)).ok).toBe(true);
    for (let i = 0; i < 10; i++) await app.logins.login('admin', `guess-${i}`, `203.0.113.${i + 1}`);
    expect(await app.logins.login('admin', PASSWORD, '203.0.113.99')).toMatchObject({ ok: false, status: 429 });
    expect((await app.logins.login('admin', PASSWORD, workstation)).ok).toBe(true);
  });
});

describe('the console login route', () => {
  it('throttles over HTTP: concurrent wrong logins get 429 with Retry-After, not 100 hashes', async () => {
    const started = await startApp();
    app = started.app;
    const replies = await Promise.all(Array.from({ length: 40 }, (_, i) => fetch(`${started.ready.url}api/v1/sessions`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: `guess-${i}` }),
    })));
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(10);
    expect(statuses.filter((s) => s === 429 || s === 503).length).toBeGreaterThanOrEqual(30);
    const refused = replies.find((r) => r.status === 429)!;
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await refused.json() as { error: { code: string; message: string } }).error).toMatchObject({ code: 'too_many_attempts', message: expect.stringMatching(/too many failed logins/) });
  });
});
