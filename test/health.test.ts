import { afterEach, describe, expect, it, vi } from 'vitest';
import net from 'node:net';
import type { WatchdeskApp } from '../electron/core/app.js';
import { type Api, connect, startApp, until } from './support/app.js';

let app: WatchdeskApp | null = null;
let blocker: net.Server | null = null;
afterEach(async () => {
  vi.useRealTimers();
  await app?.stop();
  app = null;
  blocker?.close();
  blocker = null;
});

interface Alarm { id: number; definitionId: string; state: string; priority: number; source: { kind: string; id: string; name: string } }
const systemAlarm = async (api: Api, kind: string, sourceId?: string): Promise<Alarm | undefined> =>
  ((await api.get('/alarms')).body as Alarm[]).find((a) => a.definitionId === `system-${kind}` && (sourceId === undefined || a.source.id === sourceId));

describe('health system alarms', () => {
  it('raise when a port cannot be opened, the site connection is lost, ingest stalls, the clock jumps or a database write fails; they are acknowledged and audited like any alarm', async () => {
    blocker = net.createServer();
    await new Promise<void>((resolve) => blocker!.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as net.AddressInfo).port;
    const started = await startApp({ collectorPort: taken, healthCheckMs: 20, ingestStallMs: 1000 });
    app = started.app;
    const { api, ready } = started;

    // The collector's port is taken.
    const bind = await until('bind alarm', () => systemAlarm(api, 'bind', 'system:collector'), (a) => a?.state === 'unack');
    expect(bind).toMatchObject({ priority: 2, source: { kind: 'system', name: expect.stringMatching(/collector/i) } });
    expect((await api.post(`/alarms/${bind!.id}/acknowledge`, { comment: 'port clash known' })).body.state).toBe('ack');
    expect((await api.get('/audit?action=alarm.acknowledge')).body[0]).toMatchObject({ actor: 'admin', target: `alarm:${bind!.id}`, reason: 'port clash known' });

    // A second HALO TCP server on the same taken port.
    const server = await api.post('/tcp-servers', { name: 'Annex', host: '127.0.0.1', port: taken });
    expect(server.status).toBe(201);
    await until('tcp bind alarm', () => systemAlarm(api, 'bind', `system:tcp-server:${server.body.id}`), (a) => a?.state === 'unack');

    // The site: connected, then communication lost, then back.
    await api.request('PUT', '/site/connection', { driver: 'simulated', directoryServer: '10.0.0.5', username: 'w', password: 'p', activity: false });
    await api.post('/site/simulation', { communication: false });
    await until('site alarm', () => systemAlarm(api, 'site-lost'), (a) => a?.state === 'unack');
    await api.post('/site/simulation', { communication: true });
    await until('site alarm cleared', () => systemAlarm(api, 'site-lost'), (a) => a?.state === 'rtn-unack');

    // Ingest: a device was online, then no frame for the stall time.
    await api.post('/devices', { name: 'Lab', deviceId: 'Lab', typeId: 'halo', serverId: 1 });
    const s = await connect(ready.tcpPort!);
    s.write('DeviceId=Lab Noise=@40@;');
    await until('stall alarm', () => systemAlarm(api, 'ingest-stalled'), (a) => a?.state === 'unack', 5000);
    s.write('DeviceId=Lab Noise=@41@;');
    await until('stall cleared', () => systemAlarm(api, 'ingest-stalled'), (a) => a?.state === 'rtn-unack');
    s.destroy();

    // The wall clock jumps three minutes ahead of the monotonic clock.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 3 * 60_000 });
    const jump = await until('clock alarm', () => systemAlarm(api, 'clock-jump'), (a) => a !== undefined);
    expect(jump!.source.name).toMatch(/forward by 1[89]\d s/);
    vi.useRealTimers();

    // A batch that cannot be written.
    const write = app.store.writeBatch.bind(app.store);
    app.store.writeBatch = () => { throw new Error('disk I/O error'); };
    const s2 = await connect(ready.tcpPort!);
    s2.write('DeviceId=Lab Noise=@42@;');
    await until('db alarm', () => systemAlarm(api, 'db-write'), (a) => a?.state === 'unack');
    app.store.writeBatch = write;
    await until('db alarm cleared', () => systemAlarm(api, 'db-write'), (a) => a?.state === 'rtn-unack', 10_000);
    s2.destroy();
  }, 30_000);
});
