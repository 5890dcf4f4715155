import { afterEach, describe, expect, it } from 'vitest';
import type { WatchdeskApp } from '../electron/core/app.js';
import { startApp } from './support/app.js';

let app: WatchdeskApp | null = null;
afterEach(async () => { await app?.stop(); app = null; });

const DEF = {
  id: 'DOOR_FORCED', name: 'Door Forced Open', priority: 20, latching: true, requireSteps: true,
  steps: [
    { id: 'look', text: 'Turn camera 3 to the door', action: { type: 'ptz-preset', assetId: 'camera-03', presetId: '2' } },
    { id: 'guard', text: 'Send a guard', requireComment: true },
    { id: 'tell', text: 'Tell the room', action: { type: 'rule-action', action: { type: 'notify', message: 'Door forced at {device}', level: 'warning' } } },
  ],
};
const SOURCE = { kind: 'asset' as const, id: 'asset:door-12', name: 'Door 12', deviceId: null };

async function latchedAlarm() {
  const started = await startApp();
  app = started.app;
  const { api } = started;
  expect((await api.request('PUT', '/site/connection', { driver: 'simulated', directoryServer: '10.0.0.5', username: 'w', password: 'secret', activity: false })).body).toMatchObject({ state: 'connected' });
  expect((await api.post('/alarm-definitions', DEF)).status).toBe(201);
  const alarm = app.alarms.activate('DOOR_FORCED', SOURCE, null, null);
  return { ...started, id: alarm.id };
}

describe('an alarm procedure worked as a checklist', () => {
  it('refuses a reset while steps are open, naming them; each check and run is in the history and the audit', async () => {
    const { api, id, app: a } = await latchedAlarm();
    expect((await api.get(`/alarms/${id}`)).body).toMatchObject({ requireSteps: true, steps: [{ id: 'look' }, { id: 'guard' }, { id: 'tell' }], checklist: {} });
    await api.post(`/alarms/${id}/acknowledge`, {});
    a.alarms.clear('DOOR_FORCED', SOURCE.id);
    expect((await api.get(`/alarms/${id}`)).body.state).toBe('latched');

    const refused = await api.post(`/alarms/${id}/reset`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'steps_open', details: ['look', 'guard', 'tell'] });
    expect(refused.body.error.message).toBe(`alarm ${id}: Door Forced Open cannot be reset until every step of its procedure is checked; open: "1. Turn camera 3 to the door", "2. Send a guard", "3. Tell the room"`);

    // The PTZ step runs as this operator and waits for the camera's confirmation.
    const ran = await api.post(`/alarms/${id}/steps/look/run`, {});
    expect(ran.status).toBe(200);
    expect(ran.body.commands[0]).toMatchObject({ assetId: 'camera-03', command: 'ptz-preset', status: 'confirmed', actor: 'admin' });
    expect(ran.body.alarm.checklist.look).toMatchObject({ check: null, run: { by: 'admin', ok: true, detail: 'PTZ camera-03 to preset 2: confirmed' } });
    expect((await api.get('/assets/camera-03')).body.attributes.ptz.preset).toBe('2');
    const told = await api.post(`/alarms/${id}/steps/tell/run`, {});
    expect(told.body.alarm.checklist.tell.run).toMatchObject({ ok: true, detail: 'rule action notify' });
    expect((await api.post(`/alarms/${id}/steps/guard/run`, {})).status).toBe(400);

    expect((await api.post(`/alarms/${id}/steps/look/check`, {})).status).toBe(200);
    const noComment = await api.post(`/alarms/${id}/steps/guard/check`, { comment: ' ' });
    expect(noComment.status).toBe(400);
    expect(noComment.body.error.message).toBe(`alarm ${id}: comment: step 2. Send a guard needs a comment`);
    expect((await api.post(`/alarms/${id}/steps/look/check`, {})).status).toBe(409);
    expect((await api.post(`/alarms/${id}/steps/nope/check`, {})).status).toBe(404);
    await api.post(`/alarms/${id}/steps/guard/check`, { comment: 'Sam went' });
    expect((await api.post(`/alarms/${id}/reset`, {})).body.error.message).toMatch(/open: "3\. Tell the room"$/);
    await api.post(`/alarms/${id}/steps/tell/check`, {});
    expect((await api.post(`/alarms/${id}/reset`, {})).body).toMatchObject({ state: 'normal', checklist: { guard: { check: { by: 'admin', comment: 'Sam went' } } } });

    const history = (await api.get(`/alarms/${id}/history`)).body as Array<{ action: string; actor: string; reason: string }>;
    expect(history.filter((h) => h.action.startsWith('step-')).map((h) => `${h.action} ${h.actor} ${h.reason}`)).toEqual([
      'step-run admin 1. Turn camera 3 to the door: ran (PTZ camera-03 to preset 2: confirmed)',
      'step-run admin 3. Tell the room: ran (rule action notify)',
      'step-check admin 1. Turn camera 3 to the door',
      'step-check admin 2. Send a guard — Sam went',
      'step-check admin 3. Tell the room',
    ]);
    expect(history.at(-1)).toMatchObject({ action: 'reset', actor: 'admin' });
    const audit = (await api.get('/audit?action=alarm.step-check')).body as Array<{ actor: string; target: string; after: { step: string; comment: string } }>;
    expect(audit.map((r) => r.after.step)).toEqual(['tell', 'guard', 'look']);
    expect(audit[1]).toMatchObject({ actor: 'admin', target: `alarm:${id}`, after: { comment: 'Sam went' } });
    expect((await api.get('/audit?action=alarm.step-run')).body).toHaveLength(2);
  });

  it('starts a fresh checklist for a new occurrence, and keeps old free-text procedures as one step a line', async () => {
    const { api, id, app: a } = await latchedAlarm();
    await api.post(`/alarms/${id}/steps/look/check`, {});
    await api.post(`/alarms/${id}/acknowledge`, {});
    a.alarms.clear('DOOR_FORCED', SOURCE.id);
    // Still latched: a re-trigger is the same occurrence and keeps what was checked.
    a.alarms.activate('DOOR_FORCED', SOURCE, null, null);
    expect(a.alarms.get(id).checklist?.look?.check?.by).toBe('admin');
    await api.post('/alarm-definitions', { id: 'OLD', name: 'Old style', priority: 50, procedure: 'Call the police.\nWrite it down.' });
    const old = a.alarms.activate('OLD', SOURCE, null, null);
    expect(old.steps?.map((s) => s.text)).toEqual(['Call the police.', 'Write it down.']);
    expect((await api.post(`/alarms/${old.id}/steps/line-2/check`, {})).body.checklist['line-2'].check.by).toBe('admin');
  });
});
