import Database from 'better-sqlite3';
import type net from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { WatchdeskApp } from '../electron/core/app.js';
import type { Api} from './support/app.js';
import { connect, startApp, until } from './support/app.js';
import { restart } from './support/restart.js';

// Issue 19: an alarm's condition is re-established from the truth after a restart, a rule edit,
// disable or delete, and a device delete. Each test below has one of those in it.

let app: WatchdeskApp | null = null;
let sockets: net.Socket[] = [];
afterEach(async () => {
  for (const s of sockets) s.destroy();
  sockets = [];
  await app?.stop();
  app = null;
});

const NOISE = { id: 'NOISE', name: 'NOISE', priority: 10 };
const RULE = { id: 'halo-noise', name: 'HALO Noise above 60', when: { type: 'data', deviceTypeId: 'halo', point: 'Noise', op: '>', value: 60 }, do: [{ type: 'trigger-alarm', alarmId: 'NOISE' }] };

interface Alarm { id: number; state: string; activations: number; chattering: boolean; annunciated: boolean; shelved: unknown; source: { name: string } }

async function halo(ready: { tcpPort: number | null }): Promise<(text: string) => void> {
  const socket = await connect(ready.tcpPort!);
  sockets.push(socket);
  return (text) => socket.write(text);
}

async function site(rule: Record<string, unknown> = RULE) {
  const started = await startApp();
  app = started.app;
  expect((await started.api.post('/alarm-definitions', NOISE)).status).toBe(201);
  expect((await started.api.post('/rules', rule)).status).toBe(201);
  const device = (await started.api.post('/devices', { name: 'Bathroom 11', deviceId: 'Bath11', typeId: 'halo', serverId: 1 })).body as { id: number };
  return { ...started, device, send: await halo(started.ready) };
}

const noise = async (api: Api): Promise<Alarm | undefined> => ((await api.get('/alarms')).body as Alarm[]).find((a) => a.source.name !== undefined);
const waitFor = (api: Api, what: string, check: (a: Alarm) => boolean, ms?: number) => until(what, () => noise(api), (a) => a !== undefined && check(a), ms) as Promise<Alarm>;

async function raisedAndAcknowledged(api: Api, send: (t: string) => void): Promise<Alarm> {
  send('DeviceId=Bath11 Noise=@70@;');
  const a = await waitFor(api, 'unack', (x) => x.state === 'unack');
  expect((await api.post(`/alarms/${a.id}/acknowledge`, {})).body.state).toBe('ack');
  return a;
}

async function restarted() {
  const next = await restart(app!);
  app = next.app;
  return { ...next, send: await halo(next.ready) };
}

describe('a restart changes no alarm (defect 1)', () => {
  it('clears an acknowledged alarm when the value drops after a restart', async () => {
    const { api, send } = await site();
    const a = await raisedAndAcknowledged(api, send);
    const after = await restarted();
    after.send('DeviceId=Bath11 Noise=@40@;');
    expect((await waitFor(after.api, 'cleared after the restart', (x) => x.state !== 'ack')).state).toBe('normal');
    expect((await after.api.get(`/alarms/${a.id}`)).body.activations).toBe(1);
  });

  it('does not re-raise an acknowledged alarm whose condition still holds after a restart', async () => {
    const { api, send } = await site();
    const a = await raisedAndAcknowledged(api, send);
    const after = await restarted();
    after.send('DeviceId=Bath11 Noise=@71@;');
    after.send('DeviceId=Bath11 Noise=@72@;');
    // The device's latest value shows both frames were handled before looking at the alarm.
    await until('frames handled', async () => (await after.api.get('/devices')).body[0].latest.Noise?.v, (v) => v === 72);
    expect((await after.api.get(`/alarms/${a.id}`)).body).toMatchObject({ state: 'ack', activations: 1 });
  });

  it('runs out an on-delay that was pending at the restart', async () => {
    const { api, send } = await site({ ...RULE, when: { ...RULE.when, onDelayS: 3 } });
    send('DeviceId=Bath11 Noise=@70@;');
    await until('frame handled', async () => (await api.get('/devices')).body[0].latest.Noise?.v, (v) => v === 70);
    expect(await noise(api)).toBeUndefined();
    const after = await restarted();
    expect((await waitFor(after.api, 'on-delay ran out', (x) => x.state === 'unack', 8000)).activations).toBe(1);
  });

  it('runs out an off-delay that was pending at the restart', async () => {
    const { api, send } = await site({ ...RULE, when: { ...RULE.when, offDelayS: 2 } });
    await raisedAndAcknowledged(api, send);
    send('DeviceId=Bath11 Noise=@40@;');
    await until('frame handled', async () => (await api.get('/devices')).body[0].latest.Noise?.v, (v) => v === 40);
    const after = await restarted();
    // No sample after the restart: the off-delay itself clears it.
    expect((await waitFor(after.api, 'off-delay ran out', (x) => x.state === 'normal', 6000)).state).toBe('normal');
  });
});

