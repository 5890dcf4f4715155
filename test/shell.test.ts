import http from 'node:http';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_NAMES } from '../shared/api/routes.js';
import { buildPreload } from '../scripts/build-preload.mjs';
import type { AlarmView } from '../shared/alarms/definitions.js';
import type { WatchdeskApp } from '../electron/core/app.js';
import { AlarmNotifier } from '../electron/shell/alarm-notifier.js';
import { APP_CSP, handleAppRequest } from '../electron/shell/app-protocol.js';
import { safeJoin } from '../electron/core/api/static-files.js';
import { ErrorLog } from '../electron/shell/error-log.js';
import { IpcHost, registerCallChannel, safeExternalUrl, trustedSender } from '../electron/shell/ipc-host.js';
import { DEFAULT_WINDOW, loadWindowState, restoreWindow, saveWindowState } from '../electron/shell/window-state.js';
import { HttpBridge } from '../renderer/src/bridge/http-bridge.js';
import { PASSWORD, startApp, tempDir } from './support/app.js';

describe('the IPC bridge host (main process)', () => {
  let app: WatchdeskApp;
  let host: IpcHost;
  const logged: string[] = [];
  beforeAll(async () => {
    ({ app } = await startApp());
    host = new IpcHost(app.api, (m) => logged.push(m));
  });
  afterAll(async () => { await app.stop(); });

  it('keeps the session token in the main process', async () => {
    expect(await host.handle('sessions.current', {})).toMatchObject({ ok: false, status: 401 });
    expect(await host.handle('devices.list', {})).toMatchObject({ ok: false, status: 401 });
    const login = await host.handle('sessions.create', { body: { username: 'admin', password: PASSWORD } });
    expect(login).toMatchObject({ ok: true, value: { username: 'admin', role: 'admin' } });
    expect(JSON.stringify(login)).not.toMatch(/token/);
    expect(await host.handle('devices.list', {})).toEqual({ ok: true, value: [] });
    expect(await host.handle('demo.get', {})).toEqual({ ok: true, value: { enabled: false } });
  });

  it('validates every call and refuses unknown routes, logging both', async () => {
    expect(await host.handle('demo.set', { body: { enabled: 'yes' } })).toMatchObject({ ok: false, status: 400, message: expect.stringMatching(/^Demo setting is invalid: enabled/) });
    expect(await host.handle('alarms.acknowledge', { params: { id: 'ACK; DROP TABLE' } })).toMatchObject({ ok: false, status: 400 });
    expect(await host.handle('readFile', { params: { path: '/etc/passwd' } })).toMatchObject({ ok: false, status: 400 });
    expect(await host.handle('devices.list', { extra: true })).toMatchObject({ ok: false, status: 400 });
    expect(await host.handle('cameras.snapshot', { params: { id: 1 } })).toMatchObject({ ok: false, status: 400, message: expect.stringMatching(/fetched by URL/) });
    expect(logged.filter((l) => l.startsWith('IPC: refused'))).toHaveLength(2);
  });

  it('passes API errors through as data, and logs out', async () => {
    expect(await host.handle('alarms.acknowledge', { params: { id: 999 } })).toMatchObject({ ok: false, status: 404, code: 'not_found', message: 'alarm 999 does not exist' });
    const bad = await host.handle('site.configure', { body: { directoryServer: '10.0.0.300', username: 'x', password: 'y' } });
    expect(bad).toMatchObject({ ok: false, status: 400, details: [expect.stringMatching(/^directoryServer: /)] });
    // Selections: each alarm answers for itself; an empty selection never reaches a handler.
    expect(await host.handle('alarms.acknowledge.selection', { body: { ids: [999] } })).toEqual({ ok: true, value: [{ id: 999, ok: false, error: 'alarm 999 does not exist' }] });
    expect(await host.handle('assets.commandSelection', { body: { assetIds: [], command: 'lock', params: {}, confirmed: true } })).toMatchObject({ ok: false, status: 400 });
    expect(await host.handle('devices.alarmPeriods', { params: { id: 999 }, query: { from: 0, to: 1 } })).toMatchObject({ ok: false, status: 404 });
    expect(await host.handle('sessions.delete', {})).toEqual({ ok: true, value: undefined });
    expect(await host.handle('sessions.current', {})).toMatchObject({ ok: false, status: 401 });
  });

  it('answers only the console on its one channel', async () => {
    const channels = new Map<string, (event: { senderFrame?: { url?: string } | null }, ...args: unknown[]) => unknown>();
    registerCallChannel({ handle: (channel, listener) => channels.set(channel, listener) }, host, (m) => logged.push(m));
    expect([...channels.keys()]).toEqual(['watchdesk:call']);
    const call = channels.get('watchdesk:call')!;
    expect(await call({ senderFrame: { url: 'https://evil.example/' } }, 'health.get', {})).toMatchObject({ ok: false, status: 403 });
    expect(await call({ senderFrame: { url: 'app://watchdesk/index.html' } }, 'health.get', {})).toMatchObject({ ok: true, value: { ok: true } });
  });

  it('trusts only the console’s own frames and opens only http(s) links outside', () => {
    expect(trustedSender('app://watchdesk/index.html')).toBe(true);
    expect(trustedSender('https://evil.example/')).toBe(false);
    expect(trustedSender('app://other/index.html')).toBe(false);
    expect(trustedSender(undefined)).toBe(false);
    expect(safeExternalUrl('https://www.ipvideocorp.com/halo')).toBe(true);
    expect(safeExternalUrl('file:///etc/passwd')).toBe(false);
    expect(safeExternalUrl('javascript:alert(1)')).toBe(false);
    expect(safeExternalUrl('https://user:pw@example.com/')).toBe(false);
  });
});

