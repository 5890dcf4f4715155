import { afterEach, describe, expect, it } from 'vitest';
import type { WatchdeskApp } from '../electron/core/app.js';
import { Api, connect, startApp, until } from './support/app.js';

let app: WatchdeskApp | null = null;
afterEach(async () => { await app?.stop(); app = null; });

describe('the starter rules', () => {
  it('a real site adds them once; what it already has is kept; a HALO Gunshot then raises a priority-1 alarm with its procedure', async () => {
    const started = await startApp();
    app = started.app;
    const { api } = started;
    // The site already made its own Vape alarm: the starter set must not overwrite it.
    expect((await api.post('/alarm-definitions', { id: 'HALO-VAPE', name: 'Our vape alarm', priority: 70 })).status).toBe(201);
    const preview = (await api.get('/starter-rules')).body as { definitions: Array<{ id: string; priority: number; procedure: string }>; rules: unknown[] };
    expect(preview.definitions.find((d) => d.id === 'HALO-GUNSHOT')).toMatchObject({ priority: 1 });
    expect(preview.definitions.every((d) => d.procedure.length > 20)).toBe(true);

    const first = await api.post('/starter-rules', {});
    expect(first.status).toBe(201);
    expect(first.body.kept).toEqual(['HALO-VAPE']);
    expect(first.body.rulesAdded).toContain('starter-gunshot');
    expect(first.body.rulesAdded).toContain('starter-help');
    const again = await api.post('/starter-rules', {});
    expect(again.body).toMatchObject({ definitionsAdded: [], rulesAdded: [] });
    expect(((await api.get('/alarm-definitions')).body as Array<{ id: string; name: string }>).find((d) => d.id === 'HALO-VAPE')!.name).toBe('Our vape alarm');
    expect(((await api.get('/audit?action=rules.starter-import')).body as unknown[]).length).toBe(2);

    expect((await api.post('/devices', { name: 'Gymnasium', deviceId: 'Gym', typeId: 'halo', serverId: 1 })).status).toBe(201);
    const socket = await connect(started.ready.tcpPort!);
    socket.write('DeviceId=Gym Event=@Gunshot@ State=@Set@ Source=@Gun@ Value=@1@ Threshold=@0@;');
    const alarms = await until('gunshot alarm', async () => (await api.get('/alarms')).body as Array<{ name: string; priority: number; procedure: string; source: { name: string } }>, (a) => a.length > 0);
    expect(alarms[0]).toMatchObject({ name: 'Gunshot detected', priority: 1, source: { name: 'Gymnasium' } });
    expect(alarms[0]!.procedure).toContain('emergency services');
    socket.destroy();
  });

  it('a supervisor may add them, an operator may not', async () => {
    const started = await startApp();
    app = started.app;
    expect((await started.api.post('/operators', { username: 'olga', password: 'olga-pass-1', role: 'operator' })).status).toBe(201);
    const olga = new Api(started.ready.url);
    await olga.login('olga', 'olga-pass-1');
    expect((await olga.post('/starter-rules', {})).status).toBe(403);
  });
});
