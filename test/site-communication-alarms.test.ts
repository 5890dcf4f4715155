import { afterEach, describe, expect, it } from 'vitest';
import type { WatchdeskApp } from '../electron/core/app.js';
import { startApp, until, type Api } from './support/app.js';

let app: WatchdeskApp | null = null;
afterEach(async () => { await app?.stop(); app = null; });

const SETTINGS = { driver: 'simulated', directoryServer: '10.0.0.5', username: 'watchdesk', password: 'secret', activity: false };
type Alarm = { id: number; definitionId: string; name: string; state: string; priority: number; source: { id: string; kind: string } };
const noCommunication = async (api: Api): Promise<Alarm[]> => ((await api.get('/alarms')).body as Alarm[]).filter((a) => a.definitionId.endsWith('-no-communication'));

describe('No Communication raises the alarm the status table gives it', () => {
  it('raises one per asset of the connection that lost it, at the table\'s priority, and clears them when it is back', async () => {
    const started = await startApp();
    app = started.app;
    const { api } = started;
    expect((await api.request('PUT', '/site/connection', SETTINGS)).body.state).toBe('connected');
    const second = await api.post('/connections', { ...SETTINGS, directoryServer: '10.0.0.6' });
    expect(second.body).toMatchObject({ id: 'simulated-1', state: 'connected' });
    const assets = (await api.get('/assets')).body as Array<{ id: string; connection: string }>;
    const mine = assets.filter((a) => a.connection === 'site').map((a) => `asset:${a.id}`).sort();
    expect(await noCommunication(api)).toEqual([]);

    await api.post('/site/simulation', { communication: false });
    const raised = await until('alarms raised', () => noCommunication(api), (l) => l.length === mine.length);
    // Only the assets of the connection that went down, the System asset among them.
    expect(raised.map((a) => a.source.id).sort()).toEqual(mine);
    expect(raised.find((a) => a.source.id === 'asset:door-01')).toMatchObject({ definitionId: 'asset-door-no-communication', name: 'Door No Communication', priority: 5, state: 'unack', source: { kind: 'asset' } });
    expect(raised.find((a) => a.source.id === 'asset:system')).toMatchObject({ state: 'unack' });

    // Acknowledged while still down, then a reconnect attempt that finds it still down: nothing new.
    const door = raised.find((a) => a.source.id === 'asset:door-01')!;
    expect((await api.post(`/alarms/${door.id}/acknowledge`, {})).body.state).toBe('ack');
    await api.post('/site/simulation', { communication: false });
    expect((await noCommunication(api)).find((a) => a.id === door.id)!.state).toBe('ack');

    await api.post('/site/simulation', { communication: true });
    const back = await until('cleared', () => noCommunication(api), (l) => l.every((a) => a.state === 'normal' || a.state === 'rtn-unack'));
    expect(back.find((a) => a.id === door.id)!.state).toBe('normal');
    const history = (await api.get(`/alarms/${door.id}/history`)).body as Array<{ action: string; reason?: string }>;
    expect(history.at(-1)).toMatchObject({ reason: 'communication restored' });
  });

  it('follows the status table: a type whose No Communication raises no alarm stays quiet', async () => {
    const started = await startApp();
    app = started.app;
    const { api } = started;
    expect((await api.request('PUT', '/site/connection', SETTINGS)).body.state).toBe('connected');
    const tables = (await api.get('/status-tables')).body as Record<string, Record<string, { raisesAlarm: boolean }>>;
    for (const t of Object.keys(tables)) if (t !== 'door') tables[t]!['No Communication']!.raisesAlarm = false;
    expect((await api.request('PUT', '/status-tables', tables)).status).toBe(200);
    await api.post('/site/simulation', { communication: false });
    const raised = await until('door alarms', () => noCommunication(api), (l) => l.length === 30);
    expect(new Set(raised.map((a) => a.definitionId))).toEqual(new Set(['asset-door-no-communication']));
  });
});
