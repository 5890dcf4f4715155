import { afterEach, describe, expect, it } from 'vitest';
import type { WatchdeskApp } from '../electron/core/app.js';
import { closed, connect, startApp, until, type Api } from './support/app.js';

let app: WatchdeskApp | null = null;
afterEach(async () => { await app?.stop(); app = null; });

async function withDevice(deviceId = 'Bath2F', overrides: Record<string, unknown> = {}) {
  const started = await startApp();
  app = started.app;
  const created = await started.api.post('/devices', { name: 'Bathroom 2F', deviceId, typeId: 'halo', serverId: 1, ...overrides });
  expect(created.status).toBe(201);
  return { ...started, device: created.body as { id: number } };
}

const stats = async (api: Api) => (await api.get('/ingest/stats')).body;

describe('HALO TCP ingest over real sockets', () => {
  it('stores every value of frames split across segments, multi-byte UTF-8 included', async () => {
    const { api, ready, device } = await withDevice('Café');
    const s = await connect(ready.tcpPort!);
    const text = Buffer.from('DeviceId=Café Noise=@48@ PM2.5=@3@;DeviceId=Café Noise=@49@ PM2.5=@4@;\r\n', 'utf8');
    // Split inside the é (0xC3 0xA9) and inside a value.
    for (const part of [text.subarray(0, 13), text.subarray(13, 30), text.subarray(30)]) {
      s.write(part);
      await new Promise((r) => setImmediate(r));
    }
    await until('two stored frames', () => stats(api), (st) => st.storedFrames === 2);
    const series = await api.get(`/devices/${device.id}/series?point=Noise&from=0`);
    expect(series.body.samples.map((x: [number, number]) => x[1])).toEqual([48, 49]);
    const devices = (await api.get('/devices')).body;
    expect(devices[0]).toMatchObject({ deviceId: 'Café', online: true, latest: { Noise: { v: 49 }, 'PM2.5': { v: 4 } } });
    s.destroy();
  });

  it('counts unknown device ids as unmatched with counts and last-seen, and creates them when told to', async () => {
    const { api, ready } = await withDevice('Bath2F');
    const s = await connect(ready.tcpPort!);
    s.write('DeviceId=Bath2f Noise=@48@;DeviceId=Bath2f Noise=@49@;Noise=@1@;');
    const st = await until('unmatched', () => stats(api), (x) => x.unmatched === 2 && x.rejected === 1);
    expect(st.unmatchedIds).toMatchObject([{ deviceId: 'Bath2f', count: 2, serverId: 1 }]);
    expect(st.unmatchedIds[0].lastSeen).toBeGreaterThan(Date.now() - 10_000);

    const server = (await api.get('/tcp-servers/1')).body;
    const put = await api.request('PUT', '/tcp-servers/1', { ...server, id: undefined, boundPort: undefined, listening: undefined, connections: undefined, error: undefined, port: 0, autoCreateDevices: true });
    expect(put.status).toBe(200);
    const s2 = await connect(put.body.boundPort);
    s2.write('DeviceId=NewRoom Noise=@50@;');
    const devices = await until('auto-created device', async () => (await api.get('/devices')).body, (d) => d.some((x: { deviceId: string; latest: Record<string, unknown> }) => x.deviceId === 'NewRoom' && x.latest.Noise));
    expect(devices.find((d: { deviceId: string }) => d.deviceId === 'NewRoom')).toMatchObject({ name: 'NewRoom', typeId: 'halo' });
    s.destroy();
    s2.destroy();
  });

  it('closes only the connection that sends an oversized frame', async () => {
    const { api, ready, device } = await withDevice();
    const server = (await api.get('/tcp-servers/1')).body;
    const { id: _id, boundPort: _b, listening: _l, connections: _c, error: _e, ...config } = server;
    const updated = (await api.request('PUT', '/tcp-servers/1', { ...config, maxFrameBytes: 1024 })).body;
    const good = await connect(updated.boundPort);
    const bad = await connect(updated.boundPort);
    bad.on('error', () => undefined);
    bad.write(`DeviceId=Bath2F ${'x'.repeat(2000)}`);
    await closed(bad);
    good.write('DeviceId=Bath2F Noise=@55@;');
    await until('the good frame stored', () => stats(api), (st) => st.storedFrames === 1 && st.oversized === 1);
    expect((await api.get(`/devices/${device.id}/series?point=Noise&from=0`)).body.samples).toHaveLength(1);
    good.destroy();
    void ready;
  });

  it('serves many connections at once, caps them, and closes idle ones', async () => {
    const { api, ready } = await withDevice();
    const sockets = await Promise.all(Array.from({ length: 200 }, () => connect(ready.tcpPort!)));
    sockets.forEach((s, i) => s.write(`DeviceId=Bath2F Noise=@${i}@;`));
    await until('200 frames', () => stats(api), (st) => st.storedFrames === 200 && st.connections === 200);
    sockets.forEach((s) => s.destroy());

    const server = (await api.get('/tcp-servers/1')).body;
    const { id: _id, boundPort: _b, listening: _l, connections: _c, error: _e, ...config } = server;
    const updated = (await api.request('PUT', '/tcp-servers/1', { ...config, maxConnections: 2, idleTimeoutS: 1 })).body;
    // Two sensors that have sent a frame fill the cap: a third connection is refused.
    const a = await connect(updated.boundPort);
    const b = await connect(updated.boundPort);
    a.write('DeviceId=Bath2F Noise=@1@;');
    b.write('DeviceId=Bath2F Noise=@2@;');
    await until('both frames stored', () => stats(api), (st) => st.storedFrames === 202);
    const c = await connect(updated.boundPort);
    c.on('error', () => undefined);
    await closed(c);
    await Promise.all([closed(a), closed(b)]);
    const st = await stats(api);
    expect(st.connectionsRejected).toBe(1);
    expect(st.idleClosed).toBe(2);
  });

  it('marks a silent device offline after its timeout', async () => {
    const { api, ready, device } = await withDevice('Bath2F', { offlineAfterS: 1 });
    const s = await connect(ready.tcpPort!);
    s.write('DeviceId=Bath2F Noise=@48@;');
    await until('online', async () => (await api.get(`/devices/${device.id}`)).body, (d) => d.online === true);
    await until('offline', async () => (await api.get(`/devices/${device.id}`)).body, (d) => d.online === false, 5000);
    const events = (await api.get(`/events?deviceId=${device.id}`)).body.map((e: { name: string }) => e.name);
    expect(events).toEqual(['Device offline', 'Device online']);
    s.destroy();
  });

  it('writes nothing for a device deleted while its samples wait in the batch', async () => {
    const started = await startApp({ batchFlushMs: 250 });
    app = started.app;
    const { app: a, api, ready } = started;
    const device = (await api.post('/devices', { name: 'Bathroom 2F', deviceId: 'Bath2F', typeId: 'halo', serverId: 1 })).body as { id: number };
    const s = await connect(ready.tcpPort!);
    s.write('DeviceId=Bath2F Noise=@48@;');
    await until('frame waiting in the batch', () => a.batcher.pendingFrames, (n) => n === 1);
    expect((await api.request('DELETE', `/devices/${device.id}`)).status).toBe(204);
    a.batcher.flush();
    expect(a.store.seriesColumns(device.id, 'Noise', 0, Date.now()).times).toHaveLength(0);
    expect(a.batcher.pendingFrames).toBe(0);
    s.destroy();
  });

  it('records HALO Set and Reset events', async () => {
    const { api, ready, device } = await withDevice();
    const s = await connect(ready.tcpPort!);
    s.write('DeviceId=Bath2F Event=@Vape@ State=@Set@ Source=@PM2.5@ Value=@61@ Threshold=@40@;');
    s.write('DeviceId=Bath2F Event=@Vape@ State=@Reset@ Source=@PM2.5@ Value=@8@ Threshold=@40@;');
    const events = await until('two tcp events', async () => (await api.get(`/events?origin=tcp&deviceId=${device.id}`)).body, (e) => e.length === 2);
    expect(events.map((e: { name: string; kind: string }) => `${e.name}:${e.kind}`)).toEqual(['Vape:reset', 'Vape:set']);
    expect(events[1]).toMatchObject({ origin: 'tcp', source: 'Bathroom 2F', args: { source: 'PM2.5', value: '61', threshold: '40' } });
    s.destroy();
  });
});
