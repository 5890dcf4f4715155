import { afterEach, describe, expect, it } from 'vitest';
import type { WatchdeskApp } from '../electron/core/app.js';
import { startApp, until, type Api } from './support/app.js';
import { EMULATOR_JPEG, OnvifEmulator, type EmulatorOptions } from './support/onvif-emulator.js';
import { restart } from './support/restart.js';

let app: WatchdeskApp | null = null;
const emulators: OnvifEmulator[] = [];
afterEach(async () => {
  await app?.stop();
  app = null;
  for (const e of emulators.splice(0)) await e.stop();
});

async function camera(options: EmulatorOptions = {}): Promise<OnvifEmulator> {
  const e = new OnvifEmulator(options);
  await e.start();
  emulators.push(e);
  return e;
}

const SIM = { driver: 'simulated', directoryServer: '10.0.0.5', username: 'watchdesk', password: 'secret', activity: false };
const add = (api: Api, e: OnvifEmulator, extra: Record<string, unknown> = {}) =>
  api.post('/connections', { driver: 'onvif', address: '127.0.0.1', port: e.port, username: e.username, password: e.password, ...extra });
const command = (api: Api, id: string, c: string, params: Record<string, unknown> = {}) => api.post(`/assets/${id}/commands`, { command: c, params, confirmed: true });
const settled = (api: Api, id: number) => until(`command ${id} settled`, async () => (await api.get(`/commands/${id}`)).body, (c) => c.status !== 'pending', 15_000);
const CAM = encodeURIComponent('onvif-1:camera-1');

