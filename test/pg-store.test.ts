import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgStore } from '../electron/core/store/pg/pg-store.js';
import { DAY, DAYS_AHEAD, dayStart, listPartitions, partitionDay, partitionName } from '../electron/core/store/pg/partitions.js';
import { createPool } from '../electron/core/store/pg/pool.js';
import { PG_SCHEMA_VERSION, chooseSamplesMode, detectTimescale, migratePg, samplesDdl } from '../electron/core/store/pg/schema.js';
import { pgBinOrSkip, startPgCluster, type PgCluster } from './support/pg-cluster.js';

describe('choosing how samples are kept', () => {
  it('uses TimescaleDB when the extension is there, native partitions otherwise', () => {
    expect(chooseSamplesMode(null, 'auto')).toBe('native');
    expect(chooseSamplesMode('2.17.0', 'auto')).toBe('timescaledb');
    expect(chooseSamplesMode('2.17.0', 'native')).toBe('native');
    expect(() => chooseSamplesMode(null, 'timescaledb')).toThrow(/not created/);
    expect(samplesDdl('timescaledb').join('\n')).toMatch(/create_hypertable[\s\S]*timescaledb\.compress[\s\S]*add_compression_policy/);
    expect(samplesDdl('native').join('\n')).toMatch(/PARTITION BY RANGE \(t_end\)[\s\S]*USING brin \(t_end\)/);
  });

  it('names a partition after its UTC day', () => {
    const day = Date.UTC(2026, 10, 29);
    expect(partitionName(day)).toBe('sample_chunks_d20261129');
    expect(partitionDay('sample_chunks_d20261129')).toBe(day);
    expect(partitionDay('sample_chunks_default')).toBeNull();
  });
});

const bin = pgBinOrSkip('PgStore tests');

describe.skipIf(!bin)('PgStore on a private cluster', () => {
  let cluster: PgCluster;
  let n = 0;
  const fresh = (): Promise<string> => cluster.createDatabase(`pgstore_${++n}`);
  beforeAll(async () => { cluster = await startPgCluster(bin); });
  afterAll(async () => { await cluster?.stop(); });

  it('migrates once when several nodes start at the same moment', async () => {
    const url = await fresh();
    const pools = [0, 1, 2, 3].map(() => createPool(url, { max: 2 }));
    try {
      const results = await Promise.all(pools.map((p) => migratePg(p)));
      expect(results.map((r) => r.applied.length).sort()).toEqual([0, 0, 0, PG_SCHEMA_VERSION]);
      expect(new Set(results.map((r) => r.samples))).toEqual(new Set(['native']));
      const rows = await pools[0]!.query('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.rows.map((r) => r.version)).toEqual(Array.from({ length: PG_SCHEMA_VERSION }, (_, i) => i + 1));
      // pg_trgm ships with Debian's PostgreSQL: the events text filter has its trigram indexes.
      const trgm = await pools[0]!.query("SELECT indexname FROM pg_indexes WHERE tablename = 'events' AND indexname LIKE '%trgm' ORDER BY 1");
      expect(trgm.rows.map((r) => r.indexname)).toEqual(['events_description_trgm', 'events_name_trgm']);
      const c = await pools[0]!.connect();
      try { expect(await detectTimescale(c)).toBeNull(); } finally { c.release(); }
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });

  it('refuses a database written by a newer Watchdesk', async () => {
    const url = await fresh();
    const pool = createPool(url);
    try {
      await migratePg(pool);
      await pool.query('INSERT INTO schema_migrations (version) VALUES (999)');
      await expect(migratePg(pool)).rejects.toThrow(/newer Watchdesk \(schema 999/);
    } finally {
      await pool.end();
    }
  });

  it('partitions samples by day ahead of time, with a BRIN index on time, and drops whole days', async () => {
    const store = await PgStore.open(await fresh());
    try {
      const today = dayStart(Date.now());
      const days = await store.pool.connect().then(async (c) => { try { return await listPartitions(c); } finally { c.release(); } });
      for (let d = today - DAY; d <= today + DAYS_AHEAD * DAY; d += DAY) expect(days).toContain(d);
      const brin = await store.pool.query("SELECT indexdef FROM pg_indexes WHERE tablename = $1 AND indexdef LIKE '%brin%'", [partitionName(today)]);
      expect(brin.rowCount).toBe(1);
      // A sample from last month makes its own partition on the way in.
      const old = today - 30 * DAY + 5000;
      await store.writeBatch({ chunks: [{ device: 1, points: ['temp'], times: [old], values: [21] }], events: [], latest: [] });
      const explain = await store.pool.query(`EXPLAIN SELECT * FROM sample_chunks WHERE t_end >= ${old} AND t_end < ${old + 1000}`);
      const plan = explain.rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(plan).toContain(partitionName(dayStart(old)));
      expect(plan).not.toContain(partitionName(today));
      await store.pruneSamplesBefore(today - DAY);
      const after = await store.pool.connect().then(async (c) => { try { return await listPartitions(c); } finally { c.release(); } });
      expect(after).not.toContain(dayStart(old));
      expect(after[0]).toBe(today - DAY);
    } finally {
      await store.close();
    }
  });

  it('makes a day again when another node dropped it', async () => {
    const url = await fresh();
    const [a, b] = await Promise.all([PgStore.open(url), PgStore.open(url)]);
    try {
      const today = dayStart(Date.now());
      await a.pruneSamplesBefore(today);
      // b still believes yesterday's partition exists: a late chunk for yesterday arrives there.
      await b.writeBatch({ chunks: [{ device: 1, points: ['temp'], times: [today - 1000], values: [20] }], events: [], latest: [] });
      expect([...(await b.seriesColumns(1, 'temp', today - DAY, today)).values]).toEqual([20]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('two nodes: one alarm truth, one audit chain', async () => {
    const url = await fresh();
    const [a, b] = await Promise.all([PgStore.open(url), PgStore.open(url)]);
    try {
      const alarm = await a.createAlarm({ state: 'active' });
      const step = (actor: string) => ({ alarm: alarm.id, t: Date.now(), action: 'ack', actor, state: 'acked' });
      const [ra, rb] = await Promise.all([a.transitionAlarm(alarm.id, 1, { state: 'acked', by: 'ana' }, step('ana')), b.transitionAlarm(alarm.id, 1, { state: 'acked', by: 'bob' }, step('bob'))]);
      expect([ra.ok, rb.ok].filter(Boolean)).toHaveLength(1);
      const loser = ra.ok ? rb : ra;
      expect(loser).toMatchObject({ ok: false, reason: 'stale', current: { version: 2 } });
      // Both nodes append at once: the chain stays one line.
      await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).audit({ actor: 'ana', action: 'x', target: String(i) })));
      expect(await b.verifyAudit()).toEqual({ ok: true, checked: 20, broken: null });
      const ids = [...await a.eventIds(50), ...await b.eventIds(50)];
      expect(new Set(ids).size).toBe(100);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
