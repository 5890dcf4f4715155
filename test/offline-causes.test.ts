import { afterEach, describe, expect, it } from 'vitest';
import net from 'node:net';
import type { WatchdeskApp } from '../electron/core/app.js';
import type { AlarmView } from '../shared/alarms/definitions.js';
import { floodGroups } from '../shared/alarms/flood-groups.js';
import { type Api, startApp, until } from './support/app.js';

let app: WatchdeskApp | null = null;
const sockets: net.Socket[] = [];
const timers: NodeJS.Timeout[] = [];
let blocker: net.Server | null = null;
afterEach(async () => {
  for (const t of timers.splice(0)) clearInterval(t);
  for (const s of sockets.splice(0)) s.destroy();
  await app?.stop();
  app = null;
  blocker?.close();
  blocker = null;
});

/** A HALO reporting from its own address (any 127.x.y.z is this machine on Linux), every 200 ms until stopped. */
async function halo(port: number, wireId: string, from: string): Promise<{ stop(): void }> {
  const socket = await new Promise<net.Socket>((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port, localAddress: from }, () => resolve(s));
    s.on('error', reject);
  });
  sockets.push(socket);
  const send = (): void => { if (!socket.destroyed) socket.write(`DeviceId=${wireId} Noise=@40@;`); };
  send();
  const timer = setInterval(send, 200);
  timers.push(timer);
  return { stop: () => { clearInterval(timer); socket.destroy(); } };
}

async function fleet(api: Api, port: number, serverId: number, list: Array<[string, string]>): Promise<Map<string, { stop(): void; id: number }>> {
  const out = new Map<string, { stop(): void; id: number }>();
  for (const [wireId, from] of list) {
    const created = await api.post('/devices', { name: `HALO ${wireId}`, deviceId: wireId, typeId: 'halo', serverId, offlineAfterS: 1 });
    expect(created.status).toBe(201);
    out.set(wireId, { ...(await halo(port, wireId, from)), id: created.body.id });
  }
  await until('all online', async () => (await api.get('/devices')).body as Array<{ deviceId: string; online: boolean }>, (d) => list.every(([w]) => d.some((x) => x.deviceId === w && x.online)));
  return out;
}

const alarms = async (api: Api): Promise<AlarmView[]> => (await api.get('/alarms')).body;
const offline = (list: AlarmView[]): AlarmView[] => list.filter((a) => a.definitionId === 'device-offline' && (a.state === 'unack' || a.state === 'ack'));
const standing = (list: AlarmView[], definitionId: string, sourceId: string): AlarmView | undefined =>
  list.find((a) => a.definitionId === definitionId && a.source.id === sourceId && (a.state === 'unack' || a.state === 'ack'));
/** A small flood setting, so a handful of alarms group as many would. */
const SMALL = { count: 2, minutes: 10 };

