import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { WatchdeskApp } from '../electron/core/app.js';
import { closed, startApp, until, type Api } from './support/app.js';

// Issue 12, item 5: one client must not lock HALOs out of the TCP port.

let app: WatchdeskApp | null = null;
const open: net.Socket[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) s.destroy();
  await app?.stop();
  app = null;
});

/** Connects from a given loopback address (127.0.0.2 and up are loopback on Linux). */
function connectFrom(port: number, localAddress: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port, localAddress }, () => resolve(s));
    s.on('error', reject);
    s.on('error', () => undefined);
    open.push(s);
  });
}

async function halo(settings: Record<string, unknown>): Promise<{ api: Api; port: number; device: number }> {
  const started = await startApp();
  app = started.app;
  const api = started.api;
  const device = (await api.post('/devices', { name: 'Bathroom 2F', deviceId: 'Bath2F', typeId: 'halo', serverId: 1 })).body.id as number;
  const server = (await api.get('/tcp-servers/1')).body;
  const { id: _id, boundPort: _b, listening: _l, connections: _c, error: _e, ...config } = server;
  const put = await api.request('PUT', '/tcp-servers/1', { ...config, ...settings });
  expect(put.status).toBe(200);
  return { api, port: put.body.boundPort, device };
}

const connections = (): number => app!.servers.get(1)!.connections;
const stats = async (api: Api) => (await api.get('/ingest/stats')).body;

async function heartbeatStored(api: Api, device: number, from: string, port: number, value: number): Promise<void> {
  const s = await connectFrom(port, from);
  s.write(`DeviceId=Bath2F Noise=@${value}@;`);
  await until('the heartbeat stored', async () => (await api.get(`/devices/${device}/series?point=Noise&from=0`)).body.samples.map((x: [number, number]) => x[1]), (v) => v.includes(value));
}

describe('HALO TCP port under a connection flood', () => {
  it('caps connections per address, so a HALO from another address still gets in', async () => {
    const { api, port, device } = await halo({ maxConnections: 50, maxConnectionsPerAddress: 20 });
    await Promise.all(Array.from({ length: 100 }, () => connectFrom(port, '127.0.0.1').catch(() => undefined)));
    await until('the flood capped', () => stats(api), (st) => st.connectionsRejected === 80 && connections() === 20);
    await heartbeatStored(api, device, '127.0.0.2', port, 61);
  });

  it('at the global cap, closes the oldest connection that never sent a valid frame', async () => {
    const { api, port, device } = await halo({ maxConnections: 30, maxConnectionsPerAddress: 1000 });
    const sensor = await connectFrom(port, '127.0.0.3');
    sensor.write('DeviceId=Bath2F Noise=@40@;');
    await until('the first sensor stored', () => stats(api), (st) => st.storedFrames === 1);
    const flood = await Promise.all(Array.from({ length: 29 }, () => connectFrom(port, '127.0.0.1')));
    await until('the port full', () => connections(), (n) => n === 30);
    await heartbeatStored(api, device, '127.0.0.2', port, 62);
    await closed(flood[0]!);
    const st = await stats(api);
    expect(st.connectionsEvicted).toBe(1);
    expect(sensor.destroyed).toBe(false);
    // The sensor that has spoken stays: it is still heard.
    sensor.write('DeviceId=Bath2F Noise=@41@;');
    await until('the sensor still heard', () => stats(api), (x) => x.storedFrames === 3);
  });

  it('closes a connection that sends no complete frame within the first-frame deadline', async () => {
    const { api, port } = await halo({ firstFrameTimeoutS: 1 });
    const silent = await connectFrom(port, '127.0.0.1');
    const chatty = await connectFrom(port, '127.0.0.1');
    chatty.write('DeviceId=Bath2F Noise=@4'); // no delimiter: never a frame
    const started = Date.now();
    await Promise.all([closed(silent), closed(chatty)]);
    expect(Date.now() - started).toBeLessThan(4000);
    expect((await stats(api)).idleClosed).toBe(2);
  });

  it('measures idle time in complete frames: a byte now and then keeps nothing open', async () => {
    const { api, port } = await halo({ idleTimeoutS: 1 });
    const s = await connectFrom(port, '127.0.0.1');
    s.write('DeviceId=Bath2F Noise=@48@;');
    await until('the frame stored', () => stats(api), (st) => st.storedFrames === 1);
    const drip = setInterval(() => { if (!s.destroyed) s.write('D'); }, 100);
    const started = Date.now();
    await closed(s);
    clearInterval(drip);
    expect(Date.now() - started).toBeLessThan(4000);
  });
});
