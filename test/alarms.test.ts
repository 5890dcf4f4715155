import Database from 'better-sqlite3';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { WatchdeskApp } from '../electron/core/app.js';
import { hashPassword } from '../electron/core/auth/passwords.js';
import { Api, PASSWORD, connect, startApp, until } from './support/app.js';

let app: WatchdeskApp | null = null;
afterEach(async () => { await app?.stop(); app = null; });

const NOISE = { id: 'NOISE', name: 'NOISE', priority: 10, category: 'safety', procedure: 'Send the nearest guard to check the room.' };
const NOISE_RULE = { id: 'halo-noise', name: 'HALO Noise above 60', when: { type: 'data', deviceTypeId: 'halo', point: 'Noise', op: '>', value: 60 }, do: [{ type: 'trigger-alarm', alarmId: 'NOISE' }] };

async function site(def: Record<string, unknown> = NOISE, rule: Record<string, unknown> = NOISE_RULE) {
  const started = await startApp();
  app = started.app;
  const { api, ready } = started;
  expect((await api.post('/alarm-definitions', def)).status).toBe(201);
  expect((await api.post('/rules', rule)).status).toBe(201);
  const device = (await api.post('/devices', { name: 'Bathroom 11', deviceId: 'Bath11', typeId: 'halo', serverId: 1 })).body as { id: number };
  const socket = await connect(ready.tcpPort!);
  const send = (text: string) => socket.write(text);
  return { api, ready, device, socket, send };
}

const alarmOf = async (api: Api, name = 'NOISE') => ((await api.get('/alarms')).body as Array<{ name: string; id: number; state: string }>).find((a) => a.name === name);

describe("the seed's example: HALO Noise above 60 → the NOISE alarm", () => {
  it('runs from a HALO frame on a socket to the alarm on the API, through the whole lifecycle', async () => {
    const { api, send, socket, device } = await site();
    send('DeviceId=Bath11 Noise=@55@;');
    send('DeviceId=Bath11 Noise=@61.5@;');
    const alarm = await until('NOISE alarm', () => alarmOf(api), (a) => a?.state === 'unack');
    expect(alarm).toMatchObject({ name: 'NOISE', priority: 10, value: 61.5, ruleId: 'halo-noise', source: { kind: 'device', name: 'Bathroom 11' }, annunciated: true, procedure: NOISE.procedure });
    expect((await api.post(`/alarms/${alarm!.id}/acknowledge`, { comment: 'guard sent' })).body).toMatchObject({ state: 'ack', acknowledgedBy: 'admin', comment: 'guard sent' });
    expect((await api.post(`/alarms/${alarm!.id}/acknowledge`, {})).status).toBe(409);
    send('DeviceId=Bath11 Noise=@50@;');
    await until('back to normal', () => alarmOf(api), (a) => a?.state === 'normal');
    send('DeviceId=Bath11 Noise=@70@;');
    await until('active again', () => alarmOf(api), (a) => a?.state === 'unack');
    send('DeviceId=Bath11 Noise=@40@;');
    await until('returned unacknowledged', () => alarmOf(api), (a) => a?.state === 'rtn-unack');
    const audit = (await api.get('/audit?action=alarm.')).body as Array<{ action: string; actor: string; reason: string }>;
    expect(audit[0]).toMatchObject({ action: 'alarm.acknowledge', actor: 'admin', reason: 'guard sent' });
    // The chart shades when the alarm stood: two periods, both closed by the condition clearing.
    const periods = (await api.get(`/devices/${device.id}/alarm-periods?from=0&to=${Date.now() + 1000}`)).body as Array<{ name: string; from: number; to: number | null }>;
    expect(periods.map((p) => [p.name, p.to !== null && p.to >= p.from])).toEqual([['NOISE', true], ['NOISE', true]]);
    expect((await api.get(`/devices/${device.id}/alarm-periods?from=10&to=5`)).status).toBe(400);
    socket.destroy();
  });
});

