import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WatchdeskApp } from '../electron/core/app.js';
import type { StreamMessage, StreamState } from '../shared/bridge.js';
import type { WireReply } from '../shared/bridge-channels.js';
import { handleAppRequest } from '../electron/shell/app-protocol.js';
import { IpcHost } from '../electron/shell/ipc-host.js';
import { CertificateError, RemoteHost } from '../electron/shell/remote-host.js';
import { remoteStreamToPort } from '../electron/shell/stream-port.js';
import { connectionFile, loadConnection, parseNodeUrl, saveConnection, windowTitle } from '../electron/shell/remote-node.js';
import { Api, PASSWORD, connect, startApp, tempDir, until } from './support/app.js';
import { restart } from './support/restart.js';

const NOISE = { id: 'NOISE', name: 'NOISE', priority: 10, category: 'safety', procedure: 'Send the nearest guard.' };
const NOISE_RULE = { id: 'halo-noise', name: 'Noise above 60', when: { type: 'data', deviceTypeId: 'halo', point: 'Noise', op: '>', value: 60 }, do: [{ type: 'trigger-alarm', alarmId: 'NOISE' }] };
const FAST = { firstMs: 50, maxMs: 400 };

/** What the renderer would receive: every reply and every stream message, as the IPC and port carry them. */
class Renderer {
  replies: WireReply[] = [];
  messages: StreamMessage[] = [];
  states: Array<[StreamState, string | undefined]> = [];
  constructor(private readonly host: IpcHost) {}
  async call(name: string, input: unknown = {}): Promise<WireReply> {
    const reply = await this.host.handle(name, input);
    this.replies.push(JSON.parse(JSON.stringify(reply ?? null)) as WireReply);
    return reply;
  }
  get state(): StreamState | undefined {
    return this.states.at(-1)?.[0];
  }
  seen(): string {
    return JSON.stringify([this.replies, this.messages, this.states]);
  }
}

