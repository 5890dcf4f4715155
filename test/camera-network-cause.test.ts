import { afterEach, describe, expect, it } from 'vitest';
import type { WatchdeskApp } from '../electron/core/app.js';
import type { AlarmView } from '../shared/alarms/definitions.js';
import { floodGroups } from '../shared/alarms/flood-groups.js';
import { startApp, until } from './support/app.js';
import { OnvifEmulator } from './support/onvif-emulator.js';

let app: WatchdeskApp | null = null;
const emulators: OnvifEmulator[] = [];
afterEach(async () => {
  await app?.stop();
  app = null;
  for (const e of emulators.splice(0)) await e.stop();
});

const SIM = { driver: 'simulated', directoryServer: '10.0.0.5', username: 'watchdesk', password: 'secret', activity: false };
const standing = (a: AlarmView): boolean => a.state === 'unack' || a.state === 'ack';

describe('cameras lost together on one network', () => {
  it('three ONVIF cameras on one /24 losing communication: their No Communication names the network, led by "Network … unreachable"; the security system keeps its own cause', async () => {
    const started = await startApp();
    app = started.app;
    const { api } = started;
    expect((await api.request('PUT', '/site/connection', SIM)).body.state).toBe('connected');
    for (let i = 0; i < 3; i++) {
      const e = new OnvifEmulator({ subscriptionSeconds: 3 });
      await e.start();
      emulators.push(e);
      const added = await api.post('/connections', { driver: 'onvif', address: '127.0.0.1', port: e.port, username: e.username, password: e.password, name: `Yard camera ${i + 1}` });
      expect(added.status).toBe(201);
    }
    await until('pull points', () => Promise.all(emulators.map((e) => e.count('PullMessages'))), (n) => n.every((x) => x > 0), 15_000);

    for (const e of emulators) await e.stop();
    const noComm = (l: AlarmView[]) => l.filter((a) => a.definitionId === 'asset-camera-no-communication' && standing(a) && a.source.id.startsWith('asset:onvif-'));
    const list = await until('three cameras explained by the network', async () => (await api.get('/alarms')).body as AlarmView[],
      (l) => noComm(l).length === 3 && noComm(l).every((a) => a.source.cause?.id === 'network:127.0.0.0/24'), 30_000);
    const head = list.find((a) => a.definitionId === 'system-network-down' && standing(a))!;
    expect(head.source).toMatchObject({ id: 'system:network:127.0.0.0/24', explains: 'network:127.0.0.0/24' });
    const [group] = floodGroups(list, { count: 2, minutes: 10 }, () => ['Site']);
    expect(group).toMatchObject({ title: 'Network 127.0.0.0/24 unreachable × 4', causeId: head.id });
    // The simulated security system is still connected: none of its assets is touched.
    expect(list.filter((a) => a.definitionId.endsWith('-no-communication') && !a.source.id.startsWith('asset:onvif-') && standing(a))).toEqual([]);

    for (const e of emulators) await e.start();
    await until('the network back', async () => (await api.get('/alarms')).body as AlarmView[],
      (l) => noComm(l).length === 0 && !l.some((a) => a.definitionId === 'system-network-down' && standing(a)), 30_000);
  }, 90_000);
});
