import { afterEach, describe, expect, it } from 'vitest';
import type { WatchdeskApp } from '../electron/core/app.js';
import { Api, startApp } from './support/app.js';

let app: WatchdeskApp | null = null;
afterEach(async () => { await app?.stop(); app = null; });

describe('an operator changes their own password', () => {
  it('needs the current password, keeps this session, ends the others, and is audited', async () => {
    const started = await startApp();
    app = started.app;
    const { api } = started;
    expect((await api.post('/operators', { username: 'olga', password: 'olga-pass-1', role: 'operator' })).status).toBe(201);
    const here = new Api(started.ready.url);
    const elsewhere = new Api(started.ready.url);
    await here.login('olga', 'olga-pass-1');
    await elsewhere.login('olga', 'olga-pass-1');

    const wrong = await here.request('PUT', '/sessions/current/password', { current: 'guess', new: 'olga-pass-2' });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.message).toContain('not your current password');
    const short = await here.request('PUT', '/sessions/current/password', { current: 'olga-pass-1', new: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.error.message).toContain('at least 8 characters');

    expect((await here.request('PUT', '/sessions/current/password', { current: 'olga-pass-1', new: 'olga-pass-2' })).status).toBe(204);
    expect((await here.get('/sessions/current')).status).toBe(200);
    expect((await elsewhere.get('/sessions/current')).status).toBe(401);
    await expect(new Api(started.ready.url).login('olga', 'olga-pass-1')).rejects.toThrow();
    await new Api(started.ready.url).login('olga', 'olga-pass-2');

    const audit = (await api.get('/audit?actor=olga')).body as Array<{ action: string }>;
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['operator.password-change', 'operator.password-change.failed']));
  });

  it('throttles guesses of the current password like logins, so a stolen session cannot brute-force it', async () => {
    const started = await startApp();
    app = started.app;
    expect((await started.api.post('/operators', { username: 'olga', password: 'olga-pass-1', role: 'operator' })).status).toBe(201);
    const here = new Api(started.ready.url);
    await here.login('olga', 'olga-pass-1');
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await here.request('PUT', '/sessions/current/password', { current: `guess-${i}`, new: 'olga-pass-2' })).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(403));
    expect(statuses.slice(10)).toEqual([429, 429]);
    const refused = await here.request('PUT', '/sessions/current/password', { current: 'olga-pass-1', new: 'olga-pass-2' });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('too_many_attempts');
    // The session itself carries on.
    expect((await here.get('/sessions/current')).status).toBe(200);
  });

  it('lists who is signed in, for forwarding, to any operator', async () => {
    const started = await startApp();
    app = started.app;
    expect((await started.api.post('/operators', { username: 'olga', password: 'olga-pass-1', role: 'operator' })).status).toBe(201);
    expect((await started.api.post('/operators', { username: 'pete', password: 'pete-pass-1', role: 'operator' })).status).toBe(201);
    const olga = new Api(started.ready.url);
    await olga.login('olga', 'olga-pass-1');
    const r = await olga.get('/operators/signed-in');
    expect(r.status).toBe(200);
    expect(r.body).toEqual([{ username: 'admin', role: 'admin' }, { username: 'olga', role: 'operator' }]);
  });

  it('a forwarded alarm names who forwarded it', async () => {
    const started = await startApp();
    app = started.app;
    const { api } = started;
    expect((await api.post('/operators', { username: 'olga', password: 'olga-pass-1', role: 'operator' })).status).toBe(201);
    expect((await api.post('/alarm-definitions', { id: 'HELP', name: 'Help', priority: 5 })).status).toBe(201);
    const alarm = started.app.alarms.activate('HELP', { kind: 'site', id: 'x', name: 'Gym', deviceId: null }, null, null);
    const r = await api.post(`/alarms/${alarm.id}/forward`, { to: 'olga', message: 'Please check the gym' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ forwardedTo: 'olga', forwardedBy: 'admin', forwardMessage: 'Please check the gym' });
  });
});