describe('RemoteHost: the desktop as the console of a remote node', () => {
  let app: WatchdeskApp;
  let port: number;
  let tcpPort: number;
  let remote: RemoteHost;
  let host: IpcHost;
  let renderer: Renderer;
  const logged: string[] = [];
  beforeAll(async () => {
    let ready;
    ({ app, ready } = await startApp());
    port = ready.port;
    tcpPort = ready.tcpPort!;
    remote = new RemoteHost(parseNodeUrl(ready.url), { log: (m) => logged.push(m), backoff: FAST, heartbeatMs: 500 });
    host = new IpcHost(remote, (m) => logged.push(m));
    renderer = new Renderer(host);
  });
  afterAll(async () => { remote.close(); await app.stop(); });

  it('calls a route on the node; a 401 asks for sign-in, and the token stays in main', async () => {
    expect(await renderer.call('devices.list')).toMatchObject({ ok: false, status: 401 });
    expect(host.loggedIn).toBe(false);
    const login = await renderer.call('sessions.create', { body: { username: 'admin', password: PASSWORD } });
    expect(login).toMatchObject({ ok: true, value: { username: 'admin', role: 'admin' } });
    expect(host.loggedIn).toBe(true);
    expect(await renderer.call('devices.list')).toEqual({ ok: true, value: [] });
    expect(await renderer.call('alarms.acknowledge', { params: { id: 999 } })).toMatchObject({ ok: false, status: 404, code: 'not_found' });
    expect(await renderer.call('demo.set', { body: { enabled: 'yes' } })).toMatchObject({ ok: false, status: 400 });
    expect(await renderer.call('sessions.current')).toMatchObject({ ok: true, value: { username: 'admin' } });
  });

  it('streams the node live: an alarm raised there arrives as a delta', async () => {
    const admin = new Api(`${remote.origin}/`);
    await admin.login('admin', PASSWORD);
    expect((await admin.post('/alarm-definitions', NOISE)).status).toBe(201);
    expect((await admin.post('/rules', NOISE_RULE)).status).toBe(201);
    expect((await admin.post('/devices', { name: 'Bathroom 11', deviceId: 'Bath11', typeId: 'halo', serverId: 1 })).status).toBe(201);
    const stop = remote.stream(() => host.sessionToken, (m) => renderer.messages.push(m), (s, r) => renderer.states.push([s, r]));
    await until('live', () => renderer.state, (s) => s === 'live');
    await until('snapshot', () => renderer.messages[0]?.type, (t) => t === 'snapshot');
    const halo = await connect(tcpPort);
    halo.write('DeviceId=Bath11 Noise=@61.5@;');
    const alarm = await until('the alarm on the stream', () => renderer.messages.flatMap((m) => m.alarms ?? []).find((a) => a.name === 'NOISE'), (a) => a?.state === 'unack');
    expect(alarm).toMatchObject({ priority: 10, source: { name: 'Bathroom 11' } });
    halo.destroy();
    stop();
  });

  it('reconnects after the node restarts, and resumes with a fresh snapshot', async () => {
    renderer.messages = [];
    renderer.states = [];
    const stop = remote.stream(() => host.sessionToken, (m) => renderer.messages.push(m), (s, r) => renderer.states.push([s, r]));
    await until('live', () => renderer.state, (s) => s === 'live');
    const next = restart(app, { port, tcpPort });
    // The console shows the lost node ("closed", then "connecting" while it tries again).
    await until('lost', () => renderer.states.map(([s]) => s).join(','), (s) => s.includes('live,closed'));
    ({ app } = await next);
    await until('live again', () => renderer.state, (s) => s === 'live', 15_000);
    await until('a fresh snapshot', () => renderer.messages.filter((m) => m.type === 'snapshot').length, (n) => n >= 2);
    const latest = renderer.messages.filter((m) => m.type === 'snapshot').at(-1)!;
    expect(latest.type === 'snapshot' && latest.alarms.find((a) => a.name === 'NOISE')).toMatchObject({ state: 'unack' });
    // The same session still holds: calls go on without signing in again.
    expect(await renderer.call('devices.list')).toMatchObject({ ok: true });
    stop();
  });

  it('notices a node gone silent (no pong) and reconnects once it answers again', async () => {
    // A link that stops carrying anything without closing: a cable pulled somewhere between.
    let frozen = false;
    const links = new Set<net.Socket>();
    const front = net.createServer((client) => {
      const upstream = net.connect(port, '127.0.0.1');
      links.add(client);
      client.on('data', (d) => { if (!frozen) upstream.write(d); });
      upstream.on('data', (d) => { if (!frozen) client.write(d); });
      client.on('close', () => { links.delete(client); upstream.destroy(); });
      upstream.on('close', () => client.destroy());
      client.on('error', () => undefined);
      upstream.on('error', () => undefined);
    });
    await new Promise<void>((r) => front.listen(0, '127.0.0.1', r));
    const silentPort = (front.address() as net.AddressInfo).port;
    const watcher = new RemoteHost(parseNodeUrl(`http://127.0.0.1:${silentPort}`), { backoff: FAST, heartbeatMs: 150 });
    const states: StreamState[] = [];
    const stop = watcher.stream(() => host.sessionToken, () => undefined, (s) => states.push(s));
    await until('live', () => states.at(-1), (s) => s === 'live');
    frozen = true;
    await until('lost', () => states.at(-1), (s) => s === 'closed' || s === 'connecting', 5_000);
    for (const l of links) l.destroy();
    frozen = false;
    await until('live again', () => states.at(-1), (s) => s === 'live', 15_000);
    stop();
    watcher.close();
    front.close();
  });

  it('answers a lost node as unavailable, not as an error of the console', async () => {
    const lost = new RemoteHost(parseNodeUrl('http://127.0.0.1:1'));
    expect(await new IpcHost(lost, () => undefined).handle('health.get', {})).toMatchObject({ ok: false, status: 503, code: 'unavailable', message: expect.stringMatching(/cannot be reached \(ECONNREFUSED\)/) });
    expect(await lost.check()).toMatchObject({ ok: false });
    lost.close();
  });

  it("puts the stream's state on the window's port beside its messages, without the token", async () => {
    const posted: unknown[] = [];
    const stop = remoteStreamToPort(remote, () => host.sessionToken, { postMessage: (m) => posted.push(m) });
    await until('live on the port', () => posted.filter((m) => (m as { type: string }).type === 'stream-state').at(-1), (m) => (m as { state?: string } | undefined)?.state === 'live');
    await until('a snapshot on the port', () => posted.some((m) => (m as { type: string }).type === 'snapshot'), Boolean);
    stop();
    expect(posted[0]).toEqual({ type: 'stream-state', state: 'connecting' });
    expect(JSON.stringify(posted)).not.toContain(host.sessionToken!);
    const ended: unknown[] = [];
    remoteStreamToPort(remote, () => null, { postMessage: (m) => ended.push(m) });
    expect(ended).toEqual([{ type: 'stream-state', state: 'closed', reason: 'Signed out: this session ended' }]);
  });

  it('goes only to the configured node', async () => {
    for (const url of ['//evil.example/api/v1/health', 'http://evil.example/api/v1/health', 'api/v1/health']) {
      expect(await remote.inject({ method: 'GET', url, token: host.sessionToken })).toMatchObject({ status: 503, body: { error: { message: expect.stringMatching(/refused a request outside the server/) } } });
    }
    expect((await remote.fetch('//evil.example/x')).status).toBe(503);
    expect((await remote.fetch('/api/v1/health')).status).toBe(200);
  });

  it('ends the stream with the reason when the session ends, and never hands the token to the renderer', async () => {
    renderer.states = [];
    const token = host.sessionToken!;
    const stop = remote.stream(() => host.sessionToken, (m) => renderer.messages.push(m), (s, r) => renderer.states.push([s, r]));
    await until('live', () => renderer.state, (s) => s === 'live');
    // Logged out from elsewhere (a script, an administrator's reset).
    await fetch(`${remote.origin}/api/v1/sessions/current`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    await until('signed out', () => renderer.states.at(-1), (s) => s?.[0] === 'closed' && s[1] !== undefined);
    expect(renderer.states.at(-1)![1]).toMatch(/^Signed out/);
    expect(await renderer.call('devices.list')).toMatchObject({ ok: false, status: 401 });
    expect(host.loggedIn).toBe(false);
    stop();
    expect(renderer.messages.length).toBeGreaterThan(2);
    expect(renderer.seen()).not.toContain(token);
    expect(renderer.seen()).not.toMatch(/"token"/);
  });
});

/** A self-signed certificate for 127.0.0.1, made with openssl as an administrator would. */
function selfSigned(dir: string, name: string): { key: string; cert: string } {
  const key = join(dir, `${name}.key`);
  const cert = join(dir, `${name}.crt`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', `/CN=${name}`, '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
  return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
}

/** TLS in front of the node, as a reverse proxy terminates it; its certificate can be swapped. */
function tlsFront(target: number, identity: { key: string; cert: string }): Promise<{ server: tls.Server; port: number; swap(next: { key: string; cert: string }): void }> {
  const server = tls.createServer(identity, (client) => {
    const upstream = net.connect(target, '127.0.0.1');
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    server, port: (server.address() as net.AddressInfo).port,
    swap: (next) => server.setSecureContext(next),
  })));
}

