import { afterEach, describe, expect, it } from 'vitest';
import type { WatchdeskApp } from '../electron/core/app.js';
import { hashPassword } from '../electron/core/auth/passwords.js';
import { Api, startApp, until } from './support/app.js';

let app: WatchdeskApp | null = null;
afterEach(async () => { await app?.stop(); app = null; });

const SETTINGS = { driver: 'simulated', directoryServer: '10.0.0.5', username: 'watchdesk', password: 'secret', activity: false };

async function site() {
  const started = await startApp();
  app = started.app;
  const { api } = started;
  const r = await api.request('PUT', '/site/connection', SETTINGS);
  expect(r.body).toMatchObject({ state: 'connected', settings: { directoryServer: '10.0.0.5', hasPassword: true } });
  expect(JSON.stringify(r.body)).not.toContain('secret');
  return { ...started };
}

const command = (api: Api, id: string, c: string, params: Record<string, unknown> = {}, confirmed = true) =>
  api.post(`/assets/${id}/commands`, { command: c, params, confirmed });
const settled = (api: Api, id: number) => until(`command ${id} settled`, async () => (await api.get(`/commands/${id}`)).body, (c) => c.status !== 'pending', 15_000);

describe('the simulated site', () => {
  it('mirrors ~30 doors with readers, ~20 cameras, inputs, outputs, the System and the Role', async () => {
    const { api } = await site();
    const assets = (await api.get('/assets')).body as Array<{ type: string; displayed: string }>;
    const count = (t: string) => assets.filter((a) => a.type === t).length;
    expect([count('door'), count('reader'), count('camera'), count('input'), count('output'), count('system'), count('role')]).toEqual([30, 30, 20, 12, 8, 1, 1]);
    expect((await api.get('/assets/door-01')).body).toMatchObject({ states: ['Secure', 'Locked'], displayed: 'Secure', communication: true });
    expect((await api.get('/assets?type=camera')).body).toHaveLength(20);
    expect((await api.get('/monitors')).body.map((m: { name: string }) => m.name)).toEqual(['Video wall', 'Desk']);
  });

  it('validates the communication settings field by field', async () => {
    const { api } = await site();
    const r = await api.request('PUT', '/site/connection', { directoryServer: '10.0.0.300', username: '', dataServerPort: 70000 });
    expect(r.status).toBe(400);
    expect(r.body.error.details).toEqual(expect.arrayContaining([
      expect.stringMatching(/^directoryServer: must be an IPv4 address/), expect.stringMatching(/^username: is required/), expect.stringMatching(/^dataServerPort: must be 1–65535/),
    ]));
  });
});

