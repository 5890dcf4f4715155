import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { findPgBin, pgBinOrSkip, startPgCluster, type PgCluster } from './support/pg-cluster.js';

describe('finding the PostgreSQL binaries', () => {
  it('picks the highest version that has initdb, pg_ctl and postgres', () => {
    const root = mkdtempSync(join(tmpdir(), 'watchdesk-pgroot-'));
    try {
      for (const [v, bins] of [['13', ['initdb', 'pg_ctl', 'postgres']], ['16', ['initdb', 'pg_ctl', 'postgres']], ['17', ['psql']]] as const) {
        mkdirSync(join(root, v, 'bin'), { recursive: true });
        for (const b of bins) writeFileSync(join(root, v, 'bin', b), '');
      }
      expect(findPgBin(root)).toBe(join(root, '16', 'bin'));
      expect(findPgBin(join(root, 'nowhere'))).toBeNull();
      // Missing binaries: one line and a skip, except in CI, where it is a failure.
      const lines: string[] = [];
      expect(pgBinOrSkip('suite', join(root, 'nowhere'), {}, (l) => lines.push(l))).toBeNull();
      expect(lines).toEqual([`suite skipped: no PostgreSQL binaries under ${join(root, 'nowhere')}`]);
      expect(() => pgBinOrSkip('suite', join(root, 'nowhere'), { CI: 'true' }, (l) => lines.push(l))).toThrow(/CI=true: install postgresql/);
      expect(pgBinOrSkip('suite', root, { CI: 'true' })).toBe(join(root, '16', 'bin'));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

const bin = pgBinOrSkip('pg-cluster test');

describe.skipIf(!bin)('a private PostgreSQL cluster', () => {
  let cluster: PgCluster;
  beforeAll(async () => { cluster = await startPgCluster(bin); });
  afterAll(async () => { await cluster?.stop(); });

  it('listens on 127.0.0.1 only, with fsync off, and hands out databases', async () => {
    const url = await cluster.createDatabase('one');
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      const r = await c.query<{ l: string; f: string; d: string }>("SELECT current_setting('listen_addresses') AS l, current_setting('fsync') AS f, current_database() AS d");
      expect(r.rows[0]).toEqual({ l: '127.0.0.1', f: 'off', d: 'one' });
    } finally {
      await c.end();
    }
  });

  it('stops and removes its folder', async () => {
    const other = await startPgCluster(bin);
    expect(existsSync(join(other.dir, 'data'))).toBe(true);
    await other.stop();
    expect(existsSync(other.dir)).toBe(false);
    const c = new pg.Client({ connectionString: other.url, connectionTimeoutMillis: 1000 });
    await expect(c.connect()).rejects.toThrow();
  });
});
