import type { AsyncStore } from '../../electron/core/store/async-store.js';
import { PgStore } from '../../electron/core/store/pg/pg-store.js';
import { SqliteAsyncStore } from '../../electron/core/store/sqlite-async-store.js';
import { SqliteStore } from '../../electron/core/store/sqlite-store.js';
import { tempDir } from './app.js';
import type { PgCluster } from './pg-cluster.js';

/** A store under test and a way around it, to damage what it keeps as an attacker would. */
export interface OpenedStore {
  store: AsyncStore;
  /** Raw SQL on the backend's own connection, bypassing the store. */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

export function openSqlite(): OpenedStore {
  const sync = new SqliteStore(tempDir());
  const store = new SqliteAsyncStore(sync);
  return { store, exec: async (sql) => { sync.db.exec(sql); }, close: () => store.close() };
}

let databases = 0;

/** A fresh database on the cluster for each store: tests never see each other's rows. */
export async function openPg(cluster: PgCluster): Promise<OpenedStore> {
  const url = await cluster.createDatabase(`store_${process.pid}_${++databases}`);
  const store = await PgStore.open(url, { poolSize: 4 });
  return { store, exec: async (sql) => { await store.pool.query(sql); }, close: () => store.close() };
}
