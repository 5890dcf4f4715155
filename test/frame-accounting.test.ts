import { afterEach, describe, expect, it } from 'vitest';
import type { IngestStats } from '../shared/domain.js';
import type { WatchdeskApp } from '../electron/core/app.js';
import { connect, startApp, until } from './support/app.js';

let app: WatchdeskApp | null = null;
afterEach(async () => { await app?.stop(); app = null; });

/** What the soak calls lost: a frame cut from a stream that is neither stored, pending nor counted as something else. */
const unaccounted = (st: IngestStats): number => st.frames - st.storedFrames - st.framesWithoutValues - st.rejected
  - st.unmatched - st.refusedFrames - st.droppedFrames - (st.storage?.pendingFrames ?? 0);

describe('every frame is accounted for', () => {
  it('counts event frames without values apart, so a demo incident is not a lost heartbeat', async () => {
    const started = await startApp();
    app = started.app;
    const { api, ready } = started;
    expect((await api.post('/devices', { name: 'Gym', deviceId: 'Gym', typeId: 'halo', serverId: 1 })).status).toBe(201);
    const s = await connect(ready.tcpPort!);
    // Heartbeats, the demo's Set and Reset frames (no values), a frame whose only value is not a number, a stranger and a frame without an id.
    s.write('DeviceId=Gym Noise=@40@;DeviceId=Gym Event=@Help@ State=@Set@ Source=@KW1@ Value=@1@ Threshold=@0@;DeviceId=Gym Noise=@41@;');
    s.write('DeviceId=Gym Event=@Help@ State=@Reset@ Source=@KW1@ Value=@0@ Threshold=@0@;DeviceId=Gym TVOC=@n/a@;DeviceId=Nobody Noise=@1@;Noise=@2@;');
    const st = await until('all seven frames settled', async () => (await api.get('/ingest/stats')).body as IngestStats,
      (x) => x.frames === 7 && x.storedFrames === 2 && x.storage?.pendingFrames === 0);
    expect(st).toMatchObject({ framesWithoutValues: 3, unmatched: 1, rejected: 1, events: 2 });
    expect(unaccounted(st)).toBe(0);
    expect(st.eventLoop?.p99Ms).toBeGreaterThanOrEqual(0);
    s.destroy();
  });

  it('adds up at every moment under load, pending frames included, and a stop stores the last window', async () => {
    const started = await startApp();
    app = started.app;
    const { api, ready } = started;
    const server = (await api.get('/tcp-servers/1')).body;
    const { id: _i, boundPort: _b, listening: _l, connections: _c, error: _e, ...config } = server;
    const port = (await api.request('PUT', '/tcp-servers/1', { ...config, autoCreateDevices: true })).body.boundPort as number;
    expect(port).toBeGreaterThan(0);
    expect(ready.tcpPort).not.toBeNull();
    const s = await connect(port);
    let sent = 0;
    for (let round = 0; round < 20; round++) {
      let batch = '';
      for (let d = 0; d < 50; d++) batch += `DeviceId=Room${d} Noise=@${round}@ PM2.5=@${d}@;`;
      batch += `DeviceId=Room${round} Event=@Help@ State=@Set@ Source=@KW1@ Value=@1@ Threshold=@0@;`;
      s.write(batch);
      sent += 51;
      // Snapshots taken while windows are open: pending frames are part of the sum, never missing from it.
      const st = (await api.get('/ingest/stats')).body as IngestStats;
      expect(unaccounted(st)).toBe(0);
    }
    await until('every frame parsed', async () => (await api.get('/ingest/stats')).body as IngestStats, (x) => x.frames === sent);
    // Stopped at once, the open batch window is written, not lost.
    const counters = app.counters;
    await app.stop();
    expect(counters.storedFrames).toBe(20 * 50);
    expect(counters.framesWithoutValues).toBe(20);
    expect(unaccounted({ ...counters, storage: { disk: 'ok', freeBytes: null, writeError: null, pendingFrames: 0 } } as IngestStats)).toBe(0);
    app = null;
    s.destroy();
  });
});
