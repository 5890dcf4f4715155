import { afterEach, describe, expect, it } from 'vitest';
import type { WatchdeskApp } from '../electron/core/app.js';
import type { AlarmView } from '../shared/alarms/definitions.js';
import { DEFAULT_FLOOD_SETTINGS, floodGroups } from '../shared/alarms/flood-groups.js';
import { startApp, until, type Api } from './support/app.js';

let app: WatchdeskApp | null = null;
afterEach(async () => { await app?.stop(); app = null; });

async function demo(): Promise<Api> {
  const started = await startApp({ demo: true, demoIntervalMs: 500 });
  app = started.app;
  await until('demo site connected', () => app!.site.assets.communicationOf('site'), (ok) => ok, 15_000);
  return started.api;
}
const standing = async (api: Api): Promise<AlarmView[]> => (await api.get('/alarms?state=standing')).body;
const areaOf = (a: AlarmView): string => app!.site.assets.view(a.source.id.replace(/^asset:/, ''))?.area ?? '';

describe('drills on the demo site', () => {
  it('an evacuation forces all 30 doors through the simulated site: one flood group, the first out first; the drill is audited', async () => {
    const api = await demo();
    const r = await api.post('/drills/evacuation', { spreadS: 2 });
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ kind: 'evacuation', started: expect.stringContaining('30 doors') });
    const alarms = await until('30 doors forced', () => standing(api), (list) => list.filter((a) => a.name === 'Door Forced Open').length === 30, 15_000);
    const groups = floodGroups(alarms, DEFAULT_FLOOD_SETTINGS, (a) => [areaOf(a), 'whole site']);
    const doors = groups.filter((g) => g.title.startsWith('Door Forced Open'));
    expect(doors.map((g) => g.title)).toEqual(['Door Forced Open × 30 · whole site']);
    expect(doors[0]!.members[0]!.source.name).toBe('Door 01');
    // Through the site's real path: the door reports Forced Open, and a site event is written.
    expect((await api.get('/assets/door-30')).body.states).toContain('Forced Open');
    const audit = (await api.get('/audit?action=drill.start')).body;
    expect(audit[0]).toMatchObject({ actor: 'admin', action: 'drill.start', target: 'drill:evacuation' });
  }, 60_000);

  it('a camera network failure: every asset of the connection raises No Communication explained by it, the System alarm is the cause; all clear on return', async () => {
    const api = await demo();
    expect((await api.post('/drills/camera-network', {})).status).toBe(202);
    const alarms = await until('no communication', () => standing(api), (list) => list.filter((a) => a.name.endsWith('No Communication')).length > 50, 15_000);
    const cameras = alarms.filter((a) => a.name === 'Camera No Communication');
    expect(cameras).toHaveLength(20);
    expect(cameras[0]!.source.cause).toEqual({ id: 'asset:system', name: expect.stringMatching(/^Connection .* lost$/) });
    const [g, ...others] = floodGroups(alarms, DEFAULT_FLOOD_SETTINGS, (a) => [areaOf(a)]).filter((x) => x.kind === 'cause');
    expect(others).toEqual([]);
    // The cause's own alarms lead: the System asset's No Communication (the first out), and the
    // health monitor's Site connection lost once its check has run.
    const system = g!.members.find((a) => a.name === 'System No Communication')!;
    expect(g!.causes).toContain(system.id);
    expect(g!.causes).toContain(g!.members[0]!.id);
    expect(g!.firstOutId).toBe(system.id);
    app!.site.simulated!.setCommunication(true);
    // The condition clears everywhere; what nobody acknowledged stays for the operator (ISA: returned, unacknowledged).
    const back = await until('all back', () => standing(api), (list) => !list.some((a) => a.name.endsWith('No Communication') && (a.state === 'unack' || a.state === 'ack')), 15_000);
    expect(back.filter((a) => a.name.endsWith('No Communication')).every((a) => a.state === 'rtn-unack')).toBe(true);
  }, 60_000);

  it('a vape and a gunshot arrive from the HALOs over TCP, through the starter rules', async () => {
    const api = await demo();
    await until('HALOs connected', () => app!.registry.all().filter((d) => d.status.demo && d.status.online).length, (n) => n >= 8, 15_000);
    expect((await api.post('/drills/vape', {})).status).toBe(202);
    expect((await api.post('/drills/gunshot', {})).status).toBe(202);
    const alarms = await until('vape and gunshot', () => standing(api), (list) => ['Vaping', 'Gunshot detected'].every((n) => list.some((a) => a.name === n)), 15_000);
    expect(alarms.find((a) => a.name === 'Vaping')!.source.name).toBe('Bathroom 2F');
    expect(alarms.find((a) => a.name === 'Gunshot detected')!.source.name).toBe('Gymnasium');
    // The vape moves the particulates as a real one would.
    const bath = app!.registry.all().find((d) => d.status.name === 'Bathroom 2F')!;
    await until('PM2.5 rises', () => bath.status.latest['PM2.5']?.v ?? 0, (v) => v > 30, 10_000);
    // Once busy, the same HALO says so rather than pretending.
    expect((await api.post('/drills/vape', {})).status).toBe(409);
  }, 60_000);

  it('without the demo a drill is refused; flood settings are the admin’s, audited', async () => {
    const started = await startApp();
    app = started.app;
    const { api } = started;
    expect((await api.post('/drills/evacuation', {})).status).toBe(409);
    expect((await api.post('/drills/flood', {})).status).toBe(400);
    expect((await api.get('/flood-settings')).body).toEqual({ count: 10, minutes: 10 });
    expect((await api.request('PUT', '/flood-settings', { count: 1, minutes: 10 })).status).toBe(400);
    expect((await api.request('PUT', '/flood-settings', { count: 20, minutes: 5 })).body).toEqual({ count: 20, minutes: 5 });
    expect((await api.get('/flood-settings')).body).toEqual({ count: 20, minutes: 5 });
    expect((await api.get('/audit?action=floods.settings')).body[0]).toMatchObject({ actor: 'admin', after: { count: 20, minutes: 5 } });
  });
});