describe('the ONVIF driver against the emulator', () => {
  it('adds a camera beside the simulated site, lists its presets, runs one confirmed by the position, never shows the password', async () => {
    const started = await startApp();
    app = started.app;
    const { api } = started;
    expect((await api.request('PUT', '/site/connection', SIM)).body.state).toBe('connected');
    const e = await camera();
    const added = await add(api, e, { name: 'Gate PTZ' });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ id: 'onvif-1', driver: 'onvif', state: 'connected', communication: true, hasPassword: true, assets: 1 });
    expect(JSON.stringify(added.body)).not.toContain(e.password);
    const list = (await api.get('/connections')).body as Array<{ id: string; primary: boolean }>;
    expect(list.map((c) => [c.id, c.primary])).toEqual([['site', true], ['onvif-1', false]]);
    expect(JSON.stringify(list)).not.toContain('secret');
    expect((await api.get('/assets/door-01')).body.connection).toBe('site');

    const cam = (await api.get(`/assets/${CAM}`)).body;
    expect(cam).toMatchObject({ type: 'camera', name: 'Gate PTZ', connection: 'onvif-1', communication: true, displayed: 'Normal' });
    expect(cam.attributes.presets).toEqual([{ id: 'preset-1', name: 'Home' }, { id: 'preset-2', name: 'Gate' }, { id: 'preset-3', name: 'Loading Bay' }]);
    expect(cam.attributes.device).toMatchObject({ manufacturer: 'Emulated Optics', model: 'PTZ-2000' });

    // By name: sent by token, confirmed when the reported position reaches the preset's.
    const [c] = (await command(api, 'onvif-1:camera-1', 'ptz-preset', { presetId: 'Gate' })).body;
    expect(c).toMatchObject({ status: 'pending', params: { presetId: 'preset-2' } });
    expect(await settled(api, c.id)).toMatchObject({ status: 'confirmed' });
    const pos = (await api.get(`/assets/${CAM}`)).body.attributes.ptz.position;
    expect(pos.x).toBeCloseTo(0.5, 1);
    expect(e.count('GotoPreset')).toBe(1);

    const missing = await command(api, 'onvif-1:camera-1', 'ptz-preset', { presetId: 'Roof' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toBe('Gate PTZ has no preset "Roof"; it has: Home (preset-1), Gate (preset-2), Loading Bay (preset-3)');

    const [move] = (await command(api, 'onvif-1:camera-1', 'pan-tilt', { direction: 'left', speed: 40 })).body;
    expect(await settled(api, move.id)).toMatchObject({ status: 'confirmed' });
    const [stop] = (await command(api, 'onvif-1:camera-1', 'stop-ptz')).body;
    expect(await settled(api, stop.id)).toMatchObject({ status: 'confirmed' });
    const [home] = (await command(api, 'onvif-1:camera-1', 'ptz-preset', { presetId: 'home' })).body;
    expect(await settled(api, home.id)).toMatchObject({ status: 'confirmed' });
    const [aux] = (await command(api, 'onvif-1:camera-1', 'aux-set', { auxId: 1 })).body;
    expect(await settled(api, aux.id)).toMatchObject({ status: 'confirmed' });
    expect(e.auxCommands).toEqual(['tt:Wiper|On']);
    expect(e.count('ContinuousMove')).toBe(1);
    expect(e.count('Stop')).toBe(1);

    // Presets saved and removed by a supervisor or admin, audited.
    const saved = await api.post(`/assets/${CAM}/presets`, { name: 'Roof' });
    expect(saved.status).toBe(201);
    await until('Roof listed', async () => (await api.get(`/assets/${CAM}`)).body.attributes.presets, (p) => p.some((x: { name: string }) => x.name === 'Roof'));
    expect((await api.request('DELETE', `/assets/${CAM}/presets/Roof`)).status).toBe(204);
    expect([...e.presets.values()].map((p) => p.name)).toEqual(['Home', 'Gate', 'Loading Bay']);
    const audit = (await api.get('/audit?action=preset')).body as Array<{ action: string }>;
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['preset.set', 'preset.remove']));

    // A snapshot, fetched by the core with the camera's credentials.
    const snap = await fetch(`${api.base}api/v1/assets/${CAM}/snapshot`, { headers: { authorization: `Bearer ${api.token}` } });
    expect(snap.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await snap.arrayBuffer()).equals(EMULATOR_JPEG)).toBe(true);
    // An <img> has no bearer token: a single-use ticket instead.
    expect((await fetch(`${api.base}api/v1/assets/${CAM}/snapshot`)).status).toBe(401);
    const { ticket } = (await api.post(`/assets/${CAM}/snapshot/ticket`, {})).body;
    const viaTicket = `${api.base}api/v1/assets/${CAM}/snapshot?ticket=${encodeURIComponent(ticket)}`;
    expect((await fetch(viaTicket)).status).toBe(200);
    expect((await fetch(viaTicket)).status).toBe(401);
  }, 40_000);

  it('a motion event raises an alarm through a rule; pulling the plug marks only the camera No Communication, and it comes back', async () => {
    const started = await startApp();
    app = started.app;
    const { api } = started;
    await api.request('PUT', '/site/connection', SIM);
    const e = await camera({ subscriptionSeconds: 3 });
    await add(api, e);
    expect((await api.post('/alarm-definitions', { id: 'cam-motion', name: 'Motion at the gate', priority: 2 })).status).toBe(201);
    const rule = { id: 'motion', name: 'Motion → alarm', when: { type: 'event', origin: 'site', name: 'Adaptive Motion' }, do: [{ type: 'trigger-alarm', alarmId: 'cam-motion' }] };
    expect((await api.post('/rules', rule)).status).toBe(201);
    await until('pull point', () => e.count('PullMessages'), (n) => n > 0);
    e.motion(true);
    await until('motion alarm', async () => (await api.get('/alarms?state=standing')).body, (a) => a.some((x: { name: string }) => x.name === 'Motion at the gate'));
    const events = (await api.get('/site/events?text=Adaptive')).body;
    expect(events[0]).toMatchObject({ name: 'Adaptive Motion', origin: 'site', args: { assetId: 'onvif-1:camera-1' } });
    // Renewed before it expires (3 s here).
    await until('renew', () => e.count('Renew'), (n) => n > 0, 8000);

    await e.stop();
    await until('no communication', async () => (await api.get(`/assets/${CAM}`)).body.displayed, (d) => d === 'No Communication');
    expect((await api.get('/assets/door-01')).body.communication).toBe(true);
    const failed = await command(api, 'onvif-1:camera-1', 'stop-ptz');
    expect(await settled(api, failed.body[0].id)).toMatchObject({ status: 'failed', reason: expect.stringMatching(/^no communication/) });
    await e.start();
    await until('restored', async () => (await api.get(`/assets/${CAM}`)).body.displayed, (d) => d === 'Normal', 20_000);
    const log = (await api.get('/connections/onvif-1/log')).body as Array<{ message: string }>;
    expect(log.some((l) => l.message.startsWith('communication lost'))).toBe(true);
    expect(log.some((l) => l.message === 'communication restored')).toBe(true);
    expect((await api.get('/connections/onvif-1')).body.faults.error).toBeGreaterThan(0);
  }, 45_000);

  it('keeps the camera across a restart; a camera down at start shows its assets No Communication, then connects by itself', async () => {
    const started = await startApp();
    app = started.app;
    const e = await camera();
    await add(started.api, e);
    await e.stop();
    const again = await restart(started.app);
    app = again.app;
    const cam = await until('camera listed', async () => (await again.api.get(`/assets/${CAM}`)), (r) => r.status === 200);
    expect(cam.body).toMatchObject({ displayed: 'No Communication', name: 'Emulated Optics PTZ-2000' });
    expect((await again.api.get('/connections/onvif-1')).body).toMatchObject({ state: expect.stringMatching(/failed|connecting/), hasPassword: true });
    await e.start();
    await until('connected', async () => (await again.api.get('/connections/onvif-1')).body.state, (s) => s === 'connected', 20_000);
    expect((await again.api.get(`/assets/${CAM}`)).body.displayed).toBe('Normal');
  }, 40_000);

  it('a camera with a JPEG profile: its MJPEG stream through the core, by session or ticket', async () => {
    const started = await startApp();
    app = started.app;
    const { api } = started;
    const e = await camera({ mjpeg: true });
    await add(api, e);
    expect((await api.get(`/assets/${CAM}`)).body.attributes).toMatchObject({ mjpeg: true, snapshot: true });
    const read = async (url: string, headers: Record<string, string> = {}): Promise<{ type: string | null; first: string }> => {
      const controller = new AbortController();
      const res = await fetch(url, { headers, signal: controller.signal });
      const reader = res.body!.getReader();
      let text = '';
      while (!text.includes('image/jpeg')) text += Buffer.from((await reader.read()).value ?? []).toString('latin1');
      controller.abort();
      return { type: res.headers.get('content-type'), first: text };
    };
    const viaSession = await read(`${api.base}api/v1/assets/${CAM}/stream`, { authorization: `Bearer ${api.token}` });
    expect(viaSession.type).toMatch(/^multipart\/x-mixed-replace/);
    expect(viaSession.first).toContain('Content-Type: image/jpeg');
    const { ticket } = (await api.post(`/assets/${CAM}/snapshot/ticket`, {})).body;
    expect((await read(`${api.base}api/v1/assets/${CAM}/stream?ticket=${encodeURIComponent(ticket)}`)).first).toContain('image/jpeg');
    expect((await fetch(`${api.base}api/v1/assets/${CAM}/stream`)).status).toBe(401);
    // A camera without a JPEG profile has no stream; RTSP is not proxied.
    const plain = await camera();
    await add(api, plain);
    expect((await api.get('/assets/onvif-2:camera-1')).body.attributes.mjpeg).toBe(false);
    expect((await api.get(`/assets/${encodeURIComponent('onvif-2:camera-1')}/stream`)).status).toBe(404);
  }, 30_000);
});

