import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgStore } from '../electron/core/store/pg/pg-store.js';
import { importSqlite } from '../electron/core/store/pg/import-sqlite.js';
import { SqliteStore } from '../electron/core/store/sqlite-store.js';
import { connect, startApp, tempDir, until } from './support/app.js';
import { pgBinOrSkip, startPgCluster, type PgCluster } from './support/pg-cluster.js';

const bin = pgBinOrSkip('migrate-store tests');

const DAY = 86_400_000;

/**
 * A data folder as the app leaves it: a rule, a device, HALO frames over TCP, an alarm raised
 * and acknowledged (audited), then history across three days written by the store itself.
 */
async function makeDataFolder(): Promise<string> {
  const dataDir = tempDir();
  const { app, api, ready } = await startApp({ dataDir });
  try {
    expect((await api.post('/alarm-definitions', { id: 'NOISE', name: 'NOISE', priority: 10, category: 'safety', procedure: 'Check the room.' })).status).toBe(201);
    expect((await api.post('/rules', { id: 'halo-noise', name: 'Noise above 60', when: { type: 'data', deviceTypeId: 'halo', point: 'Noise', op: '>', value: 60 }, do: [{ type: 'trigger-alarm', alarmId: 'NOISE' }] })).status).toBe(201);
    expect((await api.post('/devices', { name: 'Bathroom 11', deviceId: 'Bath11', typeId: 'halo', serverId: 1 })).status).toBe(201);
    const socket = await connect(ready.tcpPort!);
    for (const v of [50, 55, 61.5]) socket.write(`DeviceId=Bath11 Noise=@${v}@;`);
    const alarm = await until('the alarm', async () => ((await api.get('/alarms')).body as Array<{ id: number; state: string }>)[0], (a) => a?.state === 'unack');
    expect((await api.post(`/alarms/${alarm!.id}/acknowledge`, { comment: 'guard sent' })).status).toBe(200);
    socket.destroy();
  } finally {
    await app.stop();
  }
  const store = new SqliteStore(dataDir);
  try {
    const t0 = Math.floor(Date.now() / DAY) * DAY - 2 * DAY;
    for (let i = 0; i < 400; i++) {
      const t = t0 + i * 600_000;
      store.writeBatch({
        chunks: [{ device: 1, points: ['Noise', 'Temp'], times: [t, t + 1000], values: [40 + (i % 10), 21, 41, 21.5] }],
        events: i % 20 === 0 ? [{ id: store.nextEventId(), t, origin: 'tcp', deviceId: 1, name: 'Vape', kind: 'instant', source: 'Bath11', caption: 'Vape', description: `round ${i}`, args: {}, metadata: null, pairId: null }] : [],
        latest: [],
      });
    }
    // A feature newer than the PostgreSQL schema: its tables must come along all the same.
    store.db.exec(`CREATE TABLE widgets (id INTEGER PRIMARY KEY, body TEXT NOT NULL, score REAL, data BLOB);
      CREATE TABLE widget_tags (widget INTEGER NOT NULL, tag TEXT NOT NULL, PRIMARY KEY (widget, tag)) WITHOUT ROWID;`);
    const widget = store.db.prepare('INSERT INTO widgets (body, score, data) VALUES (?, ?, ?)');
    const tag = store.db.prepare('INSERT INTO widget_tags (widget, tag) VALUES (?, ?)');
    for (let i = 1; i <= 60; i++) {
      widget.run(`{"n":${i}}`, i / 3, Buffer.from([i, 0, 255]));
      for (const t of ['a', 'b']) tag.run(i, t);
    }
  } finally {
    store.close();
  }
  return dataDir;
}