describe('alarm handling', () => {
  it('latches until reset, and a re-trigger while acknowledged needs a new acknowledge', async () => {
    const { api, send } = await site({ ...NOISE, latching: true });
    send('DeviceId=Bath11 Noise=@65@;');
    const a = await until('unack', () => alarmOf(api), (x) => x?.state === 'unack');
    await api.post(`/alarms/${a!.id}/acknowledge`, {});
    expect((await api.post(`/alarms/${a!.id}/reset`, {})).body.error.message).toMatch(/still active/);
    send('DeviceId=Bath11 Noise=@50@;');
    await until('latched', () => alarmOf(api), (x) => x?.state === 'latched');
    expect((await api.post(`/alarms/${a!.id}/reset`, {})).body.state).toBe('normal');
  });

  it('shelves with a reason, capped, re-annunciates on expiry, and keeps the shelve across a restart', async () => {
    const { api, send } = await site({ ...NOISE, maxShelveS: 3600 });
    send('DeviceId=Bath11 Noise=@65@;');
    const a = await until('unack', () => alarmOf(api), (x) => x?.state === 'unack');
    expect((await api.post(`/alarms/${a!.id}/shelve`, { durationS: 600 })).body.error.message).toMatch(/reason/);
    expect((await api.post(`/alarms/${a!.id}/shelve`, { reason: 'sensor cleaning', durationS: 7200 })).body.error.message).toMatch(/at most 3600/);
    const shelved = (await api.post(`/alarms/${a!.id}/shelve`, { reason: 'sensor cleaning', durationS: 600 })).body;
    expect(shelved).toMatchObject({ annunciated: false, shelved: { kind: 'timed', reason: 'sensor cleaning', by: 'admin' } });
    // Still evaluated while shelved.
    send('DeviceId=Bath11 Noise=@40@;');
    await until('rtn-unack while shelved', () => alarmOf(api), (x) => x?.state === 'rtn-unack');

    const dataDir = app!.options.dataDir;
    await app!.stop();
    app = new WatchdeskApp({ dataDir, rendererDir: join(tmpdir(), 'none'), port: 0, tcpPort: 0, collectorPort: 0, demo: false }, () => undefined);
    const ready = await app.start();
    const api2 = new Api(ready.url);
    await api2.login('admin', PASSWORD);
    const after = (await api2.get(`/alarms/${a!.id}`)).body;
    expect(after.shelved).toEqual(shelved.shelved);
    expect(after.state).toBe('rtn-unack');

    // Expiry: a shelve whose end has passed is lifted by the sweep, and the alarm sounds again.
    const ws = new (await import('ws')).default(`${ready.url.replace('http', 'ws')}api/v1/stream?token=${api2.token}`);
    const notes: string[] = [];
    ws.on('message', (d) => { for (const n of (JSON.parse(String(d)) as { notifications?: Array<{ text: string }> }).notifications ?? []) notes.push(n.text); });
    await new Promise((r) => ws.once('open', r));
    expect((await api2.post(`/alarms/${a!.id}/unshelve`, {})).body.shelved).toBeNull();
    await api2.post(`/alarms/${a!.id}/shelve`, { reason: 'short', durationS: 1 });
    await until('shelve expired', async () => (await api2.get(`/alarms/${a!.id}`)).body, (x) => x.shelved === null && x.annunciated, 5000);
    await until('re-annunciated', () => notes, (n) => n.some((t) => t.includes('no longer shelved')));
    const audit = (await api2.get('/audit?action=alarm.shelve')).body.map((e: { action: string; actor: string }) => `${e.action}:${e.actor}`);
    expect(audit).toContain('alarm.shelve-expired:system');
    ws.close();
  });

  it('enforces roles in the core: investigate, forward, force-acknowledge, out of service', async () => {
    const { api, send, ready } = await site();
    app!.store.createOperator('olga', 'operator', await hashPassword('operator-pass'));
    app!.store.createOperator('sam', 'supervisor', await hashPassword('supervisor-pass'));
    const olga = new Api(ready.url);
    await olga.login('olga', 'operator-pass');
    const sam = new Api(ready.url);
    await sam.login('sam', 'supervisor-pass');
    send('DeviceId=Bath11 Noise=@65@;');
    const a = await until('unack', () => alarmOf(api), (x) => x?.state === 'unack');
    expect((await olga.post(`/alarms/${a!.id}/investigate`, {})).body.investigatingBy).toBe('olga');
    expect((await api.post(`/alarms/${a!.id}/acknowledge`, {})).body.error.message).toMatch(/handled by olga/);
    expect((await olga.post(`/alarms/${a!.id}/force-acknowledge`, {})).status).toBe(403);
    expect((await olga.post('/rules', { ...NOISE_RULE, id: 'x' })).status).toBe(403);
    expect((await olga.post(`/alarms/${a!.id}/out-of-service`, { reason: 'test' })).status).toBe(403);
    expect((await olga.post(`/alarms/${a!.id}/forward`, { to: 'sam', message: 'please look' })).body.forwardedTo).toBe('sam');
    expect((await sam.post(`/alarms/${a!.id}/force-acknowledge`, { comment: 'seen' })).body).toMatchObject({ state: 'ack', acknowledgedBy: 'sam' });
    expect((await sam.post(`/alarms/${a!.id}/out-of-service`, { reason: 'sensor replaced tomorrow' })).body).toMatchObject({ annunciated: false, outOfService: { by: 'sam' } });
    expect((await olga.get('/audit')).status).toBe(403);
  });

  it('applies an action to a selection, each alarm answering for itself', async () => {
    const { api, send } = await site();
    send('DeviceId=Bath11 Noise=@65@;');
    const a = await until('unack', () => alarmOf(api), (x) => x?.state === 'unack');
    const r = (await api.post('/alarms/acknowledge', { ids: [a!.id, 9999], comment: 'bulk' })).body;
    expect(r[0]).toMatchObject({ id: a!.id, ok: true, alarm: { state: 'ack' } });
    expect(r[1]).toMatchObject({ id: 9999, ok: false });
  });

  it('flags chattering and reports KPIs', async () => {
    const { api, send } = await site();
    for (const v of [65, 50, 66, 50, 67, 50]) send(`DeviceId=Bath11 Noise=@${v}@;`);
    const a = await until('three activations', () => alarmOf(api), (x) => (x as { activations?: number } | undefined)?.activations === 3);
    expect((a as unknown as { chattering: boolean }).chattering).toBe(true);
    const kpis = (await api.get('/kpis')).body;
    expect(kpis).toMatchObject({ activations: 3, floods: [], chattering: [{ name: 'NOISE', activations: 3 }], badActors: [{ name: 'NOISE', source: 'Bathroom 11', activations: 3 }] });
  });
});

