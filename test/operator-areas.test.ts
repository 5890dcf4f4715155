import { afterEach, describe, expect, it } from 'vitest';
import type { WatchdeskApp } from '../electron/core/app.js';
import { Api, startApp } from './support/app.js';

let app: WatchdeskApp | null = null;
afterEach(async () => { await app?.stop(); app = null; });

describe("an operator's areas", () => {
  it('an admin gives an operator areas of the site; the operator reads them; unknown areas are refused; every change is audited', async () => {
    const started = await startApp();
    app = started.app;
    const { api, ready } = started;
    for (const [name, location] of [['East', 'Floor 1 – East'], ['West', 'Floor 1 – West']]) {
      expect((await api.post('/devices', { name, deviceId: name, typeId: 'halo', serverId: 1, location })).status).toBe(201);
    }
    const created = await api.post('/operators', { username: 'olga', password: 'olga-password', role: 'operator' });
    expect(created.body).toMatchObject({ username: 'olga', areas: [] });
    const id = created.body.id as number;

    const refused = await api.request('PUT', `/operators/${id}`, { areas: ['Floor 1 – East', 'Roof'] });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('Roof');

    const changed = await api.request('PUT', `/operators/${id}`, { areas: ['Floor 1 – West', 'Floor 1 – East'] });
    expect(changed.status).toBe(200);
    expect(changed.body.areas).toEqual(['Floor 1 – East', 'Floor 1 – West']);
    expect((await api.get('/operators')).body.find((o: { id: number }) => o.id === id).areas).toEqual(['Floor 1 – East', 'Floor 1 – West']);
    const audit = (await api.get('/audit?action=operator.update')).body[0];
    expect(audit).toMatchObject({ actor: 'admin', target: 'operator:olga', before: { areas: [] }, after: { areas: ['Floor 1 – East', 'Floor 1 – West'] } });

    const olga = new Api(ready.url);
    await olga.login('olga', 'olga-password');
    expect((await olga.get('/sessions/current/areas')).body).toEqual({ areas: ['Floor 1 – East', 'Floor 1 – West'] });
    // An operator cannot change their own (or anyone's) areas.
    expect((await olga.request('PUT', `/operators/${id}`, { areas: [] })).status).toBe(403);
    // The admin, with none: every area.
    expect((await api.get('/sessions/current/areas')).body).toEqual({ areas: [] });

    expect((await api.request('PUT', `/operators/${id}`, { areas: [] })).body.areas).toEqual([]);
    expect((await olga.get('/sessions/current/areas')).body).toEqual({ areas: [] });
  });
});
