import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { WatchdeskApp } from '../electron/core/app.js';
import { hashPassword } from '../electron/core/auth/passwords.js';
import { haloDeviceType } from '../shared/halo/builtin.js';
import { Api, connect, startApp, until } from './support/app.js';

let app: WatchdeskApp | null = null;
afterEach(async () => { await app?.stop(); app = null; });

describe('sessions and authentication', () => {
  it('serves health without a session and everything else only with one', async () => {
    const started = await startApp();
    app = started.app;
    const anon = new Api(started.ready.url);
    expect((await anon.get('/health')).status).toBe(200);
    for (const path of ['/devices', '/events', '/ingest/stats', '/tcp-servers', '/device-types', '/devices/1/series?point=Noise']) {
      const r = await anon.get(path);
      expect(r.status, path).toBe(401);
      expect(r.body.error.code).toBe('unauthorized');
    }
    const forged = await anon.request('GET', '/devices', undefined, 'not-a-token');
    expect(forged.status).toBe(401);
  });

  it('refuses a wrong password or an unknown operator with 401, and bad bodies with clear errors', async () => {
    const started = await startApp();
    app = started.app;
    const anon = new Api(started.ready.url);
    expect((await anon.request('POST', '/sessions', { username: 'admin', password: 'wrong-password' })).status).toBe(401);
    expect((await anon.request('POST', '/sessions', { username: 'nobody', password: 'wrong-password' })).status).toBe(401);
    expect((await anon.request('POST', '/sessions', '{"username":')).body.error.code).toBe('invalid_json');
    expect((await anon.request('POST', '/sessions', { username: 'admin' })).body.error.message).toMatch(/password/);
    const stored = app.store.findOperator('admin')!;
    expect(stored.passwordHash).toMatch(/^scrypt\$/);
  });

  it('slows down password guessing from one address', async () => {
    const started = await startApp();
    app = started.app;
    const anon = new Api(started.ready.url);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await anon.request('POST', '/sessions', { username: 'admin', password: `guess-${i}` })).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    const blocked = await anon.request('POST', '/sessions', { username: 'admin', password: 'test-password-1' });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.message).toMatch(/too many failed logins/);
    const failed = app.store.listAudit({ action: 'login.failed', limit: 100 });
    expect(failed.length).toBeGreaterThanOrEqual(10);
  });

  it('enforces roles in the core, not just the UI', async () => {
    const started = await startApp();
    app = started.app;
    app.store.createOperator('olga', 'operator', await hashPassword('operator-pass'));
    const olga = new Api(started.ready.url);
    await olga.login('olga', 'operator-pass');
    expect((await olga.get('/devices')).status).toBe(200);
    const r = await olga.post('/devices', { name: 'X', deviceId: 'X', typeId: 'halo', serverId: 1 });
    expect(r.status).toBe(403);
    expect((await olga.request('PUT', '/demo', { enabled: true })).status).toBe(403);
  });

  it('logs out', async () => {
    const { app: a, api } = await startApp();
    app = a;
    expect((await api.request('DELETE', '/sessions/current')).status).toBe(204);
    expect((await api.get('/devices')).status).toBe(401);
  });
});

describe('device types over the API', () => {
  it('exports the built-in HALO type and imports a copy, reporting collisions', async () => {
    const { app: a, api } = await startApp();
    app = a;
    const exported = (await api.get('/device-types/halo/export')).body;
    expect(exported.dataPoints).toHaveLength(44);
    expect(exported.events).toHaveLength(26);
    const copy = { ...exported, id: 'halo-genetec', name: 'HALO (Genetec preset)', events: [...exported.events, { name: 'Noise', regex: 'Noise=@([^@]+)@' }] };
    const created = await api.post('/device-types', copy);
    expect(created.status).toBe(201);
    expect(created.body.collisions).toEqual([expect.objectContaining({ event: 'Noise', dataPoint: 'Noise' })]);
    expect((await api.post('/device-types', copy)).status).toBe(409);
    expect((await api.request('PUT', '/device-types/halo', exported)).status).toBe(409);
  });

  it('rejects a bad regex at import with the field named', async () => {
    const { app: a, api } = await startApp();
    app = a;
    const type = { ...haloDeviceType(), id: 'broken' };
    type.dataPoints[3] = { ...type.dataPoints[3]!, regex: 'AQI=@([^@]+@' };
    const r = await api.post('/device-types', type);
    expect(r.status).toBe(400);
    expect(r.body.error.details[0]).toMatch(/^dataPoints\[3\]\.regex: is not a valid regular expression/);
  });

  it('generates the HALO strings for a server', async () => {
    const { app: a, api } = await startApp();
    app = a;
    const r = (await api.get('/tcp-servers/1/halo-strings?typeId=halo')).body;
    expect(r.set).toBe('DeviceId=%NAME% Event=@%EID%@ State=@Set@ Source=@%SOURCE%@ Value=@%VAL%@ Threshold=@%THR%@;');
    expect(r.warnings).toEqual([]);
  });
});

