import { afterEach, describe, expect, it } from 'vitest';
import type { WatchdeskApp } from '../electron/core/app.js';
import { repeating } from '../shared/alarms/alert-repeat.js';
import { startApp } from './support/app.js';

let app: WatchdeskApp | null = null;
afterEach(async () => { await app?.stop(); app = null; });

describe('the repeating alert sound', () => {
  it('repeats for unacknowledged, unshelved alarms of the chosen priorities only', () => {
    const a = (state: string, priority: number, shelved: unknown = null) => ({ state, priority, shelved });
    const alarms = [a('unack', 5), a('rtn-unack', 20), a('ack', 1), a('unack', 40), a('unack', 3, { until: 1 }), a('latched', 1)];
    expect(repeating(alarms, { upToPriority: 20, everyS: 15 })).toEqual([a('unack', 5), a('rtn-unack', 20)]);
    expect(repeating(alarms, { upToPriority: 0, everyS: 15 })).toEqual([]);
  });

  it('is a site setting: off by default, set by an admin, checked, audited', async () => {
    const started = await startApp();
    app = started.app;
    const { api } = started;
    expect((await api.get('/settings/alert-repeat')).body).toEqual({ upToPriority: 0, everyS: 15 });
    expect((await api.request('PUT', '/settings/alert-repeat', { upToPriority: 20, everyS: 2 })).status).toBe(400);
    expect((await api.request('PUT', '/settings/alert-repeat', { upToPriority: 20, everyS: 10 })).body).toEqual({ upToPriority: 20, everyS: 10 });
    expect((await api.get('/settings/alert-repeat')).body).toEqual({ upToPriority: 20, everyS: 10 });
    expect(JSON.stringify((await api.get('/audit?action=settings.alert-repeat')).body)).toContain('"upToPriority":20');
  });
});

describe('an alarm’s duration', () => {
  it('stops when the condition clears: clearedAt is set on clear and reset on a re-trip', async () => {
    const started = await startApp();
    app = started.app;
    const { api } = started;
    expect((await api.post('/alarm-definitions', { id: 'DOOR', name: 'Door', priority: 10, category: 'security', procedure: 'Check the door.' })).status).toBe(201);
    const source = { kind: 'asset' as const, id: 'asset:door-01', name: 'Door 01', deviceId: null };
    const raised = started.app.alarms.activate('DOOR', source, null, null);
    expect(raised.clearedAt).toBeNull();
    const cleared = started.app.alarms.clear('DOOR', 'asset:door-01')!;
    expect(cleared).toMatchObject({ state: 'rtn-unack' });
    expect(cleared.clearedAt).toBeGreaterThanOrEqual(cleared.activatedAt!);
    expect((await api.get(`/alarms/${cleared.id}`)).body.clearedAt).toBe(cleared.clearedAt);
    expect(started.app.alarms.activate('DOOR', source, null, null).clearedAt).toBeNull();
    // Reports: one row per time it stood, newest first.
    const rows = (await api.get('/alarm-occurrences')).body as Array<{ name: string; clearedAt: number | null; state: string }>;
    expect(rows.map((r) => [r.name, r.state, r.clearedAt === null])).toEqual([['Door', 'unack', true], ['Door', 'rtn-unack', false]]);
  });
});
