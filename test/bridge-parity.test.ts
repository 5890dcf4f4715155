import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeRequest } from '../shared/api/request.js';
import { ROUTE_NAMES, routes, type RouteName } from '../shared/api/routes.js';
import type { WireReply } from '../shared/bridge-channels.js';
import { haloDeviceType } from '../shared/halo/builtin.js';
import { DEFAULT_COMMAND_TABLES, DEFAULT_STATUS_TABLES } from '../shared/site/tables.js';
import type { WatchdeskApp } from '../electron/core/app.js';
import { IpcHost, registerCallChannel } from '../electron/shell/ipc-host.js';
import { RemoteHost } from '../electron/shell/remote-host.js';
import { parseNodeUrl } from '../electron/shell/remote-node.js';
import { PASSWORD, startApp } from './support/app.js';

type Input = { params?: Record<string, string | number>; query?: Record<string, unknown>; body?: unknown };

/**
 * A plausible call for every route, so each one does real work: creates, edits, reads, and
 * the refusals a real console meets (a missing alarm, an unknown asset, a bad address).
 */
const SAMPLES: Partial<Record<RouteName, Input>> = {
  'devices.create': { body: { name: 'Gym', deviceId: 'Gym', typeId: 'halo', serverId: 1 } },
  'devices.update': { params: { id: 1 }, body: { name: 'Gym 2', deviceId: 'Gym', typeId: 'halo', serverId: 1 } },
  'devices.series': { params: { id: 1 }, query: { point: 'Noise', from: 0, to: 2_000_000_000_000, maxPoints: 100 } },
  'devices.alarmPeriods': { params: { id: 1 }, query: { from: 0, to: 2_000_000_000_000 } },
  'events.list': { query: { limit: 10, text: 'x' } },
  'tcpServers.create': { body: { name: 'Second', port: 0 } },
  'tcpServers.update': { params: { id: 2 }, body: { name: 'Second, renamed', port: 0 } },
  'tcpServers.get': { params: { id: 1 } },
  'tcpServers.haloStrings': { params: { id: 1 }, query: { typeId: 'halo' } },
  'tcpServers.delete': { params: { id: 2 } },
  'deviceTypes.create': { body: { ...haloDeviceType(), id: 'halo-copy', name: 'HALO copy' } },
  'deviceTypes.get': { params: { id: 'halo' } },
  'deviceTypes.update': { params: { id: 'halo-copy' }, body: { ...haloDeviceType(), id: 'halo-copy', name: 'HALO copy 2' } },
  'deviceTypes.delete': { params: { id: 'halo-copy' } },
  'integrationAccounts.create': { body: { username: 'nx-script', password: 'password-123' } },
  'integrationAccounts.delete': { params: { id: 1 } },
  'sessions.changePassword': { body: { current: 'not-the-password', new: 'another-password-1' } },
  'demo.set': { body: { enabled: false } },
  'maps.create': { body: { name: 'Campus' } },
  'maps.update': { params: { id: 1 }, body: { name: 'Campus north', order: 2 } },
  'maps.placements': { params: { id: 1 }, body: { placements: [{ id: 'gate', kind: 'label', text: 'Gate', x: 10, y: 20 }] } },
  'cameras.create': { body: { name: 'Lobby' } },
  'cameras.update': { params: { id: 1 }, body: { name: 'Lobby east' } },
  'alarms.list': { query: { state: 'standing' } },
  'alarms.shelve': { params: { id: 1 }, body: { reason: 'cleaning' } },
  'alarms.shelve.selection': { body: { ids: [1, 2], reason: 'cleaning' } },
  'alarms.forward': { params: { id: 1 }, body: { to: 'olga', message: 'yours' } },
  'alarms.out-of-service': { params: { id: 1 }, body: { reason: 'broken sensor' } },
  'alarmDefinitions.create': { body: { id: 'NOISE', name: 'NOISE', priority: 10, category: 'safety' } },
  'alarmDefinitions.update': { params: { id: 'NOISE' }, body: { id: 'NOISE', name: 'NOISE', priority: 20 } },
  'alarmDefinitions.delete': { params: { id: 'NOISE' } },
  'rules.create': { body: { id: 'noise', name: 'Noise above 60', when: { type: 'data', deviceTypeId: 'halo', point: 'Noise', op: '>', value: 60 }, do: [{ type: 'trigger-alarm', alarmId: 'NOISE' }] } },
  'rules.import': { body: [{ id: 'vape', name: 'Vape', when: { type: 'event', event: 'Vape' }, do: [{ type: 'trigger-alarm', alarmId: 'NOISE' }] }] },
  'deviceTypes.export': { params: { id: 'halo' } },
  'rules.get': { params: { id: 'noise' } },
  'rules.versions': { params: { id: 'noise' } },
  'rules.update': { params: { id: 'noise' }, body: { id: 'noise', name: 'Noise above 70', when: { type: 'data', deviceTypeId: 'halo', point: 'Noise', op: '>', value: 70 }, do: [{ type: 'trigger-alarm', alarmId: 'NOISE' }] } },
  'rules.delete': { params: { id: 'vape' } },
  'operators.create': { body: { username: 'olga', password: 'operator-pass', role: 'operator' } },
  'operators.update': { params: { id: 2 }, body: { role: 'supervisor' } },
  'audit.list': { query: { limit: 1000 } },
  'kpis.get': { query: { from: 0, to: 2_000_000_000_000 } },
  'assets.list': { query: { type: 'door' } },
  'assets.get': { params: { id: 'door-01' } },
  'assets.command': { params: { id: 'door-01' }, body: { command: 'lock' } },
  'assets.commandSelection': { body: { assetIds: ['door-01', 'door-02'], command: 'lock' } },
  'site.command': { body: { command: 'no-such-command' } },
  'statusTables.set': { body: DEFAULT_STATUS_TABLES },
  'commandTables.set': { body: DEFAULT_COMMAND_TABLES },
  'site.configure': { body: { directoryServer: '10.0.0.300', username: 'x', password: 'y' } },
  'site.simulation': { body: { communication: false } },
  'connections.create': { body: { driver: 'onvif', address: 'bad host!', username: 'x' } },
  // Refused before any probe: no multicast leaves the machine from a test (see onvif-discovery.test.ts).
  'connections.discover': { body: { seconds: 99 } },
  'connections.get': { params: { id: 'site' } },
  'connections.update': { params: { id: 'onvif-9' }, body: { driver: 'onvif', address: '127.0.0.1', username: 'x', password: 'y' } },
  'connections.delete': { params: { id: 'site' } },
  'connections.reconnect': { params: { id: 'site' } },
  'connections.log': { params: { id: 'site' } },
  'assets.presets.set': { params: { id: 'camera-01' }, body: { name: 'Roof' } },
  'assets.presets.remove': { params: { id: 'camera-01', token: 'Roof' } },
  'assets.snapshotTicket': { params: { id: 'camera-01' } },
  'floods.updateSettings': { body: { count: 12, minutes: 10 } },
  'drills.run': { params: { kind: 'gunshot' }, body: {} },
  'alarms.steps.check': { params: { id: 1, step: 'line-1' }, body: { comment: 'done' } },
  'alarms.steps.run': { params: { id: 1, step: 'line-1' } },
  'incidents.list': { query: { state: 'all' } },
  'incidents.open': { body: { alarmIds: [1], note: 'Guard sent' } },
  'incidents.alarms': { params: { id: 1 }, body: { alarmIds: [1] } },
  'incidents.events': { params: { id: 1 }, body: { eventIds: [424242] } },
  'incidents.snapshot': { params: { id: 1 }, body: { cameraId: 1 } },
  'incidents.note': { params: { id: 1 }, body: { text: 'All clear' } },
  'incidents.owner': { params: { id: 1 }, body: { owner: 'olga' } },
  'incidents.close': { params: { id: 1 }, body: { note: 'done' } },
};