describe('history and stream', () => {
  it('downsamples a series on the server to maxPoints', async () => {
    const { app: a, api, ready } = await startApp();
    app = a;
    const device = (await api.post('/devices', { name: 'Gym', deviceId: 'Gym', typeId: 'halo', serverId: 1 })).body;
    const s = await connect(ready.tcpPort!);
    let text = '';
    for (let i = 0; i < 5000; i++) text += `DeviceId=Gym Noise=@${i % 100}@;`;
    s.write(text);
    await until('5000 stored', async () => (await api.get('/ingest/stats')).body, (st) => st.storedFrames === 5000);
    const r = (await api.get(`/devices/${device.id}/series?point=Noise&from=0&maxPoints=300`)).body;
    expect(r).toMatchObject({ point: 'Noise', unit: 'dB', total: 5000 });
    expect(r.samples).toHaveLength(300);
    expect((await api.get(`/devices/${device.id}/series?from=0`)).status).toBe(400);
    expect((await api.get(`/devices/${device.id}/series?point=Noise&from=abc`)).status).toBe(400);
    s.destroy();
  });

  it('streams batched deltas: a snapshot, then at most ~10 messages a second under load', async () => {
    const { app: a, api, ready } = await startApp();
    app = a;
    await api.post('/devices', { name: 'Gym', deviceId: 'Gym', typeId: 'halo', serverId: 1 });
    const unauthorised = new WebSocket(`${ready.url.replace('http', 'ws')}api/v1/stream`);
    await new Promise((resolve) => unauthorised.on('error', resolve));
    const ws = new WebSocket(`${ready.url.replace('http', 'ws')}api/v1/stream?token=${api.token}`);
    const messages: Array<{ type: string; devices: Array<{ latest: Record<string, { v: number }> }> }> = [];
    ws.on('message', (data) => messages.push(JSON.parse(String(data))));
    await until('snapshot', () => messages.length, (n) => n >= 1);
    expect(messages[0]!.type).toBe('snapshot');
    const s = await connect(ready.tcpPort!);
    const started = Date.now();
    let i = 0;
    while (Date.now() - started < 1000) {
      for (let k = 0; k < 50; k++) s.write(`DeviceId=Gym Noise=@${i++}@;`);
      await new Promise((r) => setTimeout(r, 5));
    }
    const last = i - 1;
    await until('last value on the stream', () => messages, (m) => m.some((x) => x.devices?.some((d) => d.latest.Noise?.v === last)));
    const deltas = messages.filter((m) => m.type === 'delta').length;
    const seconds = (Date.now() - started) / 1000;
    expect(i).toBeGreaterThan(1000);
    expect(deltas / seconds).toBeLessThanOrEqual(12);
    ws.close();
    s.destroy();
  });
});

describe('the demo site', () => {
  it('starts with an hour of history on each simulated HALO, and leaves nothing behind when switched off', async () => {
    const started = await startApp({ demo: true });
    app = started.app;
    const { api } = started;
    const devices = await until('demo devices', async () => (await api.get('/devices')).body as Array<{ id: number; deviceId: string; demo: boolean }>, (d) => d.length === 8);
    expect(devices.every((d) => d.demo)).toBe(true);
    const bath = devices.find((d) => d.deviceId === 'Bath2F')!;
    const series = (await api.get(`/devices/${bath.id}/series?point=Noise&from=${Date.now() - 3_600_000}&maxPoints=500`)).body as { total: number; samples: Array<[number, number]> };
    expect(series.total).toBeGreaterThanOrEqual(119);
    expect(series.samples.every(([, v]) => v > 20 && v < 120)).toBe(true);
    expect((await api.request('PUT', '/demo', { enabled: false })).status).toBe(200);
    expect((await api.get('/devices')).body).toEqual([]);
  });
});
