import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WatchdeskApp } from '../electron/core/app.js';
import type { Api } from './support/app.js';
import { startApp, until } from './support/app.js';
import { digestHeader } from './support/digest-client.js';

let app: WatchdeskApp;
let api: Api;
let base: string;
const USER = 'halo';
const PASS = 'halo-secret-1';
const basic = (u = USER, p = PASS): string => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

beforeAll(async () => {
  const started = await startApp();
  app = started.app;
  api = started.api;
  base = `http://127.0.0.1:${started.ready.collectorPort}`;
  expect((await api.post('/integration-accounts', { username: USER, password: PASS })).status).toBe(201);
  expect((await api.post('/devices', { name: 'Bathroom 2F', deviceId: 'Bath2F', typeId: 'halo', serverId: 1 })).status).toBe(201);
});
afterAll(async () => { await app.stop(); });

async function nx(path: string, init: RequestInit = {}, auth: string | null = basic()): Promise<{ status: number; body: any; headers: Headers }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await fetch(`${base}${path}`, { ...init, headers: { ...(auth ? { authorization: auth } : {}), ...(init.headers as Record<string, string> | undefined) } });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

const lastEvent = async (caption: string) => (await api.get(`/events?origin=http&caption=${encodeURIComponent(caption)}&limit=1`)).body[0];

describe('legacy /api/createEvent', () => {
  it('accepts a HALO-style GET, percent-decoded with + as space, and links it to the device', async () => {
    const r = await nx('/api/createEvent?source=Bath2F&caption=Vape&description=Vape+61%20%C2%B5g%2Fm%C2%B3');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ error: '0', errorString: '', reply: null });
    const e = await lastEvent('Vape');
    expect(e).toMatchObject({ origin: 'http', source: 'Bath2F', caption: 'Vape', description: 'Vape 61 µg/m³', kind: 'instant', deviceId: 1 });
  });

  it('reads both timestamp forms and metadata', async () => {
    await nx('/api/createEvent?caption=T1&timestamp=1700000000123');
    expect((await lastEvent('T1')).t).toBe(1700000000123);
    await nx('/api/createEvent?caption=T2&timestamp=2026-11-21T10:11:12.345Z');
    expect((await lastEvent('T2')).t).toBe(Date.UTC(2026, 10, 21, 10, 11, 12, 345));
    await nx('/api/createEvent?caption=T3&timestamp=2026-11-21T10:11:12');
    expect((await lastEvent('T3')).t).toBe(new Date(2026, 10, 21, 10, 11, 12).getTime());
    await nx(`/api/createEvent?caption=M1&metadata=${encodeURIComponent('{"cameraRefs":["cam-1"]}')}`);
    expect((await lastEvent('M1')).metadata).toEqual({ cameraRefs: ['cam-1'] });
  });

  it('refuses a timestamp more than 24 h ahead of the server clock, counted', async () => {
    const errors = app.collectorCounters.errors;
    const r = await nx(`/api/createEvent?caption=Future&timestamp=${Date.now() + 25 * 3600 * 1000}`);
    expect(r.body).toMatchObject({ error: '2', errorString: "Invalid value for parameter 'timestamp'. It is 25 h ahead of the server clock; at most 24 h is accepted." });
    expect(app.collectorCounters.errors).toBe(errors + 1);
    expect(await lastEvent('Future')).toBeUndefined();
    await nx(`/api/createEvent?caption=Soon&timestamp=${Date.now() + 3600 * 1000}`);
    expect((await lastEvent('Soon')).caption).toBe('Soon');
  });

  it('accepts POST with a form body', async () => {
    const r = await nx('/api/createEvent', { method: 'POST', body: 'source=Gym&caption=Form+post', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(r.body.error).toBe('0');
    expect((await lastEvent('Form post')).source).toBe('Gym');
  });

  it.each([
    ['state=Open', '2', "Invalid value for parameter 'state'."],
    ['metadata=%7Bnot-json', '2', "Invalid value for parameter 'metadata'. It is not valid JSON."],
    ['metadata=%5B1%5D', '2', "Invalid value for parameter 'metadata'. It must be a JSON object"],
    ['timestamp=yesterday', '2', "Invalid value for parameter 'timestamp'."],
    ['timestamp=2026-02-30T10:00:00', '2', "Invalid value for parameter 'timestamp'. It is not a real date and time."],
    ['source=%C3%28', '2', "Invalid value for parameter 'source'. It is not valid percent-encoded UTF-8."],
    ['colour=red', '2', "Unknown parameter 'colour'."],
  ])('%s → error %s', async (query, code, message) => {
    const r = await nx(`/api/createEvent?caption=bad&${query}`);
    expect(r.status).toBe(200);
    expect(r.body.error).toBe(code);
    expect(r.body.errorString.startsWith(message)).toBe(true);
    expect(r.body.reply).toBeNull();
  });

  it('pairs Active with Inactive, so the console knows what is active now', async () => {
    await nx('/api/createEvent?source=Bath2F&caption=Smoking&state=Active');
    let active = (await api.get('/events/active')).body;
    const set = active.find((e: { caption: string }) => e.caption === 'Smoking');
    expect(set).toMatchObject({ kind: 'set', origin: 'http' });
    await nx('/api/createEvent?source=Bath2F&caption=Smoking&state=inactive');
    active = (await api.get('/events/active')).body;
    expect(active.find((e: { caption: string }) => e.caption === 'Smoking')).toBeUndefined();
    expect(await lastEvent('Smoking')).toMatchObject({ kind: 'reset', pairId: set.id });
  });
});