describe('event rules and rule management', () => {
  it('turns a HALO Vape Set into an alarm with a spoken phrase, and its Reset clears it', async () => {
    const vape = { id: 'VAPE', name: 'Vape detected', priority: 20 };
    const rule = { id: 'vape', name: 'Vape', when: { type: 'event', origin: 'tcp', name: 'Vape' }, do: [{ type: 'trigger-alarm', alarmId: 'VAPE' }, { type: 'speak', phrase: 'Vape has been detected in {device}' }] };
    const { api, send, ready } = await site(vape, rule);
    const ws = new (await import('ws')).default(`${ready.url.replace('http', 'ws')}api/v1/stream?token=${api.token}`);
    const spoken: string[] = [];
    ws.on('message', (d) => { for (const n of (JSON.parse(String(d)) as { notifications?: Array<{ kind: string; text: string }> }).notifications ?? []) if (n.kind === 'speak') spoken.push(n.text); });
    await new Promise((r) => ws.once('open', r));
    send('DeviceId=Bath11 Event=@Vape@ State=@Set@ Source=@PM2.5@ Value=@61@ Threshold=@40@;');
    await until('vape alarm', () => alarmOf(api, 'Vape detected'), (a) => a?.state === 'unack');
    await until('spoken', () => spoken, (s) => s.includes('Vape has been detected in Bathroom 11'));
    send('DeviceId=Bath11 Event=@Vape@ State=@Reset@ Source=@PM2.5@ Value=@8@ Threshold=@40@;');
    await until('rtn', () => alarmOf(api, 'Vape detected'), (a) => a?.state === 'rtn-unack');
    ws.close();
  });

  it('matches generic events by caption, case-sensitive as Nx does', async () => {
    const def = { id: 'AGG', name: 'Aggression', priority: 5 };
    const rule = { id: 'agg', name: 'Aggression', when: { type: 'event', origin: 'http', captionContains: 'Aggression' }, do: [{ type: 'trigger-alarm', alarmId: 'AGG' }] };
    const { api } = await site(def, rule);
    app!.acceptGenericEvent({ timestamp: Date.now(), source: 'Bath11', caption: 'aggression', description: '', kind: 'instant', metadata: null });
    expect(await alarmOf(api, 'Aggression')).toBeUndefined();
    app!.acceptGenericEvent({ timestamp: Date.now(), source: 'Bath11', caption: 'Aggression', description: '', kind: 'instant', metadata: null });
    expect((await alarmOf(api, 'Aggression'))?.state).toBe('unack');
  });

  it('versions rules, exports and imports them, and flags empty links', async () => {
    const { api } = await site();
    const updated = { ...NOISE_RULE, do: [{ type: 'trigger-alarm', alarmId: 'NOISE' }, { type: 'notify', message: 'Loud in {device}' }] };
    expect((await api.request('PUT', '/rules/halo-noise', updated)).body.version).toBe(2);
    expect((await api.get('/rules/halo-noise/versions')).body.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const exported = (await api.get('/rules/export')).body;
    expect(exported).toHaveLength(1);
    const imported = (await api.post('/rules/import', [{ ...NOISE_RULE, id: 'imported', do: [{ type: 'trigger-alarm', alarmId: '' }] }])).body;
    expect(imported[0].warnings).toEqual(['do[0]: the alarm link is empty']);
    const bad = await api.post('/rules', { ...NOISE_RULE, id: 'bad', when: { ...NOISE_RULE.when, op: '~' } });
    expect(bad.body.error.details[0]).toMatch(/^when/);
  });
});

describe('the audit trail', () => {
  it('is hash-chained: an altered or removed entry is detected', async () => {
    const { api } = await site();
    expect((await api.get('/audit/verify')).body).toMatchObject({ ok: true, broken: null });
    const csv = (await fetch(`${api.base}api/v1/audit/export?format=csv`, { headers: { authorization: `Bearer ${api.token}` } }));
    expect((await csv.text()).split('\r\n')[0]).toBe('id,time,actor,action,target,before,after,reason,hash');
    const db = new Database(join(app!.options.dataDir, 'watchdesk.db'));
    db.prepare("UPDATE audit SET actor = 'mallory' WHERE id = 2").run();
    const altered = (await api.get('/audit/verify')).body;
    expect(altered).toMatchObject({ ok: false, broken: { id: 2 } });
    db.prepare("UPDATE audit SET actor = 'admin' WHERE id = 2").run();
    expect((await api.get('/audit/verify')).body.ok).toBe(true);
    const last = (db.prepare('SELECT MAX(id) AS id FROM audit').get() as { id: number }).id;
    db.prepare('DELETE FROM audit WHERE id = ?').run(last);
    expect((await api.get('/audit/verify')).body.broken.reason).toMatch(/removed/);
    db.close();
  });
});