describe('RemoteHost over TLS: a self-signed certificate only when pinned', () => {
  let app: WatchdeskApp;
  let front: Awaited<ReturnType<typeof tlsFront>>;
  let first: { key: string; cert: string };
  let second: { key: string; cert: string };
  const hosts: RemoteHost[] = [];
  beforeAll(async () => {
    const dir = tempDir();
    first = selfSigned(dir, 'node-a');
    second = selfSigned(dir, 'node-b');
    const started = await startApp();
    app = started.app;
    front = await tlsFront(started.ready.port, first);
  });
  afterEach(() => { for (const h of hosts.splice(0)) h.close(); });
  afterAll(async () => { front.server.close(); await app.stop(); });

  const fingerprintOf = (pem: string): string => new X509Certificate(pem).fingerprint256;

  it('refuses an unpinned self-signed certificate and shows its fingerprint', async () => {
    const remote = new RemoteHost(parseNodeUrl(`https://127.0.0.1:${front.port}`));
    hosts.push(remote);
    const checked = await remote.check();
    expect(checked.ok).toBe(false);
    const error = (checked as { error: Error }).error;
    expect(error).toBeInstanceOf(CertificateError);
    expect(error).toMatchObject({ kind: 'untrusted', fingerprint: fingerprintOf(first.cert) });
    expect(error.message).toMatch(/not trusted .*SHA-256 fingerprint is [0-9A-F:]{95}/);
    expect(remote.fingerprint).toBe(fingerprintOf(first.cert));
    const host = new IpcHost(remote, () => undefined);
    expect(await host.handle('sessions.create', { body: { username: 'admin', password: PASSWORD } })).toMatchObject({ ok: false, status: 502, code: 'certificate_untrusted' });
  });

  it('works once pinned, the stream too; a changed certificate is refused with a clear error', async () => {
    const remote = new RemoteHost(parseNodeUrl(`https://127.0.0.1:${front.port}`), { pin: fingerprintOf(first.cert), backoff: FAST });
    hosts.push(remote);
    expect(await remote.check()).toEqual({ ok: true });
    const host = new IpcHost(remote, () => undefined);
    expect(await host.handle('sessions.create', { body: { username: 'admin', password: PASSWORD } })).toMatchObject({ ok: true, value: { username: 'admin' } });
    expect(await host.handle('devices.list', {})).toEqual({ ok: true, value: [] });
    // Video and images for an <img> go through app://, fetched from the node by the same rule.
    const snapshot = await handleAppRequest(new Request('app://watchdesk/api/v1/cameras/77/snapshot?ticket=nope'), tempDir(), () => remote.origin, remote.fetchUrl);
    expect([401, 403, 404]).toContain(snapshot.status);
    expect((await remote.fetchUrl('https://evil.example/api/v1/health')).status).toBe(403);
    expect((await remote.fetchUrl(`${remote.origin}/api/v1/health`)).status).toBe(200);
    const states: StreamState[] = [];
    const messages: StreamMessage[] = [];
    const stop = remote.stream(() => host.sessionToken, (m) => messages.push(m), (s) => states.push(s));
    await until('a snapshot over wss', () => messages[0]?.type, (t) => t === 'snapshot');

    // The node now presents another certificate: someone in between, or a replacement nobody confirmed.
    front.swap(second);
    remote.setPin(remote.pinned);
    const refused = await host.handle('devices.list', {});
    expect(refused).toMatchObject({ ok: false, status: 502, code: 'certificate_changed' });
    expect((refused as { message: string }).message).toContain(`it was ${fingerprintOf(first.cert)}, it is now ${fingerprintOf(second.cert)}`);
    // Pinning the new one (after the administrator confirmed it) lets it through again.
    remote.setPin(fingerprintOf(second.cert));
    expect(await host.handle('devices.list', {})).toEqual({ ok: true, value: [] });
    await until('the stream back', () => states.at(-1), (s) => s === 'live');
    stop();
    front.swap(first);
  });

  it('refuses plain http to another computer unless --insecure, and says so in the title', () => {
    expect(() => parseNodeUrl('http://watchdesk.site.example')).toThrow(/--insecure/);
    expect(parseNodeUrl('http://watchdesk.site.example', true)).toEqual({ origin: 'http://watchdesk.site.example', insecure: true });
    expect(parseNodeUrl('http://localhost:8080')).toEqual({ origin: 'http://localhost:8080', insecure: false });
    expect(parseNodeUrl('watchdesk.site.example:8443')).toEqual({ origin: 'https://watchdesk.site.example:8443', insecure: false });
    expect(() => parseNodeUrl('https://admin:pw@node')).toThrow(/user name or password/);
    expect(() => parseNodeUrl('https://node/console')).toThrow(/without a path/);
    expect(() => parseNodeUrl('ftp://node')).toThrow(/https/);
    expect(windowTitle(parseNodeUrl('http://10.0.0.5:8080', true))).toBe('Watchdesk — 10.0.0.5:8080 — NOT ENCRYPTED (--insecure)');
    expect(windowTitle(parseNodeUrl('https://node.example'))).toBe('Watchdesk — node.example');
  });

  it('remembers the choice in the user-data folder, and ignores a damaged file', () => {
    const file = connectionFile(tempDir());
    expect(loadConnection(file)).toBeNull();
    saveConnection(file, { mode: 'remote', url: 'https://node.example', pin: fingerprintOf(first.cert), insecure: false });
    expect(loadConnection(file)).toEqual({ mode: 'remote', url: 'https://node.example', pin: fingerprintOf(first.cert), insecure: false });
    saveConnection(file, { mode: 'local' });
    expect(loadConnection(file)).toEqual({ mode: 'local' });
    writeFileSync(file, '{"mode":"remote","url":"x","pin":"not a fingerprint"}');
    const notes: string[] = [];
    expect(loadConnection(file, (m) => notes.push(m))).toBeNull();
    expect(notes[0]).toMatch(/connection.json ignored: pin/);
  });
});
