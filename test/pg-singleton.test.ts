import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '../electron/core/store/pg/pool.js';
import { LEASE_NAMESPACE, SINGLETONS, SingletonLease, leaseKey } from '../electron/core/store/pg/singleton.js';
import { pgBinOrSkip, startPgCluster, type PgCluster } from './support/pg-cluster.js';
import { until } from './support/app.js';

const bin = pgBinOrSkip('singleton lease tests');

describe.skipIf(!bin)('singleton leases on advisory locks', () => {
  let cluster: PgCluster;
  beforeAll(async () => { cluster = await startPgCluster(bin); });
  afterAll(async () => { await cluster?.stop(); });

  it('has exactly one holder, and another takes over within 5 s when the holder\'s connection dies', async () => {
    const url = await cluster.createDatabase('leases');
    const admin = createPool(url, { max: 2 });
    const events: string[] = [];
    const leases = ['node-a', 'node-b', 'node-c'].map((node) => new SingletonLease({
      url, name: SINGLETONS.retention, intervalMs: 500,
      onAcquire: () => events.push(`${node} acquired`), onLose: () => events.push(`${node} lost`),
    }));
    const holders = (): SingletonLease[] => leases.filter((l) => l.held);
    const lockRows = async (): Promise<number> => Number((await admin.query(
      "SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND objid = $2 AND granted", [LEASE_NAMESPACE, leaseKey('retention') >>> 0])).rows[0].n);
    try {
      for (const l of leases) l.start();
      await until('one holder', () => holders().length, (n) => n === 1);
      // The others keep trying, round after round, and never get it.
      await until('three refused tries each', () => leases.filter((l) => !l.held).map((l) => l.refused), (r) => r.every((n) => n >= 3));
      expect(holders()).toHaveLength(1);
      expect(events.filter((e) => e.endsWith('acquired'))).toHaveLength(1);
      expect(await lockRows()).toBe(1);
      const first = holders()[0]!;
      const pid = first.backendPid;
      const killedAt = Date.now();
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      const next = await until('another holder', () => leases.find((l) => l !== first && l.held), (l) => l !== undefined, 5000);
      const tookOver = Date.now() - killedAt;
      console.log(`singleton lease taken over ${tookOver} ms after the holder's backend was killed`);
      expect(tookOver).toBeLessThan(5000);
      await until('the old holder knows', () => first.held, (h) => !h, 5000);
      expect(holders()).toEqual([next]);
      expect(await lockRows()).toBe(1);
      // A clean stop hands it over too.
      await next!.stop();
      await until('a third holder', () => holders().length, (n) => n === 1, 5000);
      expect(holders()[0]).not.toBe(next);
    } finally {
      await Promise.all(leases.map((l) => l.stop()));
      await admin.end();
    }
  });

  it('different names are different leases', async () => {
    const url = await cluster.createDatabase('leases_names');
    const a = new SingletonLease({ url, name: SINGLETONS.siteConnection('one'), intervalMs: 200, onAcquire: () => undefined, onLose: () => undefined });
    const b = new SingletonLease({ url, name: SINGLETONS.siteConnection('two'), intervalMs: 200, onAcquire: () => undefined, onLose: () => undefined });
    try {
      a.start(); b.start();
      await until('both held', () => a.held && b.held, Boolean);
      expect(leaseKey('site-connection:one')).not.toBe(leaseKey('site-connection:two'));
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
