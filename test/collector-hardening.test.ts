import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { WatchdeskApp } from '../electron/core/app.js';
import { closed, startApp, until, type Api } from './support/app.js';
import { digestHeader } from './support/digest-client.js';

// Issue 12, items 1 (collector), 3, 6 and 7: what a black-box probe of the collector found.

let app: WatchdeskApp | null = null;
afterEach(async () => { await app?.stop(); app = null; });

const basic = (u: string, p: string): string => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

async function collector(overrides: Parameters<typeof startApp>[0] = {}, log?: (m: string) => void): Promise<{ api: Api; base: string; port: number }> {
  const started = await startApp(overrides, log);
  app = started.app;
  for (const username of ['halo', 'other']) {
    expect((await started.api.post('/integration-accounts', { username, password: `${username}-secret-1` })).status).toBe(201);
  }
  const port = started.ready.collectorPort!;
  return { api: started.api, base: `http://127.0.0.1:${port}`, port };
}

async function get(base: string, path: string, authorization?: string): Promise<{ status: number; body: any; headers: Headers }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await fetch(`${base}${path}`, { headers: authorization ? { authorization } : {} });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

/** Raw bytes in, the whole answer out (until the server closes or `done` matches). */
function raw(port: number, request: string, done: (text: string) => boolean = () => false): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port }, () => s.write(request));
    let text = '';
    s.on('data', (d) => { text += d.toString('utf8'); if (done(text)) s.destroy(); });
    s.on('close', () => resolve(text));
    s.on('error', reject);
    setTimeout(() => s.destroy(), 5000);
  });
}

describe('collector login throttle (item 1)', () => {
  it('counts an attempt before hashing: 100 concurrent wrong logins are mostly refused with 429', async () => {
    const { base } = await collector();
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => get(base, '/api/createEvent?caption=x', basic('halo', `guess-${i}`))));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(10);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(90);
  });

  it('does the same for REST v4 logins', async () => {
    const { base } = await collector();
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => fetch(`${base}/rest/v4/login/sessions`, { method: 'POST', body: JSON.stringify({ username: 'halo', password: `guess-${i}` }) })));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(10);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(40);
  });

  it('a valid login of one account does not wipe the failures of another', async () => {
    const { base } = await collector();
    for (let i = 0; i < 10; i++) {
      expect((await get(base, `/api/createEvent?caption=ok${i}`, basic('other', 'other-secret-1'))).status).toBe(200);
      expect((await get(base, '/api/createEvent?caption=x', basic('halo', `guess-${i}`))).status).toBe(401);
    }
    const status = (await get(base, '/api/createEvent?caption=x', basic('halo', 'guess-10'))).status;
    expect(status).toBe(429);
  });

  it('counts failures per account, whatever the address', async () => {
    const { base } = await collector();
    // Ten wrong guesses at one account lock that account, and only that one.
    for (let i = 0; i < 10; i++) await get(base, '/api/createEvent?caption=x', basic('halo', `guess-${i}`));
    expect(app!.collectorLogins.begin('halo', '192.0.2.1')).toMatchObject({ refused: true, by: 'account' });
    expect(app!.collectorLogins.begin('other', '192.0.2.1')).toMatchObject({ refused: false });
  });

  it('caps the password hashes in flight', async () => {
    const { base } = await collector();
    let most = 0;
    const probe = setInterval(() => { most = Math.max(most, app!.hashGate.inFlight); }, 1);
    await Promise.all(Array.from({ length: 10 }, (_, i) => get(base, '/api/createEvent?caption=x', basic('halo', `guess-${i}`))));
    clearInterval(probe);
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(app!.hashGate.maxRunning);
  });
});