describe('a rule edit, disable or delete, or a device delete, never strands its alarm (defect 2)', () => {
  const history = async (api: Api, id: number) => (await api.get(`/alarms/${id}/history`)).body as Array<{ action: string; state: string; reason: string }>;

  it('keeps the alarm with no new activation when the edited trigger still holds, and clears it when not', async () => {
    const { api, send } = await site();
    const a = await raisedAndAcknowledged(api, send);
    expect((await api.request('PUT', '/rules/halo-noise', { ...RULE, when: { ...RULE.when, value: 65 } })).status).toBe(200);
    expect((await api.request('PUT', '/rules/halo-noise', { ...RULE, when: { ...RULE.when, value: 65, offDelayS: 30 } })).status).toBe(200);
    send('DeviceId=Bath11 Noise=@71@;');
    await until('frame handled', async () => (await api.get('/devices')).body[0].latest.Noise?.v, (v) => v === 71);
    expect((await api.get(`/alarms/${a.id}`)).body).toMatchObject({ state: 'ack', activations: 1 });
    expect((await api.request('PUT', '/rules/halo-noise', { ...RULE, when: { ...RULE.when, value: 80 } })).status).toBe(200);
    expect((await api.get(`/alarms/${a.id}`)).body.state).toBe('normal');
    expect((await history(api, a.id)).at(-1)).toMatchObject({ action: 'clear', state: 'normal', reason: expect.stringMatching(/^rule changed/) });
  });

  it('moves an active condition to the alarm an edit now names: the old one clears, the new one stands', async () => {
    const { api, send } = await site();
    const a = await raisedAndAcknowledged(api, send);
    expect((await api.post('/alarm-definitions', { id: 'LOUD', name: 'LOUD', priority: 20 })).status).toBe(201);
    expect((await api.request('PUT', '/rules/halo-noise', { ...RULE, do: [{ type: 'trigger-alarm', alarmId: 'LOUD' }] })).status).toBe(200);
    expect((await api.get(`/alarms/${a.id}`)).body.state).toBe('normal');
    expect((await history(api, a.id)).at(-1)).toMatchObject({ reason: 'rule changed: it no longer raises this alarm' });
    const loud = ((await api.get('/alarms')).body as Array<Alarm & { name: string }>).find((x) => x.name === 'LOUD');
    expect(loud).toMatchObject({ state: 'unack', activations: 1 });
    send('DeviceId=Bath11 Noise=@40@;');
    await until('LOUD clears with the condition', async () => (await api.get(`/alarms/${loud!.id}`)).body.state, (st) => st === 'rtn-unack');
  });

  it('clears the alarm of a disabled rule, then of a deleted one, with the reason; the definition can then be deleted', async () => {
    const { api, send } = await site();
    const a = await raisedAndAcknowledged(api, send);
    expect((await api.request('PUT', '/rules/halo-noise', { ...RULE, enabled: false })).status).toBe(200);
    expect((await api.get(`/alarms/${a.id}`)).body.state).toBe('normal');
    expect((await history(api, a.id)).at(-1)).toMatchObject({ action: 'clear', reason: 'rule disabled' });

    expect((await api.request('PUT', '/rules/halo-noise', RULE)).status).toBe(200);
    send('DeviceId=Bath11 Noise=@75@;');
    await waitFor(api, 'raised again', (x) => x.state === 'unack');
    expect((await api.request('DELETE', '/rules/halo-noise')).status).toBeLessThan(300);
    expect((await api.get(`/alarms/${a.id}`)).body.state).toBe('rtn-unack');
    expect((await history(api, a.id)).at(-1)).toMatchObject({ action: 'clear', actor: 'system', reason: 'rule deleted' });
    const audit = (await api.get('/audit?action=alarm.clear')).body as Array<{ reason: string }>;
    expect(audit.map((e) => e.reason)).toEqual(['rule deleted', 'rule disabled']);
    expect((await api.post(`/alarms/${a.id}/acknowledge`, {})).body.state).toBe('normal');
    expect((await api.request('DELETE', '/alarm-definitions/NOISE')).status).toBeLessThan(300);
  });

  it('clears the alarms of a deleted device and frees its conditions, across a restart', async () => {
    const { api, send, device } = await site({ ...RULE, when: { ...RULE.when, offDelayS: 60 } });
    const a = await raisedAndAcknowledged(api, send);
    expect(app!.store.conditions.listConditions()).toHaveLength(1);
    expect((await api.request('DELETE', `/devices/${device.id}`)).status).toBeLessThan(300);
    expect((await api.get(`/alarms/${a.id}`)).body.state).toBe('normal');
    expect((await history(api, a.id)).at(-1)).toMatchObject({ action: 'clear', reason: 'device deleted' });
    const after = await restarted();
    expect(app!.store.conditions.listConditions()).toHaveLength(0);
    expect((await after.api.get(`/alarms/${a.id}`)).body.state).toBe('normal');
  });
});