describe.skipIf(!bin)('moving a SQLite data folder into PostgreSQL', () => {
  let cluster: PgCluster;
  let dataDir: string;
  beforeAll(async () => {
    [cluster, dataDir] = await Promise.all([startPgCluster(bin), makeDataFolder()]);
  }, 60_000);
  afterAll(async () => { await cluster?.stop(); });

  it('resumes where it was cut off, copies nothing twice, and verifies counts and the audit chain', async () => {
    const url = await cluster.createDatabase('moved');
    const cut = await importSqlite({ from: dataDir, to: url, batchRows: 50, maxBatches: 7 });
    expect(cut).toMatchObject({ complete: false, ok: false });
    const second = await importSqlite({ from: dataDir, to: url, batchRows: 50, maxBatches: 12 });
    expect(second.complete).toBe(false);
    const report = await importSqlite({ from: dataDir, to: url, batchRows: 50 });
    expect(report.complete).toBe(true);
    expect(report.mirrored).toEqual(['widget_tags', 'widgets']);
    expect(report.counts.filter((c) => c.table.startsWith('widget'))).toEqual([{ table: 'widget_tags', source: 120, target: 120 }, { table: 'widgets', source: 60, target: 60 }]);
    for (const c of report.counts) expect(c, c.table).toMatchObject({ target: c.source });
    expect(report.counts.find((c) => c.table === 'sample_chunks')!.source).toBeGreaterThanOrEqual(400);
    expect(report.audit.ok).toBe(true);
    expect(report.audit.checked).toBeGreaterThan(3);
    expect(report.ok).toBe(true);
    expect(cut.copied + second.copied + report.copied).toBe(report.counts.reduce((n, c) => n + c.source, 0));

    // What the app wrote reads back the same from PostgreSQL.
    const sqlite = new SqliteStore(dataDir);
    const pg = await PgStore.open(url);
    try {
      const from = 0;
      const to = Date.now() + DAY;
      const a = sqlite.seriesColumns(1, 'Noise', from, to);
      const b = await pg.seriesColumns(1, 'Noise', from, to);
      expect([...b.times]).toEqual([...a.times]);
      expect([...b.values]).toEqual([...a.values]);
      expect(await pg.events({ limit: 1000 })).toEqual(sqlite.events({ limit: 1000 }));
      expect(await pg.verifyAudit()).toEqual(sqlite.verifyAudit());
      expect((await pg.listAlarms()).map((x) => x.body)).toEqual(sqlite.listAlarms().map((x) => x.body));
      // Ids continue after the copied ones.
      const [next] = await pg.eventIds(1);
      expect(next).toBeGreaterThan(Math.max(...sqlite.events({ limit: 1000 }).map((e) => e.id)));
      const w = await pg.pool.query('SELECT body, score, data FROM widgets WHERE id = 7');
      expect(w.rows[0]).toEqual({ body: '{"n":7}', score: 7 / 3, data: Buffer.from([7, 0, 255]) });
      const alarm = await pg.createAlarm({ state: 'active' });
      expect(alarm.id).toBeGreaterThan(Math.max(...sqlite.listAlarms().map((x) => x.id)));
    } finally {
      sqlite.close();
      await pg.close();
    }
  });

  it('refuses a database that already holds another site', async () => {
    const url = await cluster.createDatabase('busy');
    const pg = await PgStore.open(url);
    await pg.audit({ actor: 'someone', action: 'x', target: 'y' });
    await pg.close();
    await expect(importSqlite({ from: dataDir, to: url })).rejects.toThrow(/already holds a site/);
  });

  it('npm run migrate-store: says what it checked and exits 0 when verified', async () => {
    const url = await cluster.createDatabase('cli');
    const r = spawnSync('npx', ['tsx', 'tools/migrate-store.ts', '--from', dataDir, '--to', url], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stdout).toMatch(/ok {3}audit chain: \d+ entries verified/);
    expect(r.stdout).toContain('migrate-store: done, verified');
    expect(r.status).toBe(0);
    const bad = spawnSync('npx', ['tsx', 'tools/migrate-store.ts', '--from', dataDir, '--to', 'mysql://x'], { encoding: 'utf8', timeout: 60_000 });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--to must be a postgres:// URL');
  }, 60_000);
});