describe('Digest replay (item 3)', () => {
  it('refuses the same nonce and count a second time, with the Nx error', async () => {
    const { base, api } = await collector();
    const first = await get(base, '/api/createEvent?caption=d');
    const challenge = (first.headers.get('www-authenticate') ?? '').split(/,\s*(?=Digest|Basic)/).find((c) => c.includes('algorithm=SHA-256'))!;
    const uri = '/api/createEvent?caption=Replayed';
    const header = digestHeader(challenge, 'GET', uri, 'halo', 'halo-secret-1');
    expect((await get(base, uri, header)).body).toEqual({ error: '0', errorString: '', reply: null });
    for (let i = 0; i < 2; i++) {
      const again = await get(base, uri, header);
      expect(again.status).toBe(401);
      expect(again.body).toMatchObject({ error: '4', reply: null });
      expect(again.body.errorString).toMatch(/replay/);
      expect(again.headers.get('www-authenticate')).toContain('stale=true');
    }
    // The next count on the same nonce is fine: that is how a client reuses a nonce.
    const next = digestHeader(challenge, 'GET', uri, 'halo', 'halo-secret-1').replace('nc=00000001', 'nc=00000002');
    expect((await get(base, uri, next)).status).toBe(401); // the response was computed for nc 1
    await until('the one event', async () => (await api.get('/events?origin=http&caption=Replayed')).body, (e) => e.length === 1);
    expect(app!.collectorCounters.accepted).toBe(1);
  });
});

describe('collector request-headers deadline (item 6)', () => {
  it('closes a connection whose headers dribble in past the deadline, however steady the bytes', async () => {
    const { port } = await collector({ collectorHeadersTimeoutMs: 400 });
    const s = net.connect({ host: '127.0.0.1', port });
    let text = '';
    s.on('data', (d) => { text += d.toString('utf8'); });
    s.on('error', () => undefined);
    await new Promise((r) => s.once('connect', r));
    s.write('GET /api/createEvent?caption=slow HTTP/1.1\r\n');
    const drip = setInterval(() => { if (!s.destroyed) s.write('X'); }, 50);
    const started = Date.now();
    await until('closed by the server', () => s.destroyed || s.readableEnded, (v) => v, 5000);
    clearInterval(drip);
    await closed(s);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(text.startsWith('HTTP/1.1 408 ')).toBe(true);
  });
});

describe('collector bad input answers 400, not 500 (item 7)', () => {
  it('refuses metadata nested 10,000 deep with the Nx error, without a stack trace', async () => {
    const log: string[] = [];
    const { base } = await collector({}, (m) => log.push(m));
    const deep = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    const post = async (body: string, type: string) => {
      const res = await fetch(`${base}/api/createEvent`, { method: 'POST', body, headers: { authorization: basic('halo', 'halo-secret-1'), 'content-type': type } });
      return { status: res.status, body: await res.json() };
    };
    const json = await post(`{"caption":"deep","metadata":${deep}}`, 'application/json');
    // Legacy API: a bad parameter is HTTP 200 with the Nx error in the body, as Nx answers.
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({ error: '2', reply: null });
    expect(json.body.errorString).toMatch(/^Invalid value for parameter 'metadata'. It is nested deeper than/);
    const deepish = `${'{"a":'.repeat(1000)}1${'}'.repeat(1000)}`;
    const form = await post(`caption=deep&metadata=${encodeURIComponent(deepish)}`, 'application/x-www-form-urlencoded');
    expect(form.body).toMatchObject({ error: '2' });
    expect(log.join('\n')).not.toMatch(/RangeError|\n\s+at /);
  });

  it('answers DELETE /rest/v4/login/sessions/% with 400 and the Nx error', async () => {
    const log: string[] = [];
    const { port } = await collector({}, (m) => log.push(m));
    const text = await raw(port, 'DELETE /rest/v4/login/sessions/% HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(text.startsWith('HTTP/1.1 400 ')).toBe(true);
    expect(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))).toMatchObject({ error: '5', errorId: 'badRequest' });
    expect(log.join('\n')).not.toMatch(/URIError|\n\s+at /);
  });
});
