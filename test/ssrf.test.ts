import dns from 'node:dns/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import type { WatchdeskApp } from '../electron/core/app.js';
import { startApp, until, type Api } from './support/app.js';

// Issue 12, item 8: the camera proxy and rule http actions must not be an SSRF oracle.

let app: WatchdeskApp | null = null;
const servers: http.Server[] = [];
afterEach(async () => {
  await app?.stop();
  app = null;
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => { s.closeAllConnections(); s.close(r); })));
});

async function start(overrides: Parameters<typeof startApp>[0] = {}): Promise<{ api: Api; url: string; log: string[] }> {
  const log: string[] = [];
  const started = await startApp(overrides, (m) => log.push(m));
  app = started.app;
  return { api: started.api, url: started.ready.url, log };
}

/** A local HTTP server that counts what reaches it. */
async function local(handler: http.RequestListener): Promise<{ port: number; hits: () => number }> {
  let hits = 0;
  const server = http.createServer((req, res) => { hits++; handler(req, res); });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { port: (server.address() as AddressInfo).port, hits: () => hits };
}

async function snapshot(api: Api, id: number): Promise<{ status: number; text: string; type: string | null }> {
  const res = await fetch(`${api.base}api/v1/cameras/${id}/snapshot`, { headers: { authorization: `Bearer ${api.token}` } });
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') };
}

describe('camera targets', () => {
  it('refuses loopback, link-local, unspecified and metadata targets by default, naming the field', async () => {
    const { api, url } = await start();
    const health = `${url}api/v1/health`;
    for (const target of [health, 'http://localhost:8080/x', 'http://169.254.169.254/latest/meta-data/', 'http://[::1]/x', 'http://[fe80::1]/x', 'http://0.0.0.0/x', 'http://[::ffff:127.0.0.1]/x']) {
      const r = await api.post('/cameras', { name: 'Probe', snapshotUrl: target });
      expect(r.status, target).toBe(400);
      expect(r.body.error.details.join(' ')).toMatch(/^snapshotUrl: /);
    }
    expect((await api.get('/cameras')).body).toEqual([]);
  });

  it('checks the addresses a host name resolves to, and tells operators only "camera unreachable"', async () => {
    const name = hostname();
    const addresses = (await dns.lookup(name, { all: true })).map((a) => a.address);
    if (!addresses.some((a) => a.startsWith('127.') || a === '::1')) return; // this host's name is not loopback here
    const { api, url, log } = await start();
    const port = new URL(url).port;
    const camera = (await api.post('/cameras', { name: 'Named', snapshotUrl: `http://${name}:${port}/api/v1/health` })).body;
    const r = await snapshot(api, camera.id);
    expect(r.status).toBe(502);
    expect(JSON.parse(r.text).error.message).toBe('camera unreachable');
    expect(r.text).not.toContain('"ok"');
    expect(log.join('\n')).toMatch(new RegExp(`refused: ${name} resolves to 127\\.`));
  });

  it('with local targets allowed, passes only JPEG snapshots: the API\'s own JSON is refused', async () => {
    const { api, url, log } = await start({ allowLocalTargets: true });
    const camera = (await api.post('/cameras', { name: 'Probe', snapshotUrl: `${url}api/v1/health` })).body;
    const r = await snapshot(api, camera.id);
    expect(r.status).toBe(502);
    expect(r.type).not.toBe('image/jpeg');
    expect(JSON.parse(r.text).error.message).toBe('camera unreachable');
    expect(log.join('\n')).toMatch(/snapshot: the snapshot is not a JPEG \(application\/json/);
  });

  it('gives one answer for a closed port, a 401 and a non-JPEG, so the proxy scans no ports', async () => {
    const { api } = await start({ allowLocalTargets: true });
    const closedPort = await local(() => undefined);
    servers[0]!.close();
    const unauthorised = await local((_q, res) => { res.writeHead(401); res.end(); });
    const answers = new Set<string>();
    for (const port of [closedPort.port, unauthorised.port]) {
      const camera = (await api.post('/cameras', { name: `P${port}`, snapshotUrl: `http://127.0.0.1:${port}/snap.jpg` })).body;
      const r = await snapshot(api, camera.id);
      answers.add(`${r.status} ${JSON.parse(r.text).error.message}`);
    }
    expect([...answers]).toEqual(['502 camera unreachable']);
  });

  it('refuses a stream that is not multipart JPEG', async () => {
    const { api } = await start({ allowLocalTargets: true });
    const fake = await local((_q, res) => {
      res.writeHead(200, { 'content-type': 'multipart/x-mixed-replace; boundary=b' });
      res.write('--b\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{"ok":true}\r\n--b\r\n');
    });
    const camera = (await api.post('/cameras', { name: 'Fake', mjpegUrl: `http://127.0.0.1:${fake.port}/stream` })).body;
    const frames: Buffer[] = [];
    const viewer = http.get(`${api.base}api/v1/cameras/${camera.id}/stream`, { headers: { authorization: `Bearer ${api.token}` } }, (res) => res.on('data', (d: Buffer) => frames.push(d)));
    viewer.on('error', () => undefined);
    const state = await until('refused', async () => (await api.get(`/cameras/${camera.id}`)).body, (c) => c.state === 'unreachable');
    expect(state.error).toBe('camera unreachable');
    expect(Buffer.concat(frames).toString()).not.toContain('"ok"');
    viewer.destroy();
  });

  it('keeps the demo\'s own loopback cameras working without allowing local targets', async () => {
    const { api } = await start({ demo: true });
    const cameras = await until('demo cameras', async () => (await api.get('/cameras')).body, (c) => c.length > 0);
    const r = await fetch(`${api.base}api/v1/cameras/${cameras[0].id}/snapshot`, { headers: { authorization: `Bearer ${api.token}` } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('image/jpeg');
  });
});

describe('rule http actions', () => {
  it('do not reach a local target unless an admin allows it', async () => {
    const { api, log } = await start();
    const target = await local((_q, res) => res.end('ok'));
    const rule = { id: 'hook', name: 'Hook', when: { type: 'event', origin: 'http', captionContains: 'Ping' }, do: [{ type: 'http', url: `http://127.0.0.1:${target.port}/hook` }] };
    expect((await api.post('/rules', rule)).status).toBe(201);
    app!.acceptGenericEvent({ timestamp: Date.now(), source: 'x', caption: 'Ping', description: '', kind: 'instant', metadata: null });
    const failed = await until('the failure event', async () => (await api.get('/events?caption=Rule%20action%20failed')).body, (e) => e.length === 1);
    expect(failed[0].description).toBe(`HTTP GET http://127.0.0.1:${target.port}/hook failed: target unreachable`);
    expect(target.hits()).toBe(0);
    expect(log.join('\n')).toMatch(/refused: 127\.0\.0\.1 is a loopback address/);

    expect((await api.request('PUT', '/settings/allow-local-targets', { enabled: true })).body).toEqual({ enabled: true });
    app!.acceptGenericEvent({ timestamp: Date.now(), source: 'x', caption: 'Ping', description: '', kind: 'instant', metadata: null });
    await until('the hook called', () => target.hits(), (n) => n === 1);
  });
});