/** Times, tokens, tickets, hashes and bound ports differ between two runs; the rest must not. */
function stable(value: unknown, key = ''): unknown {
  if (['ticket', 'hash', 'boundPort', 'port', 'token', 'freeBytes', 'file', 'bytes', 'folder', 'eventLoop'].includes(key)) return typeof value;
  if (typeof value === 'number' && value > 1e12) return 'time';
  if (Array.isArray(value)) return value.map((v) => stable(v));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stable(v, k)]));
  return value;
}

const jsonRoutes = ROUTE_NAMES.filter((n) => ((routes[n] as { kind?: string }).kind ?? 'json') === 'json' && n !== 'sessions.create');
// Deletes and logout last, so the other routes see what was created.
const order = [...jsonRoutes.filter((n) => routes[n].method !== 'DELETE'), ...jsonRoutes.filter((n) => routes[n].method === 'DELETE' && n !== 'sessions.delete'), 'sessions.delete' as const];

// The desktop's own core (in process), and a remote node's console (`--connect`, through RemoteHost).
describe.each(['in process', 'RemoteHost'] as const)('every route of the table, through the desktop IPC path (%s) and over HTTP', (via) => {
  let http: WatchdeskApp;
  let desktop: WatchdeskApp;
  let base: string;
  let token: string;
  let call: (name: string, input: Input) => Promise<WireReply>;
  let remote: RemoteHost | null = null;

  beforeAll(async () => {
    const a = await startApp();
    http = a.app;
    base = a.ready.url.replace(/\/$/, '');
    const d = await startApp();
    desktop = d.app;
    remote = via === 'RemoteHost' ? new RemoteHost(parseNodeUrl(d.ready.url)) : null;
    // The same standing alarm on both, so the alarm routes act on something.
    for (const app of [http, desktop]) {
      app.alarms.saveDefinition({ id: 'DOOR', name: 'Door forced', priority: 5 }, 'test');
      app.alarms.activate('DOOR', { kind: 'asset', id: 'asset:door-01', name: 'Door 1', deviceId: null }, null, null);
    }
    // The main process's wiring, with a fake ipcMain: the call goes in through the one channel.
    const channels = new Map<string, (event: { senderFrame?: { url?: string } }, ...args: unknown[]) => unknown>();
    const host = new IpcHost(remote ?? desktop.api, () => undefined);
    registerCallChannel({ handle: (channel, listener) => channels.set(channel, listener) }, host, () => undefined);
    // startApp logged in over HTTP on both; one more login each side keeps their audit trails alike.
    await a.api.login('admin', PASSWORD);
    token = a.api.token!;
    call = async (name, input) => (await channels.get('watchdesk:call')!({ senderFrame: { url: 'app://watchdesk/index.html' } }, name, input)) as WireReply;
    expect(await call('sessions.create', { body: { username: 'admin', password: PASSWORD } })).toMatchObject({ ok: true, value: { username: 'admin' } });
  });
  afterAll(async () => { remote?.close(); await http?.stop(); await desktop?.stop(); });

  it('reaches all of them and gets the same replies', async () => {
    expect(order).toHaveLength(jsonRoutes.length);
    const outcomes: string[] = [];
    for (const name of order) {
      const input: Input = SAMPLES[name] ?? (name.endsWith('.selection') ? { body: { ids: [1, 2] } } : (routes[name] as { params?: unknown }).params ? { params: { id: 1 } } : {});
      const request = routeRequest(name, input);
      const res = await fetch(`${base}${request.url}`, {
        method: request.method,
        headers: { authorization: `Bearer ${token}`, ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
      });
      const text = await res.text();
      const overHttp = { status: res.status, body: text ? JSON.parse(text) as unknown : undefined };
      const overIpc = await call(name, input);
      if (overIpc.ok) {
        expect(overHttp.status, name).toBeLessThan(400);
        expect(stable(overIpc.value), name).toEqual(stable(overHttp.body));
      } else {
        expect(overIpc.status, `${name}: ${overIpc.message}`).toBe(overHttp.status);
        expect(overIpc.message, name).toBe((overHttp.body as { error: { message: string } }).error.message);
      }
      outcomes.push(`${name} ${overHttp.status}`);
    }
    // The calls did real work: most succeeded, and the refusals are the ones expected.
    const ok = outcomes.filter((o) => / 2\d\d$/.test(o));
    expect(ok.length, outcomes.join('\n')).toBeGreaterThan(jsonRoutes.length / 2);
    for (const o of ['devices.create 201', 'rules.update 200', 'operators.create 201', 'alarms.acknowledge 200', 'alarms.reset 409', 'site.configure 400', 'devices.delete 204', 'sessions.delete 204']) expect(outcomes).toContain(o);
  });
});