describe('closed-loop commands', () => {
  it('unlock: pending, then confirmed by the door’s reported state, audited with before and after', async () => {
    const { api } = await site();
    expect((await command(api, 'door-01', 'unlock', {}, false)).status).toBe(428);
    const [c] = (await command(api, 'door-01', 'unlock')).body;
    expect(c).toMatchObject({ status: 'pending', assetId: 'door-01', before: 'Secure' });
    const done = await settled(api, c.id);
    expect(done).toMatchObject({ status: 'confirmed', reason: null });
    expect((await api.get('/assets/door-01')).body.states).toContain('Unlocked');
    const audit = (await api.get('/audit?action=command.unlock')).body;
    expect(audit[0]).toMatchObject({ action: 'command.unlock.confirmed', actor: 'admin', target: 'asset:door-01', before: 'Secure', after: 'Unlocked' });
    expect(audit[1]).toMatchObject({ action: 'command.unlock', actor: 'admin', before: 'Secure' });
  });

  it('PTZ preset is confirmed by the camera’s position; a missing preset is rejected with the reason', async () => {
    const { api } = await site();
    const ok = (await command(api, 'camera-03', 'ptz-preset', { presetId: '2' })).body[0];
    expect((await settled(api, ok.id)).status).toBe('confirmed');
    expect((await api.get('/assets/camera-03')).body.attributes.ptz.preset).toBe('2');
    const bad = (await command(api, 'camera-03', 'ptz-preset', { presetId: '99' })).body[0];
    expect(await settled(api, bad.id)).toMatchObject({ status: 'failed', reason: 'rejected: camera Camera 03 has no preset 99' });
    expect((await command(api, 'camera-03', 'zoom', { direction: 'sideways' })).body.error.message).toMatch(/^Zoom: direction/);
  });

  it('fails on timeout when the site never confirms, and on refusal with the site’s reason', async () => {
    const { api } = await site();
    await api.post('/site/simulation', { freeze: ['door-02'], refuse: { 'output-01': 'output is wired to the fire panel' } });
    const refused = (await command(api, 'output-01', 'activate')).body[0];
    expect(await settled(api, refused.id)).toMatchObject({ status: 'failed', reason: 'rejected: output is wired to the fire panel' });
    const stuck = (await command(api, 'door-02', 'unlock')).body[0];
    expect(await settled(api, stuck.id)).toMatchObject({ status: 'failed', reason: expect.stringMatching(/^timeout/) });
  }, 20_000);

  it('No Communication wins over everything, fails commands, and clears on reconnect', async () => {
    const { api } = await site();
    expect((await command(api, 'door-03', 'mask')).body[0].status).toBe('confirmed');
    expect((await api.get('/assets/door-03')).body.displayed).toBe('Masked');
    await api.post('/site/simulation', { communication: false });
    expect((await api.get('/assets/door-03')).body.displayed).toBe('No Communication');
    expect((await api.get('/assets/system')).body.displayed).toBe('No Communication');
    const c = (await command(api, 'door-03', 'lock')).body[0];
    expect(await settled(api, c.id)).toMatchObject({ status: 'failed', reason: expect.stringMatching(/no communication/) });
    await api.post('/site/simulation', { communication: true });
    expect((await api.get('/assets/door-03')).body.displayed).toBe('Masked');
    expect((await command(api, 'door-03', 'reset')).body[0].status).toBe('confirmed');
    expect((await api.get('/assets/door-03')).body.displayed).toBe('Secure');
    // Disconnect and reconnect the driver itself.
    expect((await api.request('PUT', '/site/connection', { ...SETTINGS, password: undefined })).body.state).toBe('connected');
    const log = (await api.get('/site/log')).body.map((e: { message: string }) => e.message);
    expect(log.some((m: string) => m.includes('communication lost'))).toBe(true);
  });

  it('follows the command tables: roles, confirmation, and never cameras as a multi-selection', async () => {
    const { api, ready } = await site();
    app!.store.createOperator('olga', 'operator', await hashPassword('operator-pass'));
    const olga = new Api(ready.url);
    await olga.login('olga', 'operator-pass');
    expect((await command(olga, 'door-04', 'enable-maintenance')).status).toBe(403);
    expect((await command(olga, 'door-04', 'lock')).status).toBe(202);
    const cams = await api.post('/assets/commands', { assetIds: ['camera-01', 'camera-02'], command: 'stop-ptz', confirmed: true });
    expect(cams.body.error.message).toBe('cameras cannot be commanded as a multi-selection');
    const doors = await api.post('/assets/commands', { assetIds: ['door-05', 'door-06'], command: 'lock', confirmed: true });
    expect(doors.body).toHaveLength(2);
    // Unlock asks for confirmation: a selection refused for that sends nothing to any door.
    const before = (await api.get('/commands?limit=500')).body.length;
    expect((await olga.post('/assets/commands', { assetIds: ['door-07', 'door-08'], command: 'unlock' })).status).toBe(428);
    expect((await api.get('/commands?limit=500')).body).toHaveLength(before);
  });
});