describe('authentication', () => {
  it('challenges without credentials with Digest and Basic, and refuses wrong ones', async () => {
    const none = await nx('/api/createEvent?caption=x', {}, null);
    expect(none.status).toBe(401);
    expect(none.body.error).toBe('4');
    const challenge = none.headers.get('www-authenticate') ?? '';
    expect(challenge).toContain('Digest realm="watchdesk", qop="auth", algorithm=SHA-256');
    expect(challenge).toContain('algorithm=MD5');
    expect(challenge).toContain('Basic realm="watchdesk"');
    expect((await nx('/api/createEvent?caption=x', {}, basic(USER, 'wrong-pass'))).status).toBe(401);
    // Operators are not integration accounts.
    expect((await nx('/api/createEvent?caption=x', {}, basic('admin', 'test-password-1'))).status).toBe(401);
  });

  it.each([['MD5', true], ['SHA-256', true], ['MD5', false]])('accepts Digest %s (qop %s)', async (algorithm, qop) => {
    const first = await nx('/api/createEvent?caption=Digest', {}, null);
    const challenge = (first.headers.get('www-authenticate') ?? '').split(/,\s*(?=Digest|Basic)/).find((c) => c.includes(`algorithm=${algorithm}`))!;
    const uri = `/api/createEvent?caption=Digest${algorithm}${qop}`;
    const ok = await nx(uri, {}, digestHeader(challenge, 'GET', uri, USER, PASS, { qop }));
    expect(ok.body).toEqual({ error: '0', errorString: '', reply: null });
    const wrong = await nx(uri, {}, digestHeader(challenge, 'GET', uri, USER, 'not-it', { qop }));
    expect(wrong.status).toBe(401);
  });

  it('logs in on REST v4 and takes generic events with the bearer token', async () => {
    const login = await nx('/rest/v4/login/sessions', { method: 'POST', body: JSON.stringify({ username: USER, password: PASS }), headers: { 'content-type': 'application/json' } }, null);
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ username: USER, ageS: 0, expiresInS: 3600 });
    const bearer = `Bearer ${login.body.token}`;
    const post = (body: unknown, auth = bearer) => nx('/rest/v4/events/generic', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }, auth);
    expect((await post({ source: 'Bath2F', caption: 'Aggression', description: 'Loud', state: 'started', deviceIds: ['cam-2'] })).status).toBe(200);
    const set = await lastEvent('Aggression');
    expect(set).toMatchObject({ kind: 'set', deviceId: 1, metadata: { deviceIds: ['cam-2'] } });
    await post({ source: 'Bath2F', caption: 'Aggression', state: 'stopped', timestamp: Date.now() });
    expect(await lastEvent('Aggression')).toMatchObject({ kind: 'reset', pairId: set.id });
    const bad = await post({ caption: 'x', state: 'paused' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: '2', errorId: 'invalidParameter' });
    expect((await post({ caption: 'x' }, 'Bearer vms-forged')).status).toBe(401);
    expect((await nx(`/rest/v4/login/sessions/${login.body.token}`, { method: 'DELETE' }, null)).status).toBe(204);
    expect((await post({ caption: 'x' })).status).toBe(401);
    const wrong = await nx('/rest/v4/login/sessions', { method: 'POST', body: JSON.stringify({ username: USER, password: 'nope-nope' }) }, null);
    expect(wrong.status).toBe(401);
  });
});

describe('bad input and limits', () => {
  it('answers an oversized URL and body in Nx words, and keeps serving', async () => {
    const longUrl = await nx(`/api/createEvent?caption=${'x'.repeat(9000)}`);
    expect(longUrl.status).toBe(414);
    expect(longUrl.body.error).toBe('5');
    const big = await nx('/api/createEvent', { method: 'POST', body: `caption=${'y'.repeat(70_000)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(big.status).toBe(413);
    const notUtf8 = await fetch(`${base}/api/createEvent`, { method: 'POST', body: Buffer.from([0x63, 0x61, 0x70, 0x74, 0x69, 0x6f, 0x6e, 0x3d, 0xff, 0xfe]), headers: { authorization: basic(), 'content-type': 'application/x-www-form-urlencoded' } });
    expect((await notUtf8.json()).errorString).toBe('The request body is not valid UTF-8.');
    expect((await nx('/api/createEvent?caption=still-alive')).body.error).toBe('0');
    const stats = (await api.get('/ingest/stats')).body.collector;
    expect(stats.oversized).toBeGreaterThanOrEqual(1);
    expect(stats.errors).toBeGreaterThanOrEqual(3);
  });

  it('keeps connections alive', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const reused: boolean[] = [];
    for (let i = 0; i < 5; i++) {
      await new Promise<void>((resolve, reject) => {
        const req = http.get(`${base}/api/createEvent?caption=keepalive${i}`, { agent, headers: { authorization: basic() } }, (res) => {
          reused.push(req.reusedSocket);
          res.resume();
          res.on('end', () => resolve());
        });
        req.on('error', reject);
      });
    }
    agent.destroy();
    expect(reused).toEqual([false, true, true, true, true]);
  });

  it('rate-limits repeated failures from one address and counts them', async () => {
    let status = 0;
    for (let i = 0; i < 12 && status !== 429; i++) status = (await nx('/api/createEvent?caption=x', {}, basic(USER, `guess-${i}`))).status;
    expect(status).toBe(429);
    const blocked = await nx('/api/createEvent?caption=x');
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toMatch(/^\d+$/);
    const stats = await until('counters', async () => (await api.get('/ingest/stats')).body.collector, (c) => c.rateLimited >= 2);
    expect(stats.authFailures).toBeGreaterThanOrEqual(10);
  });
});
