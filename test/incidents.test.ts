import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamMessage } from '../shared/bridge.js';
import type { WatchdeskApp } from '../electron/core/app.js';
import { hashPassword } from '../electron/core/auth/passwords.js';
import { HaloFleet } from '../electron/core/demo/halo-fleet.js';
import { MjpegServer } from '../electron/core/demo/mjpeg-server.js';
import { SERIES_COLOUR, THRESHOLD_COLOUR } from '../electron/core/incidents/report-pdf.js';
import { startApp, until, type Api } from './support/app.js';
import { readPdf } from './support/pdf-pages.js';
import { handleAppRequest } from '../electron/shell/app-protocol.js';

let app: WatchdeskApp;
let api: Api;
let sim: MjpegServer;
let cameraId: number;
let deviceId: number;
let alarmId: number;
const messages: StreamMessage[] = [];

const DEF = { id: 'NOISE', name: 'Loud noise', priority: 10, latching: true, steps: [{ id: 'look', text: 'Look at the dashboard' }, { id: 'guard', text: 'Send a guard', requireComment: true }] };
const RULE = { id: 'halo-noise', name: 'Noise above 60', when: { type: 'data', deviceTypeId: 'halo', point: 'Noise', op: '>', value: 60 }, do: [{ type: 'trigger-alarm', alarmId: 'NOISE' }] };

beforeAll(async () => {
  ({ app, api } = await startApp({ allowLocalTargets: true }));
  const fleet = new HaloFleet({ host: '127.0.0.1', port: 1, names: ['Bath11'], intervalMs: 60_000, eventsPerHour: 0, holdMs: 30_000, strings: { heartbeat: '', set: '', reset: '' }, seed: 1 });
  sim = new MjpegServer(fleet, { host: '127.0.0.1', port: 0, fps: 5, credentials: null });
  await sim.start();
  cameraId = (await api.post('/cameras', { name: 'Bath11 dashboard', mjpegUrl: sim.url('Bath11', 'stream'), snapshotUrl: sim.url('Bath11', 'snapshot') })).body.id;
  await api.post('/alarm-definitions', DEF);
  await api.post('/rules', RULE);
  deviceId = (await api.post('/devices', { name: 'Bathroom 11', deviceId: 'Bath11', typeId: 'halo', serverId: 1 })).body.id;
  // Ten minutes of Noise rising through the threshold, stored as ingest stores it.
  const now = Date.now();
  const times = Array.from({ length: 60 }, (_, i) => now - 600_000 + i * 10_000);
  app.store.writeBatch({ chunks: [{ device: deviceId, points: ['Noise'], times, values: times.map((_, i) => 40 + i * 0.5) }], events: [], latest: [] });
  alarmId = app.alarms.activate('NOISE', { kind: 'device', id: `device:${deviceId}`, name: 'Bathroom 11', deviceId }, 65, 'halo-noise').id;
  await api.post(`/alarms/${alarmId}/steps/guard/check`, { comment: 'Sam went up' });
  app.hub.subscribe((m) => messages.push(m));
});
afterAll(async () => {
  await app.stop();
  await sim.stop();
});