describe('workflows', () => {
  it('each system command works, and Trigger Camera Preset takes integers only', async () => {
    const { api } = await site();
    const run = async (command: string, params: Record<string, unknown>) => settled(api, (await api.post('/site/commands', { command, params })).body.id);
    expect(await run('callup-live', { cameraAssetId: 'camera-01', monitorId: 1, tile: 2 })).toMatchObject({ status: 'confirmed' });
    expect((await api.get('/monitors')).body[0].tiles[1]).toMatchObject({ cameraAssetId: 'camera-01', mode: 'live' });
    expect(await run('callup-playback', { cameraAssetId: 'camera-02', monitorId: 1, tile: 1, dateTime: 1795233739224, prePlaybackS: 10, postPlaybackS: 30 })).toMatchObject({ status: 'confirmed' });
    expect((await api.get('/monitors')).body[0].tiles[0]).toMatchObject({ cameraAssetId: 'camera-02', mode: 'playback', playbackAt: 1795233729224 });
    expect(await run('stop-playback', { cameraAssetId: 'camera-02' })).toMatchObject({ status: 'confirmed' });
    expect(await run('change-tile-layout', { monitorId: 1, columns: 3, rows: 2 })).toMatchObject({ status: 'confirmed' });
    expect((await api.get('/monitors')).body[0].tiles).toHaveLength(6);
    expect(await run('clear-monitor', { monitorId: 1 })).toMatchObject({ status: 'confirmed' });
    expect((await api.get('/monitors')).body[0].tiles.every((t: { mode: string }) => t.mode === 'blank')).toBe(true);
    for (const [command, params] of [
      ['add-access-rule', { doorAssetId: 'door-01', accessRuleLogicalId: 3, side: 'both' }], ['remove-access-rule', { doorAssetId: 'door-01', accessRuleLogicalId: 3, side: 'in' }],
      ['create-playback-bookmark', { cameraAssetId: 'camera-01', dateTime: 1795233739224, postTimeS: 30 }], ['trigger-output-on-camera', { cameraAssetId: 'camera-01', outputLogicalId: 1, outputBehaviourId: 2 }],
      ['trigger-camera-preset', { cameraAssetId: 'camera-01', presetId: 3 }],
    ] as const) expect(await run(command, params)).toMatchObject({ status: 'confirmed' });
    const str = await api.post('/site/commands', { command: 'trigger-camera-preset', params: { cameraAssetId: 'camera-01', presetId: 'Entrance' } });
    expect(str.body.error.message).toMatch(/whole number; .*PTZ Preset command/);
    const tooSmall = await api.post('/site/commands', { command: 'change-tile-layout', params: { monitorId: 1, columns: 0, rows: 1 } });
    expect(tooSmall.body.error.message).toBe('Change Tile Layout: columns: columns must be at least 1');
    expect((await api.post('/site/commands', { command: 'callup-live', params: { cameraAssetId: 'door-01', monitorId: 1, tile: 1 } })).status).toBe(202);
  });

  it('records access granted and denied with the Last Access Event on door and reader, and raises Forced Open as an alarm', async () => {
    const started = await startApp();
    app = started.app;
    const { api } = started;
    await api.request('PUT', '/site/connection', { ...SETTINGS, activity: true });
    const events = await until('access events', async () => (await api.get('/site/events?text=Access')).body, (e) => e.length >= 3, 15_000);
    expect(events[0].name).toMatch(/^Access (Granted|Denied)$/);
    const readerId = events[0].args.assetId;
    const reader = (await api.get(`/assets/${readerId}`)).body;
    expect(reader.lastAccess).toMatchObject({ cardholder: expect.any(String), granted: expect.any(Boolean) });
    const door = (await api.get(`/assets/${reader.attributes.doorId}`)).body;
    expect(door.lastAccess).toEqual(reader.lastAccess);
    // Forced Open raises an alarm through the alarm engine (the status table says so).
    await api.post('/site/simulation', { force: { 'door-07': ['Forced Open', 'Locked'] } });
    const alarm = await until('forced open alarm', async () => (await api.get('/alarms?state=standing')).body, (a) => a.some((x: { name: string }) => x.name === 'Door Forced Open'));
    expect(alarm.find((x: { name: string }) => x.name === 'Door Forced Open')).toMatchObject({ source: { kind: 'asset', name: 'Door 07' }, latching: true });
    expect((await api.get('/site/events?text=Forced')).body[0]).toMatchObject({ name: 'Door Forced Open', source: 'Door 07' });
  }, 20_000);

  it('runs rule commands through the site: a forced door turns a camera to its preset', async () => {
    const { api } = await site();
    const rule = { id: 'forced-ptz', name: 'Forced door → camera', when: { type: 'event', origin: 'site', name: 'Door Forced Open' },
      do: [{ type: 'command', assetId: 'camera-05', command: 'ptz-preset', params: { presetId: '3' } }] };
    expect((await api.post('/rules', rule)).status).toBe(201);
    await api.post('/site/simulation', { force: { 'door-09': ['Forced Open', 'Locked'] } });
    await until('camera at preset 3', async () => (await api.get('/assets/camera-05')).body.attributes.ptz.preset, (p) => p === '3');
    const commands = (await api.get('/commands')).body as Array<{ actor: string; command: string; status: string }>;
    expect(commands.find((c) => c.actor === 'rule:forced-ptz')).toMatchObject({ command: 'ptz-preset' });
  });

  it('edits and exports the status and command tables', async () => {
    const { api } = await site();
    const tables = (await api.get('/status-tables')).body;
    tables.door.Unlocked.colour = '#ff00ff';
    expect((await api.request('PUT', '/status-tables', tables)).status).toBe(200);
    expect((await command(api, 'door-08', 'unlock')).status).toBe(202);
    const door = await until('unlocked', async () => (await api.get('/assets/door-08')).body, (d) => d.states.includes('Unlocked'));
    expect(door.displayed).toBe('Unlocked');
    expect(door.colour).toBe('#ff00ff');
    delete tables.door.Secure;
    expect((await api.request('PUT', '/status-tables', tables)).body.error.details).toContain('door.Secure: is missing: every state needs an entry');
  });
});
