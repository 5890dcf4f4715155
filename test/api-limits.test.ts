import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WatchdeskApp } from '../electron/core/app.js';
import type { Api} from './support/app.js';
import { startApp, tempDir } from './support/app.js';

describe('the API server: limits, errors and headers', () => {
  let app: WatchdeskApp;
  let api: Api;
  let url: string;
  const consoleDir = tempDir();
  mkdirSync(join(consoleDir, 'assets'));
  writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><title>Watchdesk</title>');
  writeFileSync(join(consoleDir, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(consoleDir, 'assets', 'index-abc.js.map'), '{"sources":["secret.ts"]}');

  beforeAll(async () => {
    ({ app, api } = await startApp({ rendererDir: consoleDir }));
    url = api.base;
  });
  afterAll(async () => { await app.stop(); });

  it('refuses a body over 1 MiB with 413 too_large', async () => {
    const r = await api.request('PUT', '/demo', JSON.stringify({ enabled: false, pad: 'x'.repeat(1024 * 1024) }));
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('too_large');
  });

  it('refuses JSON that is not JSON, or nested deeper than 64, with 400 invalid_json', async () => {
    expect((await api.request('PUT', '/demo', '{"enabled":')).body.error.code).toBe('invalid_json');
    const deep = await api.request('POST', '/rules', `${'['.repeat(10_000)}${']'.repeat(10_000)}`);
    expect(deep.status).toBe(400);
    expect(deep.body.error).toMatchObject({ code: 'invalid_json', message: expect.stringMatching(/deeper than 64/) });
  });

  it('names a bad query or path parameter', async () => {
    const r = await api.get('/devices/abc');
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/^Path is invalid: id/);
    expect((await api.get('/events?from=yesterday')).body.error.details).toEqual([expect.stringMatching(/^from: must be a number/)]);
  });

  it('tells 404 from 405, and answers 401 with WWW-Authenticate', async () => {
    expect((await api.get('/nothing-here')).body.error.code).toBe('not_found');
    const wrongMethod = await api.request('PATCH', '/devices');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.body.error.code).toBe('method_not_allowed');
    const res = await fetch(`${url}api/v1/devices`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="watchdesk"');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('refuses request headers over 32 KiB', async () => {
    const res = await fetch(`${url}api/v1/health`, { headers: { 'x-padding': 'x'.repeat(40 * 1024) } });
    expect(res.status).toBe(431);
  });

  it('serves the console with its CSP and frame, sniffing and referrer headers, and client routes load it', async () => {
    for (const path of ['', 'index.html', 'alarms/3']) {
      const res = await fetch(`${url}${path}`);
      expect(res.status, path).toBe(200);
      expect(await res.text()).toContain('<title>Watchdesk</title>');
      expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self';.*frame-ancestors 'none'/);
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
    expect((await fetch(`${url}assets/index-abc.js`)).status).toBe(200);
    expect((await fetch(`${url}console.html`, { method: 'POST' })).status).toBe(405);
  });

  it('never serves a source map', async () => {
    const res = await fetch(`${url}assets/index-abc.js.map`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('secret.ts');
  });

  it('caps login requests per address before any password is hashed', async () => {
    // Bodies that never reach the hash: the cap counts requests, not failures.
    const statuses: number[] = [];
    while (statuses.length < 125 && statuses.at(-1) !== 429) statuses.push((await api.request('POST', '/sessions', { username: 'admin' }, null)).status);
    // The one login startApp made counts too.
    expect(statuses.length).toBe(120);
    expect(statuses.slice(0, -1).every((s) => s === 400)).toBe(true);
    const capped = await api.request('POST', '/sessions', { username: 'admin', password: 'whatever-1' }, null);
    expect(capped.status).toBe(429);
    expect(capped.body.error).toMatchObject({ code: 'too_many_attempts', message: expect.stringMatching(/too many login attempts from this address/) });
    // Other routes are not capped.
    expect((await api.get('/health')).status).toBe(200);
  });

  it('does not leave the console folder', async () => {
    for (const path of ['..%2f..%2fetc%2fpasswd', '%2e%2e/%2e%2e/etc/passwd']) {
      const text = await (await fetch(`${url}${path}`)).text();
      expect(text).not.toMatch(/root:/);
    }
  });
});