describe('HALOs offline, explained by their network or their TCP server', () => {
  it('three or more HALOs on one network silent together: a Network unreachable alarm leads their Device offline alarms; they clear when the HALOs report again', async () => {
    const started = await startApp();
    app = started.app;
    const { api, ready } = started;
    const halos = await fleet(api, ready.tcpPort!, 1, [['A1', '127.0.1.11'], ['A2', '127.0.1.12'], ['A3', '127.0.1.13'], ['A4', '127.0.1.14'], ['B1', '127.0.2.21'], ['B2', '127.0.2.22']]);
    for (const w of ['A1', 'A2', 'A3', 'A4']) halos.get(w)!.stop();

    const list = await until('four offline on the network', () => alarms(api), (l) => offline(l).length === 4 && offline(l).every((a) => a.source.cause?.id === 'network:127.0.1.0/24'));
    expect(offline(list).map((a) => a.source.name).sort()).toEqual(['HALO A1', 'HALO A2', 'HALO A3', 'HALO A4']);
    expect(offline(list)[0]).toMatchObject({ name: 'Device offline', source: { kind: 'device', cause: { id: 'network:127.0.1.0/24', name: 'Network 127.0.1.0/24 unreachable' } } });
    const head = standing(list, 'system-network-down', 'system:network:127.0.1.0/24');
    expect(head).toMatchObject({ name: 'Network unreachable', source: { explains: 'network:127.0.1.0/24', name: 'Network 127.0.1.0/24 unreachable' } });
    // The server still carries data (B1, B2): no stall on it.
    expect(standing(list, 'system-ingest-stalled', 'system:tcp-server:1')).toBeUndefined();

    const [group, ...others] = floodGroups(list, SMALL, () => ['Site']);
    expect(others).toEqual([]);
    expect(group).toMatchObject({ kind: 'cause', title: 'Network 127.0.1.0/24 unreachable × 5', causeId: head!.id });
    expect(group!.members[0]!.id).toBe(head!.id);
    // The first alarms were raised before the network showed as the fault: their history says so.
    const history = (await Promise.all(offline(list).map(async (a) => (await api.get(`/alarms/${a.id}/history`)).body as Array<{ action: string; reason: string }>))).flat();
    expect(history.filter((h) => h.action === 'cause').every((h) => h.reason === 'Network 127.0.1.0/24 unreachable')).toBe(true);

    // The admin's definition is a normal one: tunable.
    expect((await api.get('/alarm-definitions')).body.find((d: { id: string }) => d.id === 'device-offline')).toMatchObject({ name: 'Device offline', category: 'device' });

    // Back: the HALOs report again, their alarms and the network's return to normal.
    for (const w of ['A1', 'A2', 'A3', 'A4']) await halo(ready.tcpPort!, w, `127.0.1.1${w[1]}`);
    const after = await until('back to normal', () => alarms(api), (l) => offline(l).length === 0 && !standing(l, 'system-network-down', 'system:network:127.0.1.0/24'));
    expect(after.find((a) => a.id === head!.id)!.state).toBe('rtn-unack');
  });

  it('a lone HALO offline names its TCP server as the cause, with no alarm of its own; all of a server\'s HALOs silent: "No sensor data on <server>" leads them, before their network', async () => {
    const started = await startApp();
    app = started.app;
    const { api, ready } = started;
    const server = (await api.get('/tcp-servers/1')).body as { name: string };
    const halos = await fleet(api, ready.tcpPort!, 1, [['C1', '127.0.3.1'], ['C2', '127.0.3.2'], ['C3', '127.0.3.3']]);

    halos.get('C1')!.stop();
    const lone = await until('one offline', () => alarms(api), (l) => offline(l).length === 1);
    expect(offline(lone)[0]!.source.cause).toEqual({ id: 'tcp-server:1', name: `TCP server ${server.name}` });
    expect(lone.some((a) => a.source.explains !== undefined && a.state === 'unack')).toBe(false);

    halos.get('C2')!.stop();
    halos.get('C3')!.stop();
    const list = await until('the server silent', () => alarms(api), (l) => offline(l).length === 3 && standing(l, 'system-ingest-stalled', 'system:tcp-server:1') !== undefined
      && offline(l).every((a) => a.source.cause?.id === 'tcp-server:1'));
    const head = standing(list, 'system-ingest-stalled', 'system:tcp-server:1')!;
    expect(head.source).toMatchObject({ explains: 'tcp-server:1', name: `No sensor data on ${server.name}` });
    // Three on one /24 too, but the server explains first: no network alarm stands.
    expect(list.some((a) => a.definitionId === 'system-network-down' && a.state === 'unack')).toBe(false);
    const [group] = floodGroups(list, SMALL, () => ['Site']);
    expect(group).toMatchObject({ title: `TCP server ${server.name} × 4`, causeId: head.id });

    await halo(ready.tcpPort!, 'C2', '127.0.3.2');
    await until('the stall clears with the first HALO back', () => alarms(api), (l) => !standing(l, 'system-ingest-stalled', 'system:tcp-server:1') && offline(l).length === 2);
  });

  it('a network fault first, then the whole server silent: the server explains every HALO, and the network\'s alarm joins its group', async () => {
    const started = await startApp();
    app = started.app;
    const { api, ready } = started;
    const server = (await api.get('/tcp-servers/1')).body as { name: string };
    const halos = await fleet(api, ready.tcpPort!, 1, [['E1', '127.0.8.1'], ['E2', '127.0.8.2'], ['E3', '127.0.8.3'], ['F1', '127.0.9.1']]);
    for (const w of ['E1', 'E2', 'E3']) halos.get(w)!.stop();
    await until('the network alarm', () => alarms(api), (l) => offline(l).length === 3 && standing(l, 'system-network-down', 'system:network:127.0.8.0/24') !== undefined);

    halos.get('F1')!.stop();
    const list = await until('the server explains all', () => alarms(api), (l) => offline(l).length === 4 && offline(l).every((a) => a.source.cause?.id === 'tcp-server:1'));
    const network = list.find((a) => a.definitionId === 'system-network-down')!;
    expect(network).toMatchObject({ state: 'rtn-unack', source: { explains: 'network:127.0.8.0/24', cause: { id: 'tcp-server:1' } } });
    const [group, ...others] = floodGroups(list, SMALL, () => ['Site']);
    expect(others).toEqual([]);
    expect(group!.title).toBe(`TCP server ${server.name} × 6`);
    expect(group!.members[0]!.definitionId).toBe('system-ingest-stalled');
    expect(group!.members.map((a) => a.id)).toContain(network.id);
  });

  it('a TCP server whose port cannot be opened explains its HALOs going offline: its Port cannot be opened alarm leads them', async () => {
    blocker = net.createServer();
    await new Promise<void>((resolve) => blocker!.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as net.AddressInfo).port;
    const started = await startApp({ healthCheckMs: 20 });
    app = started.app;
    const { api } = started;
    const created = await api.post('/tcp-servers', { name: 'Annex', host: '127.0.0.1', port: 0 });
    expect(created.status).toBe(201);
    const id = created.body.id as number;
    const annex = await until('annex listening', async () => (await api.get(`/tcp-servers/${id}`)).body, (s) => s.boundPort > 0);
    await fleet(api, annex.boundPort, id, [['D1', '127.0.4.1'], ['D2', '127.0.4.2']]);
    // Moved onto a port another program holds: the server cannot listen, its HALOs fall silent.
    const { id: _id, boundPort: _b, listening: _l, connections: _c, error: _e, ...config } = annex;
    expect((await api.request('PUT', `/tcp-servers/${id}`, { ...config, port: taken })).status).toBe(200);
    const list = await until('offline behind the server', () => alarms(api), (l) => offline(l).length === 2 && standing(l, 'system-bind', `system:tcp-server:${id}`) !== undefined);
    const head = standing(list, 'system-bind', `system:tcp-server:${id}`)!;
    expect(head.source.explains).toBe(`tcp-server:${id}`);
    expect(offline(list).every((a) => a.source.cause?.id === `tcp-server:${id}` && a.source.cause.name === 'TCP server Annex')).toBe(true);
    const [group] = floodGroups(list, SMALL, () => ['Site']);
    expect(group).toMatchObject({ title: 'TCP server Annex × 3', causeId: head.id });
  });

  it('a TCP server an admin switched off: its HALOs\' Device offline alarms name it, and no fault alarm leads them', async () => {
    const started = await startApp();
    app = started.app;
    const { api } = started;
    const created = await api.post('/tcp-servers', { name: 'Spare', host: '127.0.0.1', port: 0 });
    const id = created.body.id as number;
    const spare = await until('spare listening', async () => (await api.get(`/tcp-servers/${id}`)).body, (s) => s.boundPort > 0);
    await fleet(api, spare.boundPort, id, [['G1', '127.0.10.1'], ['G2', '127.0.10.2'], ['G3', '127.0.10.3']]);
    const { id: _id, boundPort: _b, listening: _l, connections: _c, error: _e, ...config } = spare;
    expect((await api.request('PUT', `/tcp-servers/${id}`, { ...config, enabled: false })).status).toBe(200);
    const list = await until('offline', () => alarms(api), (l) => offline(l).length === 3);
    expect(offline(list).every((a) => a.source.cause?.id === `tcp-server:${id}`)).toBe(true);
    expect(list.filter((a) => a.source.explains !== undefined && (a.state === 'unack' || a.state === 'ack'))).toEqual([]);
  });
});
