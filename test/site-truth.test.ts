import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { WatchdeskApp } from '../electron/core/app.js';
import type { DriverLog } from '../electron/core/site/driver.js';
import { SimulatedSite } from '../electron/core/site/simulated-site.js';
import { CommandTracker } from '../electron/core/site/command-tracker.js';
import { SqliteStore } from '../electron/core/store/sqlite-store.js';
import type { CommandView } from '../shared/site/views.js';
import { Api, PASSWORD, startApp, tempDir, until } from './support/app.js';
import { restart } from './support/restart.js';

// Issue 19: the security system's alarms and commands after a reconnect or a restart.

let app: WatchdeskApp | null = null;
let store: SqliteStore | null = null;
afterEach(async () => {
  await app?.stop();
  app = null;
  store?.close();
  store = null;
});

const SETTINGS = { driver: 'simulated', directoryServer: '10.0.0.5', username: 'watchdesk', password: 'secret', activity: false };

async function site() {
  const started = await startApp();
  app = started.app;
  expect((await started.api.request('PUT', '/site/connection', SETTINGS)).body.state).toBe('connected');
  return started;
}

interface Alarm { id: number; name: string; state: string; activations: number; source: { id: string } }
const heldOpen = async (api: Api): Promise<Alarm | undefined> => ((await api.get('/alarms')).body as Alarm[]).find((a) => a.name === 'Door Held Open' && a.source.id === 'asset:door-08');
const history = async (api: Api, id: number) => (await api.get(`/alarms/${id}/history`)).body as Array<{ action: string; state: string; reason: string }>;

async function heldOpenAcknowledged(api: Api): Promise<Alarm> {
  await api.post('/site/simulation', { force: { 'door-08': ['Held Open', 'Locked'] } });
  const a = (await until('held open alarm', () => heldOpen(api), (x) => x?.state === 'unack'))!;
  expect((await api.post(`/alarms/${a.id}/acknowledge`, {})).body.state).toBe('ack');
  return a;
}

describe('asset alarms follow what the site reports after a reconnect or a restart (defect 3)', () => {
  it('clears a Held Open alarm when the reconnected site reports the door Secure', async () => {
    const { api } = await site();
    const a = await heldOpenAcknowledged(api);
    expect((await api.request('PUT', '/site/connection', { ...SETTINGS, password: undefined })).body.state).toBe('connected');
    expect((await api.get('/assets/door-08')).body.states).toContain('Secure');
    expect((await api.get(`/alarms/${a.id}`)).body.state).toBe('normal');
    expect((await history(api, a.id)).at(-1)).toMatchObject({ action: 'clear', reason: 'state no longer reported after reconnecting' });
  });

  it('keeps a state still reported as it is across a restart, and clears an asset no longer reported', async () => {
    const { api } = await site();
    const a = await heldOpenAcknowledged(api);
    // The same site after the restart, except that door-08 is still held open and door-09 went away.
    class Changed extends SimulatedSite {
      override async discover() {
        const found = await super.discover();
        this.force('door-08', ['Held Open', 'Locked']);
        return { ...found, assets: found.assets.filter((x) => x.id !== 'door-09').map((x) => (x.id === 'door-08' ? { ...x, states: ['Held Open', 'Locked'] } : x)) };
      }
    }
    await api.post('/site/simulation', { force: { 'door-09': ['Forced Open', 'Locked'] } });
    const forced = (await until('forced alarm', async () => ((await api.get('/alarms')).body as Alarm[]).find((x) => x.source.id === 'asset:door-09'), (x) => x?.state === 'unack'))!;
    const dataDir = app!.options.dataDir;
    await app!.stop();
    app = new WatchdeskApp({ dataDir, rendererDir: join(tmpdir(), 'none'), port: 0, tcpPort: 0, collectorPort: 0, demo: false }, () => undefined, (log: DriverLog) => new Changed(log));
    const ready = await app.start();
    const api2 = new Api(ready.url);
    await api2.login('admin', PASSWORD);
    expect((await api2.get(`/alarms/${a.id}`)).body).toMatchObject({ state: 'ack', activations: 1 });
    expect((await api2.get(`/alarms/${forced.id}`)).body.state).toBe('rtn-unack');
    expect((await history(api2, forced.id)).at(-1)).toMatchObject({ action: 'clear', reason: 'asset no longer reported' });
  });
});