describe('the app:// protocol', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  const get = (url: string, core: string | null = null) => handleAppRequest(new Request(url), dir, () => core);

  it('serves the console with its CSP', async () => {
    const r = await get('app://watchdesk/index.html');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-security-policy')).toBe(APP_CSP);
    expect(APP_CSP).toContain("script-src 'self'");
    expect(APP_CSP).not.toContain('unsafe-eval');
    expect((await get('app://watchdesk/assets/app.js')).headers.get('content-type')).toMatch(/javascript/);
  });

  it('refuses paths that leave the console folder, other hosts and other methods', async () => {
    writeFileSync(join(dir, '..', 'outside.txt'), 'SECRET');
    // Whatever the encoding, the path stays inside the folder: at most the console's own index.
    for (const attempt of ['app://watchdesk/..%2f..%2foutside.txt', 'app://watchdesk/%2e%2e/outside.txt', 'app://watchdesk/..%5coutside.txt', 'app://watchdesk/%00outside.txt']) {
      const r = await get(attempt);
      expect(await r.text(), attempt).not.toContain('SECRET');
    }
    expect(safeJoin(dir, '/../outside.txt')).toBe(join(dir, 'outside.txt'));
    expect(safeJoin(dir, '/a%00b')).toBeNull();
    expect((await get('app://elsewhere/index.html')).status).toBe(404);
    expect((await handleAppRequest(new Request('app://watchdesk/index.html', { method: 'POST', body: 'x' }), dir, () => null)).status).toBe(405);
    expect((await get('app://watchdesk/api/v1/devices')).status).toBe(404);
  });

  it('proxies camera video to the core, and only that', async () => {
    const seen: string[] = [];
    const core = http.createServer((req, res) => { seen.push(req.url ?? ''); res.writeHead(200, { 'content-type': 'image/jpeg' }).end('jpeg'); });
    await new Promise<void>((r) => core.listen(0, '127.0.0.1', () => r()));
    const base = `http://127.0.0.1:${(core.address() as { port: number }).port}/`;
    const r = await get('app://watchdesk/api/v1/cameras/3/snapshot?ticket=abc', base);
    expect(await r.text()).toBe('jpeg');
    expect(seen).toEqual(['/api/v1/cameras/3/snapshot?ticket=abc']);
    expect((await get('app://watchdesk/api/v1/cameras/3/snapshot', null)).status).toBe(503);
    core.close();
  });
});

describe('window state', () => {
  const screenA = { x: 0, y: 0, width: 1920, height: 1080 };
  it('restores where the window was, if that place still exists', () => {
    expect(restoreWindow({ x: 100, y: 50, width: 1200, height: 800, maximized: true }, [screenA])).toEqual({ x: 100, y: 50, width: 1200, height: 800, maximized: true });
    expect(restoreWindow({ x: 2500, y: 50, width: 1200, height: 800 }, [screenA])).toEqual({ width: 1200, height: 800, maximized: false });
    expect(restoreWindow({ width: 10 }, [screenA])).toEqual(DEFAULT_WINDOW);
  });
  it('saves and loads', () => {
    const file = join(tempDir(), 'state', 'window.json');
    saveWindowState(file, { x: 10, y: 20, width: 1000, height: 700, maximized: false });
    expect(loadWindowState(file, [screenA])).toEqual({ x: 10, y: 20, width: 1000, height: 700, maximized: false });
    expect(loadWindowState(join(tempDir(), 'missing.json'), [screenA])).toEqual(DEFAULT_WINDOW);
  });
});