describe('bad input and faults: a clear error, never a crash', () => {
  async function failure(e: OnvifEmulator | null, extra: Record<string, unknown> = {}): Promise<string> {
    const r = await app!.site.addConnection({ driver: 'onvif', address: '127.0.0.1', port: e?.port ?? 1, username: 'admin', password: e?.password ?? 'x', ...extra }, 'admin');
    expect(r.state).toBe('failed');
    await app!.site.removeConnection(r.id, 'admin');
    return r.error ?? '';
  }

  it('names each fault', async () => {
    const started = await startApp();
    app = started.app;
    const e = await camera();
    expect(await failure(null)).toMatch(/refused the connection \(ECONNREFUSED\)/);
    expect(await failure(e, { password: 'wrong' })).toMatch(/^NotAuthorized: .*Sender not Authorized/);
    e.mode = 'garbage';
    expect(await failure(e)).toMatch(/not valid SOAP/);
    e.mode = 'truncated';
    expect(await failure(e)).toMatch(/not valid SOAP/);
    e.mode = 'bomb';
    expect(await failure(e)).toMatch(/DOCTYPE or entities, which are refused/);
    e.mode = 'huge';
    expect(await failure(e)).toMatch(/larger than 2 MiB/);
    e.mode = 'hang';
    expect(await failure(e)).toMatch(/no answer .* within 5 s/);
    const bad = await started.api.post('/connections', { driver: 'onvif', address: 'bad host!', port: 70000, username: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual(expect.arrayContaining([expect.stringMatching(/^address:/), expect.stringMatching(/^port: must be 1–65535/), expect.stringMatching(/^username: is required/)]));
  }, 40_000);

  it('refuses PTZ on a camera without it, with the reason; a camera fault fails the command with its text', async () => {
    const started = await startApp();
    app = started.app;
    const { api } = started;
    const fixed = await camera({ ptz: false });
    await add(api, fixed);
    const r = await command(api, 'onvif-1:camera-1', 'pan-tilt', { direction: 'up' });
    expect(r.status).toBe(409);
    expect(r.body.error.message).toMatch(/has no PTZ/);
    const ptz = await camera();
    await add(api, ptz);
    // A camera without GetStatus and without PullPoint: still connected, presets confirmed by acceptance.
    const plain = await camera();
    plain.unsupported.add('GetStatus');
    plain.unsupported.add('CreatePullPointSubscription');
    await add(api, plain);
    const [p] = (await command(api, 'onvif-3:camera-1', 'ptz-preset', { presetId: 'Loading Bay' })).body;
    expect(await settled(api, p.id)).toMatchObject({ status: 'confirmed' });
    expect((await api.get('/connections/onvif-3')).body).toMatchObject({ state: 'connected', communication: true });
    const log = (await api.get('/connections/onvif-3/log')).body as Array<{ message: string }>;
    expect(log.some((l) => /offers no PullPoint/.test(l.message))).toBe(true);
    ptz.mode = 'fault';
    ptz.faultReason = 'Preset move blocked by the privacy mask';
    const [c] = (await command(api, 'onvif-2:camera-1', 'ptz-preset', { presetId: 'preset-2' })).body;
    expect(await settled(api, c.id)).toMatchObject({ status: 'failed', reason: expect.stringContaining('Preset move blocked by the privacy mask') });
  }, 30_000);
});