describe('--no-demo keeps a connection an admin configured (defect 4)', () => {
  it('restarts with --no-demo and the admin’s site still configured and connected', async () => {
    await site();
    const after = await restart(app!, { demo: false });
    app = after.app;
    expect((await after.api.get('/site/connection')).body).toMatchObject({ state: 'connected', settings: { directoryServer: '10.0.0.5', username: 'watchdesk' } });
  });

  it('still forgets the demo’s own connection, audited', async () => {
    const started = await startApp();
    app = started.app;
    await app.site.configure({ driver: 'simulated', directoryServer: '127.0.0.1', username: 'watchdesk', password: 'demo' }, 'demo');
    const after = await restart(app, { demo: false });
    app = after.app;
    expect((await after.api.get('/site/connection')).body.settings).toBeNull();
    expect((await after.api.get('/audit?action=site.forget')).body[0]).toMatchObject({ actor: 'demo', reason: 'the demo was switched off' });
  });
});

describe('commands are durable (defect 7)', () => {
  it('settles a command pending at a restart as failed: interrupted by restart, audited, and never reuses its id', async () => {
    const { api } = await site();
    await api.post('/site/simulation', { freeze: ['door-02'] });
    const [first] = (await api.post('/assets/door-01/commands', { command: 'lock', params: {}, confirmed: true })).body as CommandView[];
    const [stuck] = (await api.post('/assets/door-02/commands', { command: 'unlock', params: {}, confirmed: true })).body as CommandView[];
    expect(stuck!.status).toBe('pending');
    const after = await restart(app!);
    app = after.app;
    expect((await after.api.get(`/commands/${stuck!.id}`)).body).toMatchObject({ id: stuck!.id, assetId: 'door-02', command: 'unlock', status: 'failed', reason: 'interrupted by restart' });
    expect((await after.api.get(`/commands/${first!.id}`)).body).toMatchObject({ assetId: 'door-01', command: 'lock' });
    const audit = (await after.api.get('/audit?action=command.unlock')).body as Array<{ action: string; reason: string }>;
    expect(audit[0]).toMatchObject({ action: 'command.unlock.failed', reason: 'interrupted by restart' });
    const [next] = (await after.api.post('/assets/door-03/commands', { command: 'lock', params: {}, confirmed: true })).body as CommandView[];
    expect(next!.id).toBeGreaterThan(stuck!.id);
  });

  it('settles a confirmation after the timeout as confirmed late, with the reason', async () => {
    store = new SqliteStore(tempDir());
    const seen: CommandView[] = [];
    const tracker = new CommandTracker((c) => seen.push(c), store.commandLog, 50);
    const c = tracker.start('door-01', 'unlock', {}, 'admin', 'Secure');
    await until('timed out', () => tracker.get(c.id)!.status, (s) => s === 'failed');
    tracker.observe('door-01', { states: ['Secure', 'Unlocked'], attributes: {} }, 'Unlocked');
    expect(tracker.get(c.id)).toMatchObject({ status: 'confirmed', after: 'Unlocked', reason: expect.stringMatching(/^confirmed late: .* after the 0.05 s timeout$/) });
    // And so it stays after a restart.
    tracker.stop();
    const again = new CommandTracker(() => undefined, store.commandLog, 50);
    again.restore();
    expect(again.get(c.id)).toMatchObject({ status: 'confirmed', reason: expect.stringMatching(/^confirmed late/) });
  });

  it('keeps the newest 500 once more than 500 were pending, and ids keep growing after a restart', async () => {
    store = new SqliteStore(tempDir());
    const tracker = new CommandTracker(() => undefined, store.commandLog, 60_000);
    for (let i = 0; i < 600; i++) tracker.start(null, 'clear-monitor', {}, 'admin', null);
    expect(tracker.list(1000)).toHaveLength(600);
    tracker.failAll('no communication: test');
    expect(tracker.list(1000)).toHaveLength(500);
    expect(tracker.list(1000).at(-1)!.id).toBe(101);
    tracker.stop();
    const again = new CommandTracker(() => undefined, store.commandLog, 60_000);
    again.restore();
    expect(again.list(1000)).toHaveLength(500);
    expect(again.start(null, 'clear-monitor', {}, 'admin', null).id).toBe(601);
    again.stop();
  });
});