describe('native notifications', () => {
  const alarm = (over: Partial<AlarmView>): AlarmView => ({
    id: 1, definitionId: 'NOISE', name: 'NOISE', priority: 10, category: '', procedure: '', latching: false, state: 'unack', source: { kind: 'device', id: 'device:1', name: 'Bath', deviceId: 1 },
    value: 70, ruleId: null, activatedAt: 1, lastChangeAt: 1, activations: 1, chattering: false, shelved: null, suppressed: null, outOfService: null,
    acknowledgedBy: null, acknowledgedAt: null, comment: '', investigatingBy: null, forwardedTo: null, forwardMessage: '', annunciated: true, ...over,
  });
  it('notifies each new high-priority activation once, never shelved or low-priority ones', () => {
    const n = new AlarmNotifier(50);
    expect(n.decide([alarm({})])).toHaveLength(1);
    expect(n.decide([alarm({ lastChangeAt: 2 })])).toHaveLength(0);
    expect(n.decide([alarm({ activations: 2 })])).toHaveLength(1);
    expect(n.decide([alarm({ id: 2, priority: 120 })])).toHaveLength(0);
    expect(n.decide([alarm({ id: 3, annunciated: false })])).toHaveLength(0);
    expect(n.decide([alarm({ id: 4, state: 'ack' })])).toHaveLength(0);
    expect(AlarmNotifier.unacknowledged([alarm({}), alarm({ id: 2, state: 'rtn-unack' }), alarm({ id: 3, state: 'ack' })])).toBe(2);
  });
});

describe('the error log', () => {
  it('rotates, keeping a bounded number of files', () => {
    const dir = tempDir();
    const log = new ErrorLog(dir, 200, 2);
    for (let i = 0; i < 30; i++) log.write('error', `exception number ${i} in the core`);
    const files = readdirSync(dir).sort();
    expect(files).toEqual(['watchdesk.log', 'watchdesk.log.1', 'watchdesk.log.2']);
    expect(readFileSync(join(dir, 'watchdesk.log'), 'utf8')).toContain('exception number 29');
  });
});

describe('the shell boundary', () => {
  it('the preload is one bundle that requires nothing but electron, and holds no method list', async () => {
    const out = join(tempDir(), 'preload.cjs');
    await buildPreload(out);
    const bundle = readFileSync(out, 'utf8');
    expect([...bundle.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1])).toEqual(['electron']);
    expect(bundle).not.toMatch(/^\s*(import|export) /m);
    // Every route name reaches the bundle from the table, not from a list of its own.
    const source = readFileSync('electron/preload.ts', 'utf8');
    expect(source).not.toMatch(/'devices\.list'|'alarms\.acknowledge'/);
    const declared = ROUTE_NAMES.filter((n) => !/^alarms\.[a-z-]+(\.selection)?$/.test(n) || n === 'alarms.list' || n === 'alarms.get');
    for (const name of declared) expect(bundle.includes(`"${name}"`), name).toBe(true);
    // The names alone: zod and the schemas stay in the main process, which checks every input.
    expect(bundle.length).toBeLessThan(16_000);
    expect(bundle).not.toContain('ZodError');
  });

  it('the browser bridge has no method per route', () => {
    const http = Object.getOwnPropertyNames(HttpBridge.prototype).filter((m) => m !== 'constructor').sort();
    expect(http).toEqual(['call', 'forget', 'mediaBase', 'send', 'subscribe']);
  });

  const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx|cts|mts)$/.test(f) ? [p] : [];
  });

  it('only main.ts and preload.ts import electron', () => {
    const importers = ['electron', 'shared', 'renderer/src', 'tools'].flatMap(files)
      .filter((f) => /from ['"]electron['"]|require\(['"]electron['"]\)/.test(readFileSync(f, 'utf8')));
    expect(importers.sort()).toEqual(['electron/main.ts', 'electron/preload.ts']);
  });

  it('every BrowserWindow is created with the secure options', () => {
    for (const f of files('electron')) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/new BrowserWindow\(/g)) {
        const window = text.slice(m.index, m.index + 600);
        for (const needed of ['sandbox: true', 'contextIsolation: true', 'nodeIntegration: false', 'webSecurity: true']) expect(window, `${f}: ${needed}`).toContain(needed);
        expect(window).not.toMatch(/webSecurity: false|allowRunningInsecureContent: true|nodeIntegration: true/);
      }
    }
  });
});