describe('incidents', () => {
  let id: number;

  it('opens from an alarm with the operator as owner, and refuses unknown alarms', async () => {
    const bad = await api.post('/incidents', { alarmIds: [alarmId, 999] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('alarmIds: alarm 999 does not exist');
    expect((await api.get('/incidents')).body).toEqual([]);
    const r = await api.post('/incidents', { alarmIds: [alarmId], note: 'Second complaint tonight' });
    expect(r.status).toBe(201);
    id = r.body.id;
    expect(r.body).toMatchObject({ title: 'Loud noise on Bathroom 11', state: 'open', owner: 'admin', openedBy: 'admin', alarmIds: [alarmId] });
    expect(r.body.entries.map((e: { kind: string; text: string }) => `${e.kind}: ${e.text}`)).toEqual([
      'opened: Opened "Loud noise on Bathroom 11"', 'alarm: Loud noise on Bathroom 11 (unacknowledged, priority 10)', 'note: Second complaint tonight',
    ]);
    await until('the stream names the incident', () => messages, (m) => m.some((x) => x.type === 'delta' && x.incidents?.includes(id)));
  });

  it('keeps a snapshot taken now through the video proxy, as a file, shown with a ticket', async () => {
    const r = await api.post(`/incidents/${id}/snapshots`, { cameraId });
    expect(r.status).toBe(201);
    const entry = r.body.entries.at(-1);
    expect(entry).toMatchObject({ kind: 'snapshot', actor: 'admin', text: 'Snapshot of Bath11 dashboard', snapshot: { camera: 'Bath11 dashboard' } });
    expect(existsSync(join(app.options.dataDir, 'incidents', String(id), `${entry.id}.jpg`))).toBe(true);
    const url = `${api.base}api/v1/incidents/${id}/snapshots/${entry.id}`;
    expect((await fetch(url)).status).toBe(401);
    const { ticket } = (await api.post(`/incidents/${id}/ticket`, {})).body;
    const img = await fetch(`${url}?ticket=${ticket}`);
    expect(img.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await img.arrayBuffer()).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    expect((await fetch(`${url}?ticket=${ticket}`)).status).toBe(401);
    expect((await api.post(`/incidents/${id}/snapshots`, { cameraId: 4242 })).status).toBe(400);
    expect((await api.post(`/incidents/${id}/snapshots`, {})).body.error.message).toMatch(/give either cameraId or assetId/);
  });

  it('attaches events and notes, hands over to another operator, each audited', async () => {
    const eventId = app.store.nextEventId();
    app.store.writeBatch({ chunks: [], events: [{ id: eventId, t: Date.now(), origin: 'tcp', deviceId, name: 'Aggression', kind: 'instant', source: 'Bathroom 11', caption: 'Aggression', description: 'shouting', args: {}, metadata: null, pairId: null }], latest: [] });
    expect((await api.post(`/incidents/${id}/events`, { eventIds: [eventId] })).body.entries.at(-1).text).toMatch(/^Aggression from Bathroom 11 at .*: shouting$/);
    expect((await api.post(`/incidents/${id}/events`, { eventIds: [eventId + 100] })).status).toBe(400);
    await api.post(`/incidents/${id}/notes`, { text: 'Guard on the way' });
    expect((await api.request('PUT', `/incidents/${id}/owner`, { owner: 'nobody' })).status).toBe(400);
    app.store.createOperator('olga', 'operator', await hashPassword('olga-password-1'));
    expect((await api.request('PUT', `/incidents/${id}/owner`, { owner: 'olga' })).body).toMatchObject({ owner: 'olga' });
    const audit = (await api.get('/audit?action=incident.')).body as Array<{ action: string; actor: string; target: string }>;
    expect(audit.map((a) => a.action).reverse()).toEqual(['incident.open', 'incident.snapshot', 'incident.attach-events', 'incident.note', 'incident.owner']);
    expect(audit.every((a) => a.actor === 'admin' && a.target === `incident:${id}`)).toBe(true);
    expect((await api.get('/incidents')).body[0]).toMatchObject({ id, entryCount: 7, snapshots: 1 });
  });

  it('exports the report: timeline, checklist, snapshot and the sensor chart with its threshold', async () => {
    const res = await fetch(`${api.base}api/v1/incidents/${id}/report`, { headers: { authorization: `Bearer ${api.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { text, pages } = await readPdf(pdf);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    for (const s of [`Incident ${id}: Loud noise on Bathroom 11`, 'Owner: olga', 'Timeline', 'Guard on the way', 'Alarm: Loud noise on Bathroom 11', '[x] 2. Send a guard',
      'checked by admin', '"Sam went up"', '[ ] 1. Look at the dashboard', 'Who did what', 'Sensor: Bathroom 11 · Noise', 'threshold > 60', 'Snapshots', 'Snapshot of Bath11 dashboard']) {
      expect(text).toContain(s);
    }
    // The chart page: the series line and the dashed threshold are drawn, in their colours.
    const chartPage = pages.find((p) => p.count(SERIES_COLOUR) > 100);
    expect(chartPage).toBeDefined();
    expect(chartPage!.count(THRESHOLD_COLOUR)).toBeGreaterThan(50);
    expect(pages.every((p) => p.inked() > 1000)).toBe(true);
    expect((await api.get(`/audit?action=incident.export`)).body[0]).toMatchObject({ actor: 'admin', target: `incident:${id}`, after: { format: 'pdf' } });
    expect((await fetch(`${api.base}api/v1/incidents/${id}/report`)).status).toBe(401);
  });

  it('reaches the desktop app through app://watchdesk with a ticket, and only with one', async () => {
    const core = (): string => api.base;
    const { ticket } = (await api.post(`/incidents/${id}/ticket`, {})).body;
    const res = await handleAppRequest(new Request(`app://watchdesk/api/v1/incidents/${id}/report?ticket=${ticket}`), '/nonexistent', core);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect((await handleAppRequest(new Request(`app://watchdesk/api/v1/incidents/${id}/report`), '/nonexistent', core)).status).toBe(404);
  });

  it('closes; a closed incident takes nothing more until a supervisor reopens it', async () => {
    expect((await api.post(`/incidents/${id}/close`, { note: 'Resolved, student sent home' })).body).toMatchObject({ state: 'closed', closedBy: 'admin' });
    expect((await api.post(`/incidents/${id}/notes`, { text: 'late' })).status).toBe(409);
    expect((await api.get('/incidents')).body).toEqual([]);
    expect((await api.get('/incidents?state=closed')).body).toHaveLength(1);
    expect((await api.post(`/incidents/${id}/reopen`, {})).body).toMatchObject({ state: 'open', closedAt: null });
  });

  it('opens one incident for a flood group: several alarms, each in the report', async () => {
    const second = app.alarms.activate('NOISE', { kind: 'device', id: 'device:9999', name: 'Bathroom 12', deviceId: null }, 70, null).id;
    const r = await api.post('/incidents', { alarmIds: [alarmId, second, second] });
    expect(r.body).toMatchObject({ title: 'Loud noise × 2', alarmIds: [alarmId, second] });
    const res = await fetch(`${api.base}api/v1/incidents/${r.body.id}/report`, { headers: { authorization: `Bearer ${api.token}` } });
    const { text } = await readPdf(Buffer.from(await res.arrayBuffer()));
    expect(text).toContain('Alarm: Loud noise on Bathroom 11');
    expect(text).toContain('Alarm: Loud noise on Bathroom 12');
    expect(text).toContain('No sensor chart: Bathroom 12 is not a sensor');
  });
});
