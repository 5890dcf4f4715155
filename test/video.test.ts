import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WatchdeskApp } from '../electron/core/app.js';
import { HaloFleet } from '../electron/core/demo/halo-fleet.js';
import { MjpegServer } from '../electron/core/demo/mjpeg-server.js';
import { MultipartParser } from '../electron/core/video/multipart.js';
import { startApp, until, type Api } from './support/app.js';

const CREDS = { username: 'halo', password: 'dash-secret' };
let app: WatchdeskApp;
let api: Api;
let fleet: HaloFleet;
let sim: MjpegServer;

beforeAll(async () => {
  ({ app, api } = await startApp({ allowLocalTargets: true }));
  // The simulator's HALOs are not connected over TCP here: only their dashboards are used.
  fleet = new HaloFleet({ host: '127.0.0.1', port: 1, names: ['Bath2F', 'Gym'], intervalMs: 60_000, eventsPerHour: 0, holdMs: 30_000, strings: { heartbeat: '', set: '', reset: '' }, seed: 1 });
  sim = new MjpegServer(fleet, { host: '127.0.0.1', port: 0, fps: 10, credentials: CREDS, partialContent: true });
  await sim.start();
});
afterAll(async () => {
  await app.stop();
  await sim.stop();
});

const isJpeg = (b: Buffer): boolean => b[0] === 0xff && b[1] === 0xd8 && b[b.length - 2] === 0xff && b[b.length - 1] === 0xd9;

/** A viewer of the proxied stream: counts JPEG frames until closed. */
function watch(url: string): { frames: Buffer[]; status: Promise<number>; close: () => void } {
  const frames: Buffer[] = [];
  let req: http.ClientRequest;
  const status = new Promise<number>((resolve, reject) => {
    req = http.get(url, (res) => {
      resolve(res.statusCode ?? 0);
      const boundary = /boundary=([^;]+)/.exec(String(res.headers['content-type']))?.[1];
      if (!boundary) return;
      const parser = new MultipartParser(boundary, (f) => frames.push(f));
      res.on('data', (d: Buffer) => parser.push(d));
      res.on('error', () => undefined);
    });
    req.on('error', reject);
  });
  // Closing a viewer is how a test ends it: the hang-up that follows is expected.
  status.catch(() => undefined);
  return { frames, status, close: () => req.destroy() };
}

async function ticketUrl(id: number, kind: 'stream' | 'snapshot'): Promise<string> {
  const { ticket } = (await api.post(`/cameras/${id}/ticket`, {})).body;
  return `${api.base}api/v1/cameras/${id}/${kind}?ticket=${ticket}`;
}

describe('cameras and the MJPEG proxy', () => {
  let cameraId: number;

  it('keeps camera credentials in the core and links cameras to devices', async () => {
    const created = await api.post('/cameras', { name: 'Bath2F dashboard', mjpegUrl: sim.url('Bath2F', 'stream'), snapshotUrl: sim.url('Bath2F', 'snapshot'), ...CREDS });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ hasPassword: true, state: 'idle', viewers: 0 });
    expect(JSON.stringify(created.body)).not.toContain(CREDS.password);
    expect(JSON.stringify((await api.get('/cameras')).body)).not.toContain(CREDS.password);
    cameraId = created.body.id;
    const device = await api.post('/devices', { name: 'Bathroom 2F', deviceId: 'Bath2F', typeId: 'halo', serverId: 1, cameraIds: [cameraId] });
    expect(device.body.cameraIds).toEqual([cameraId]);
    expect((await api.post('/devices', { name: 'X', deviceId: 'X', typeId: 'halo', serverId: 1, cameraIds: [999] })).body.error.message).toMatch(/camera 999 does not exist/);
    expect((await api.post('/cameras', { name: 'bad', mjpegUrl: 'file:///etc/passwd' })).status).toBe(400);
  });

  it('needs a session or a single-use ticket to view', async () => {
    const anon = await fetch(`${api.base}api/v1/cameras/${cameraId}/snapshot`);
    expect(anon.status).toBe(401);
    const url = await ticketUrl(cameraId, 'snapshot');
    const snap = await fetch(url);
    expect(snap.status).toBe(200);
    expect(snap.headers.get('content-type')).toBe('image/jpeg');
    expect(isJpeg(Buffer.from(await snap.arrayBuffer()))).toBe(true);
    expect((await fetch(url)).status).toBe(401); // used once already
  });

  it('fans one upstream connection out to many viewers, and stops it when the last leaves', async () => {
    const opened = sim.streamsOpened;
    const viewers = await Promise.all([1, 2, 3].map(async () => watch(await ticketUrl(cameraId, 'stream'))));
    expect(await Promise.all(viewers.map((v) => v.status))).toEqual([200, 200, 200]);
    await until('3 frames for every viewer', () => viewers.map((v) => v.frames.length), (n) => n.every((x) => x >= 3));
    expect(viewers.every((v) => v.frames.every(isJpeg))).toBe(true);
    expect(sim.streamsOpened - opened).toBe(1);
    expect(sim.activeStreams).toBe(1);
    expect((await api.get(`/cameras/${cameraId}`)).body).toMatchObject({ state: 'live', viewers: 3 });
    viewers.forEach((v) => v.close());
    await until('upstream closed', () => sim.activeStreams, (n) => n === 0);
    await until('idle', async () => (await api.get(`/cameras/${cameraId}`)).body.state, (s) => s === 'idle');
  });

  it('reconnects with backoff when the camera goes away and comes back', async () => {
    const viewer = watch(await ticketUrl(cameraId, 'stream'));
    await until('live', () => viewer.frames.length, (n) => n >= 2);
    const port = sim.port!;
    await sim.stop();
    await until('not live', async () => (await api.get(`/cameras/${cameraId}`)).body.state, (s) => s === 'reconnecting' || s === 'unreachable');
    sim = new MjpegServer(fleet, { host: '127.0.0.1', port, fps: 10, credentials: CREDS });
    await sim.start();
    const before = viewer.frames.length;
    await until('frames again on the same viewer connection', () => viewer.frames.length, (n) => n >= before + 2, 15_000);
    expect((await api.get(`/cameras/${cameraId}`)).body.state).toBe('live');
    viewer.close();
  });

  it('shows unauthorised when the camera refuses the credentials', async () => {
    const bad = (await api.post('/cameras', { name: 'Wrong', mjpegUrl: sim.url('Gym', 'stream'), username: 'halo', password: 'wrong' })).body;
    const viewer = watch(await ticketUrl(bad.id, 'stream'));
    const state = await until('unauthorised', async () => (await api.get(`/cameras/${bad.id}`)).body, (c) => c.state === 'unauthorised');
    // The precise reason (HTTP 401) is for the admin's log; operators see one text.
    expect(state.error).toBe('camera unreachable');
    viewer.close();
  });

  it('streams camera state changes to the console', async () => {
    const ws = new (await import('ws')).default(`${api.base.replace('http', 'ws')}api/v1/stream?token=${api.token}`);
    const states: string[] = [];
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as { cameras?: Array<{ id: number; state: string }> };
      const c = m.cameras?.find((x) => x.id === cameraId);
      if (c) states.push(c.state);
    });
    await new Promise((r) => ws.once('open', r));
    const viewer = watch(await ticketUrl(cameraId, 'stream'));
    expect(await viewer.status).toBe(200);
    await until('live on the stream', () => states, (s) => s.includes('live'));
    viewer.close();
    ws.close();
  });
});