describe('shelving, chattering and names after a discontinuity', () => {
  it('ends a one-shot shelve when a returned alarm is acknowledged, so the next activation sounds (defect 5)', async () => {
    const { api, send } = await site();
    send('DeviceId=Bath11 Noise=@70@;');
    const a = await waitFor(api, 'unack', (x) => x.state === 'unack');
    send('DeviceId=Bath11 Noise=@40@;');
    await waitFor(api, 'rtn-unack', (x) => x.state === 'rtn-unack');
    expect((await api.post(`/alarms/${a.id}/shelve`, { reason: 'cleaning crew', oneShot: true })).body.shelved).toMatchObject({ kind: 'one-shot' });
    const after = await restarted();
    expect((await after.api.post(`/alarms/${a.id}/acknowledge`, {})).body).toMatchObject({ state: 'normal', shelved: null });
    after.send('DeviceId=Bath11 Noise=@70@;');
    expect(await waitFor(after.api, 'unack again', (x) => x.state === 'unack')).toMatchObject({ annunciated: true, shelved: null });
  });

  it('drops chattering once the last minute holds fewer than 3 activations (defect 8)', async () => {
    const { api, send } = await site();
    for (const v of [65, 50, 66, 50, 67, 50]) send(`DeviceId=Bath11 Noise=@${v}@;`);
    const a = await waitFor(api, 'three activations', (x) => x.activations === 3 && x.state === 'rtn-unack');
    expect(a.chattering).toBe(true);
    // Two minutes pass while the core is down: the activations leave the window.
    const dataDir = app!.options.dataDir;
    await app!.stop();
    const db = new Database(join(dataDir, 'watchdesk.db'));
    const row = db.prepare('SELECT body FROM alarms WHERE id = ?').get(a.id) as { body: string };
    const body = JSON.parse(row.body) as { recent: number[] };
    db.prepare('UPDATE alarms SET body = ? WHERE id = ?').run(JSON.stringify({ ...body, recent: body.recent.map((t) => t - 120_000) }), a.id);
    db.close();
    const after = await restarted();
    expect((await until('chattering off', async () => (await after.api.get(`/alarms/${a.id}`)).body as Alarm, (x) => !x.chattering, 5000)).chattering).toBe(false);
  });

  it('raises a delayed alarm under the device’s name as it is after a rename (defect 9)', async () => {
    const { api, send, device } = await site({ ...RULE, when: { ...RULE.when, onDelayS: 1 } });
    send('DeviceId=Bath11 Noise=@70@;');
    await until('frame handled', async () => (await api.get('/devices')).body[0].latest.Noise?.v, (v) => v === 70);
    expect((await api.request('PUT', `/devices/${device.id}`, { name: 'Bathroom 12', deviceId: 'Bath11', typeId: 'halo', serverId: 1 })).status).toBe(200);
    const a = await waitFor(api, 'delayed alarm', (x) => x.state === 'unack', 5000);
    expect(a.source.name).toBe('Bathroom 12');
  });
});

describe('online/offline rules (also checked)', () => {
  it('clears a device-offline alarm when the device comes back online, after a restart too', async () => {
    const started = await startApp();
    app = started.app;
    const { api } = started;
    expect((await api.post('/alarm-definitions', { id: 'OFFLINE', name: 'Device offline', priority: 50 })).status).toBe(201);
    expect((await api.post('/rules', { id: 'offline', name: 'Offline', when: { type: 'state', to: 'offline' }, do: [{ type: 'trigger-alarm', alarmId: 'OFFLINE' }] })).status).toBe(201);
    expect((await api.post('/devices', { name: 'Bathroom 11', deviceId: 'Bath11', typeId: 'halo', serverId: 1, offlineAfterS: 1 })).status).toBe(201);
    (await halo(started.ready))('DeviceId=Bath11 Noise=@40@;');
    const a = await waitFor(api, 'offline alarm', (x) => x.state === 'unack', 10_000);
    const after = await restarted();
    expect((await after.api.get(`/alarms/${a.id}`)).body.state).toBe('unack');
    after.send('DeviceId=Bath11 Noise=@40@;');
    expect((await waitFor(after.api, 'back online', (x) => x.state !== 'unack')).state).toBe('rtn-unack');
  });
});
