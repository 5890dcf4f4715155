import pg from 'pg';

const INT8 = 20;

/**
 * Times are milliseconds and ids fit in a double: bigint columns come back as numbers, like
 * SQLite's, instead of pg's default strings. Only this pool's parsers change, not the global ones.
 */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8 && format !== 'binary' ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

export function createPool(url: string, options: Omit<pg.PoolConfig, 'connectionString' | 'types'> = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, types, max: 10, ...options });
  // An idle client whose backend died must not crash the process; the next checkout reconnects.
  pool.on('error', () => undefined);
  return pool;
}

export function clientConfig(url: string): pg.ClientConfig {
  return { connectionString: url, types };
}

/** Runs `fn` in one transaction on one client; rolls back on any error. */
export async function inTransaction<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    const out = await fn(c);
    await c.query('COMMIT');
    return out;
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    c.release();
  }
}

/**
 * Advisory lock keys of Watchdesk: one namespace (the first int) so that they never collide
 * with an application sharing the database; the second is the lock within it.
 */
export const LOCK_NAMESPACE = 0x57444b; // "WDK"
export const LOCKS = { migrations: 1, audit: 2, partitions: 3 } as const;
