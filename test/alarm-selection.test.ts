import { afterEach, describe, expect, it } from 'vitest';
import type { WatchdeskApp } from '../electron/core/app.js';
import { startApp } from './support/app.js';

let app: WatchdeskApp | null = null;
afterEach(async () => { await app?.stop(); app = null; });

describe('a bulk action acts only on the alarm states the operator selected', () => {
  it('refuses, by name, an alarm that changed since it was selected, and does the rest', async () => {
    const started = await startApp();
    app = started.app;
    const { api } = started;
    expect((await api.post('/alarm-definitions', { id: 'LOUD', name: 'Loud', priority: 40 })).status).toBe(201);
    const one = started.app.alarms.activate('LOUD', { kind: 'site', id: 'a', name: 'Room01', deviceId: null }, null, null);
    const two = started.app.alarms.activate('LOUD', { kind: 'site', id: 'b', name: 'Room02', deviceId: null }, null, null);
    // Room02 re-trips after the operator selected it: a clear and a new activation.
    started.app.alarms.clear('LOUD', 'b');
    started.app.alarms.activate('LOUD', { kind: 'site', id: 'b', name: 'Room02', deviceId: null }, null, null);
    const r = await api.post('/alarms/acknowledge', { ids: [one.id, two.id], versions: { [one.id]: one.version, [two.id]: two.version } });
    expect(r.status).toBe(200);
    expect(r.body[0]).toMatchObject({ id: one.id, ok: true });
    expect(r.body[1]).toMatchObject({ id: two.id, ok: false });
    expect(r.body[1].error).toMatch(/^Loud \(Room02\) changed since you selected it/);
    expect((await api.get(`/alarms/${two.id}`)).body.state).toBe('unack');
    // A refusal from the core names the alarm too.
    const again = await api.post('/alarms/acknowledge', { ids: [one.id] });
    expect(again.body[0].error).toMatch(/^Loud \(Room01\): /);
  });
});
