import { afterEach, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { WatchdeskApp } from '../electron/core/app.js';
import { RetentionService } from '../electron/core/storage/retention.js';
import { SqliteStore } from '../electron/core/store/sqlite-store.js';
import { Api, startApp, tempDir, until } from './support/app.js';

let app: WatchdeskApp | null = null;
afterEach(async () => { vi.useRealTimers(); await app?.stop(); app = null; });

const DAY = 86_400_000;
const POINTS = ['Noise', 'Temp'];

/** History written as the batcher writes it: one chunk per device per window. */
function history(store: SqliteStore, device: number, from: number, chunks: number, stepMs: number): void {
  for (let i = 0; i < chunks; i += 500) {
    const batch = [];
    for (let k = i; k < Math.min(chunks, i + 500); k++) {
      const t = from + k * stepMs;
      batch.push({ device, points: POINTS, times: [t, t + 1], values: [k, 20, k, 21] });
    }
    store.writeBatch({ chunks: batch, events: [], latest: [] });
  }
}

describe('retention', () => {
  it('is set by an admin, audited, and checked', async () => {
    const started = await startApp();
    app = started.app;
    const { api, ready } = started;
    expect((await api.get('/retention')).body).toMatchObject({ rawSamplesDays: 30, rollupsDays: 730, eventsDays: 365, alarmHistoryDays: 730, auditDays: null });
    expect((await api.request('PUT', '/retention', { rawSamplesDays: 7, auditDays: 3650 })).body).toMatchObject({ rawSamplesDays: 7, eventsDays: 365, auditDays: 3650 });
    expect((await api.get('/audit?action=retention.')).body[0]).toMatchObject({ actor: 'admin', action: 'retention.update', before: { rawSamplesDays: 30 }, after: { rawSamplesDays: 7 } });
    expect((await api.request('PUT', '/retention', { rawSamplesDays: 0 })).status).toBe(400);
    expect((await api.request('PUT', '/retention', { auditDays: 1 })).status).toBe(400);
    expect((await api.request('PUT', '/retention', { samples: 3 })).status).toBe(400);
    await api.post('/operators', { username: 'olga', password: 'operator-pw-1', role: 'operator' });
    const olga = new Api(ready.url);
    await olga.login('olga', 'operator-pw-1');
    expect((await olga.request('PUT', '/retention', { rawSamplesDays: 1 })).status).toBe(403);
  });

  it('deletes each class past its age in slices of at most 5 ms, never holding up the event loop, and frees the pages', async () => {
    const started = await startApp();
    app = started.app;
    const { api } = started;
    // The old chunks are counted as written: not packed into blocks by the compactor meanwhile.
    app.store.compactor.stop();
    const device = (await api.post('/devices', { name: 'Gym', deviceId: 'Gym', typeId: 'halo', serverId: 1 })).body as { id: number };
    const now = Date.now();
    history(app.store, device.id, now - 60 * DAY, 40_000, 60_000);
    history(app.store, device.id, now - 2 * DAY, 100, 60_000);
    const db = app.store.db;
    const insertEvent = db.prepare("INSERT INTO events (id, t, origin, device, name, kind, source, caption, description, args) VALUES (?, ?, 'tcp', ?, 'Help', 'instant', '', '', '', '{}')");
    const insertAlarmStep = db.prepare("INSERT INTO alarm_history (alarm, t, action, actor, state) VALUES (1, ?, 'activate', 'system', 'unack')");
    db.transaction(() => {
      for (let i = 0; i < 5000; i++) insertEvent.run(app!.store.nextEventId(), now - 400 * DAY + i, device.id);
      insertEvent.run(app!.store.nextEventId(), now - DAY, device.id);
      for (let i = 0; i < 3000; i++) insertAlarmStep.run(now - 800 * DAY + i);
      insertAlarmStep.run(now - DAY);
    })();
    const pagesBefore = db.pragma('page_count', { simple: true }) as number;
    expect(db.pragma('auto_vacuum', { simple: true })).toBe(2);

    // As in service: WAL checkpoints run in the series worker, not in a slice's commit.
    await until('checkpoints off the main thread', () => db.pragma('wal_autocheckpoint', { simple: true }), (pages) => pages === 0);
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    const report = await app.retention.runNow();
    delay.disable();
    console.log(`housekeeping: ${JSON.stringify(report)}; event-loop delay max ${(delay.max / 1e6).toFixed(1)} ms, p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms`);
    expect(report.deleted).toMatchObject({ samples: 40_000, events: 5000, alarmHistory: 3000 });
    expect(report.slices).toBeGreaterThan(5);
    // Slices aim at 5 ms. The longest (5–11 ms on a quiet run) is printed, not asserted: a WAL
    // checkpoint landing in one (it lands in ingest's commits too) or a loaded machine
    // descheduling the process stretches a few by tens of ms.
    // The work per slice is asserted as CPU time: wall time on a loaded CI machine is not ours.
    expect(report.medianSliceCpuMs).toBeLessThan(7);
    const series = (await api.get(`/devices/${device.id}/series?point=Noise&from=0&maxPoints=10000`)).body;
    expect(series.total).toBe(200);
    expect((await api.get(`/events?deviceId=${device.id}&from=0`)).body).toHaveLength(1);
    expect(app.store.alarmHistory(0, now)).toHaveLength(1);
    expect(db.pragma('page_count', { simple: true }) as number).toBeLessThan(pagesBefore / 2);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('deletes a device with a long history at once for the operator, its samples in slices, and never gives its id to a new device meanwhile', async () => {
    const started = await startApp();
    app = started.app;
    const { api } = started;
    const gone = (await api.post('/devices', { name: 'Old', deviceId: 'Old', typeId: 'halo', serverId: 1 })).body as { id: number };
    history(app.store, gone.id, Date.now() - 20 * DAY, 30_000, 1000);
    const t0 = performance.now();
    expect((await api.request('DELETE', `/devices/${gone.id}`)).status).toBeLessThan(300);
    expect(performance.now() - t0).toBeLessThan(2000);
    const fresh = (await api.post('/devices', { name: 'New', deviceId: 'New', typeId: 'halo', serverId: 1 })).body as { id: number };
    expect(fresh.id).not.toBe(gone.id);
    expect((await api.get(`/devices/${fresh.id}/series?point=Noise&from=0`)).body.total).toBe(0);
    const report = await app.retention.runNow();
    // Rows, not samples: the compactor may have folded some of the chunks into hour blocks first.
    expect(report.deleted.devicePurges).toBeGreaterThan(1000);
    expect(report.slices).toBeGreaterThan(5);
    expect(report.medianSliceCpuMs).toBeLessThan(7);
    for (const table of ['sample_chunks', 'sample_blocks', 'rollups']) expect((app.store.db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE device = ?`).get(gone.id) as { n: number }).n, table).toBe(0);
    expect(app.retention.pruner.pendingPurges()).toBe(0);
  });

  it('when the disk is low, deletes the oldest raw samples first, a bounded share at a time, never the last day, and keeps events', async () => {
    // Every check sees the disk "low": a warning level above any real free space.
    const started = await startApp({ diskWarnBytes: 2 ** 52, diskCriticalBytes: 0, diskCheckMs: 20 });
    app = started.app;
    // The policy on raw chunks row by row; compaction would fold them into hour blocks meanwhile.
    app.store.compactor.stop();
    const { api } = started;
    const device = (await api.post('/devices', { name: 'Gym', deviceId: 'Gym', typeId: 'halo', serverId: 1 })).body as { id: number };
    const now = Date.now();
    history(app.store, device.id, now - 3 * DAY, 1000, 60_000);
    history(app.store, device.id, now - 3600_000, 50, 60_000);
    app.store.db.prepare("INSERT INTO events (id, t, origin, device, name, kind, source, caption, description, args) VALUES (?, ?, 'tcp', ?, 'Help', 'instant', '', '', '', '{}')").run(app.store.nextEventId(), now - 3 * DAY, device.id);
    const count = (): number => (app!.store.db.prepare('SELECT COUNT(*) AS n FROM sample_chunks').get() as { n: number }).n;
    const alarm = await until('disk alarm', async () => ((await api.get('/alarms')).body as Array<{ definitionId: string; priority: number; state: string }>).find((a) => a.definitionId === 'system-disk-low'), (a) => a !== undefined);
    expect(alarm).toMatchObject({ priority: 1, state: 'unack' });
    // 1 % of the rows per check: not all at once.
    const first = await until('some pruned', count, (n) => n < 1050);
    expect(first).toBeGreaterThan(900);
    await until('all older than a day pruned', count, (n) => n === 50, 20_000);
    const series = app.store.seriesColumns(device.id, 'Noise', 0, now + 1000);
    expect(series.times[0]).toBeGreaterThanOrEqual(now - 3600_000);
    expect((await api.get(`/events?deviceId=${device.id}&from=0`)).body).toHaveLength(1);
  });

  it('prunes the audit trail only when an admin sets an age: exported first, audited, and the kept chain still verifies', async () => {
    const dir = tempDir();
    const store = new SqliteStore(dir);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() - 100 * DAY);
    for (let i = 0; i < 300; i++) store.audit({ actor: 'ana', action: 'alarm.acknowledge', target: `alarm:${i}` });
    vi.useRealTimers();
    for (let i = 0; i < 20; i++) store.audit({ actor: 'ben', action: 'login', target: 'operator:ben' });
    const retention = new RetentionService(store, dir, { everyMs: 3_600_000, log: () => undefined });
    expect((await retention.runNow()).deleted.audit).toBeUndefined();
    expect(store.verifyAudit()).toMatchObject({ ok: true, checked: 320 });

    retention.update({ auditDays: 30 }, 'admin');
    const report = await retention.runNow();
    expect(report.deleted.audit).toBe(300);
    const exported = readFileSync(report.auditExport!, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: number; actor: string; hash: string });
    expect(exported.map((r) => r.id)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    const kept = store.listAudit({ limit: 1000 });
    expect(kept.every((r) => r.id > 300)).toBe(true);
    expect(kept[0]).toMatchObject({ actor: 'system', action: 'audit.prune', after: { from: 1, to: 300, rows: 300, base: { id: 300, hash: exported[299]!.hash } } });
    expect(store.verifyAudit()).toEqual({ ok: true, checked: 22, broken: null });
    // Still tamper-evident from the new start.
    store.db.prepare("UPDATE audit SET actor = 'mallory' WHERE id = 305").run();
    expect(store.verifyAudit()).toMatchObject({ ok: false, broken: { id: 305 } });
    await retention.stop();
    store.close();
  });
});
