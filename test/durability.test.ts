import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { WatchdeskApp } from '../electron/core/app.js';
import { startServe, type ServeHandle } from '../e2e/support/serve-process.js';
import { Api, PASSWORD, connect, startApp, tempDir, until } from './support/app.js';

let running: ServeHandle | null = null;
afterEach(async () => { await running?.stop('SIGKILL'); running = null; });

/** A fresh `serve` process with one HALO device and a TCP connection for it. */
async function serveWithDevice() {
  const dataDir = tempDir();
  running = await startServe(['--no-demo', '--admin-password', PASSWORD], dataDir);
  const api = new Api(running.url);
  await api.login('admin', PASSWORD);
  const device = (await api.post('/devices', { name: 'Lib', deviceId: 'Lib', typeId: 'halo', serverId: 1 })).body as { id: number };
  return { dataDir, api, device, s: await connect(running.tcpPort) };
}

describe('durability', () => {
  it('keeps devices, samples, latest values and events across a restart', async () => {
    const { app, ready, api } = await startApp();
    const dataDir = app.options.dataDir;
    const created = (await api.post('/devices', { name: 'Gym', deviceId: 'Gym', typeId: 'halo', serverId: 1 })).body;
    const s = await connect(ready.tcpPort!);
    s.write('DeviceId=Gym Noise=@40@;DeviceId=Gym Noise=@41@ TVOC=@n/a@;DeviceId=Gym Event=@Help@ State=@Set@ Source=@KW1@ Value=@1@ Threshold=@0@;');
    await until('stored', async () => (await api.get('/ingest/stats')).body, (st) => st.storedFrames === 2 && st.events === 1);
    s.destroy();
    await app.stop();

    const again = new WatchdeskApp({ dataDir, rendererDir: join(tmpdir(), 'none'), port: 0, tcpPort: 0, demo: false }, () => undefined);
    const ready2 = await again.start();
    try {
      const api2 = new Api(ready2.url);
      await api2.login('admin', PASSWORD);
      const device = (await api2.get(`/devices/${created.id}`)).body;
      expect(device).toMatchObject({ deviceId: 'Gym', latest: { Noise: { v: 41 } }, invalid: { TVOC: { raw: 'n/a' } } });
      expect((await api2.get(`/devices/${created.id}/series?point=Noise&from=0`)).body.samples.map((x: number[]) => x[1])).toEqual([40, 41]);
      expect((await api2.get('/events?origin=tcp')).body.map((e: { name: string }) => e.name)).toEqual(['Help']);
    } finally {
      await again.stop();
    }
  });

  it('loses nothing acknowledged to disk when the process is killed with SIGKILL', async () => {
    const { dataDir, api, device, s } = await serveWithDevice();
    const sent = 3000;
    for (let i = 0; i < sent; i++) s.write(`DeviceId=Lib Noise=@${i}@ PM2.5=@${i % 50}@;`);
    // "Acknowledged to disk" is what ingest/stats reports as stored: committed transactions.
    const acked = (await until('some frames stored', async () => (await api.get('/ingest/stats')).body, (st) => st.storedFrames >= 1000)).storedFrames;
    expect(await running!.stop('SIGKILL')).toBe(null);
    running = null;

    running = await startServe(['--no-demo'], dataDir);
    const api2 = new Api(running.url);
    await api2.login('admin', PASSWORD);
    const series = (await api2.get(`/devices/${device.id}/series?point=Noise&from=0&maxPoints=10000`)).body;
    expect(series.total).toBeGreaterThanOrEqual(acked);
    // Stored in order, with no gaps: a prefix of what was sent.
    expect(series.samples.map((x: number[]) => x[1])).toEqual(Array.from({ length: series.total }, (_, i) => i));
    s.destroy();
  });

  it('exits 0 on SIGTERM after flushing', async () => {
    const { dataDir, api, device, s } = await serveWithDevice();
    s.write('DeviceId=Lib Noise=@1@;');
    await until('frame seen', async () => (await api.get('/ingest/stats')).body, (st) => st.frames === 1);
    expect(await running!.stop('SIGTERM')).toBe(0);
    running = await startServe(['--no-demo'], dataDir);
    const api2 = new Api(running.url);
    await api2.login('admin', PASSWORD);
    expect((await api2.get(`/devices/${device.id}/series?point=Noise&from=0`)).body.total).toBe(1);
    s.destroy();
  });
});
