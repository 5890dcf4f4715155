import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

export const AppOptionsSchema = z.object({
  dataDir: z.string().min(1),
  host: z.string().min(1).default('127.0.0.1'),
  /** More names the console answers to (a DNS name, a reverse proxy's); see host-check.ts. */
  allowedHosts: z.array(z.string().min(1).max(255)).default([]),
  port: z.number().int().min(0).max(65535).default(8080),
  tcpPort: z.number().int().min(0).max(65535).default(4100),
  collectorPort: z.number().int().min(0).max(65535).default(7001),
  adminPassword: z.string().min(8, 'the admin password needs at least 8 characters').optional(),
  /** undefined: keep the data folder's setting (on for a fresh folder). */
  demo: z.boolean().optional(),
  rendererDir: z.string().min(1),
  streamFlushMs: z.number().int().min(10).max(5000).default(100),
  batchFlushMs: z.number().int().min(5).max(250).default(50),
  /** Demo HALO heartbeat interval; real HALOs are often set to 60 s. */
  demoIntervalMs: z.number().int().min(100).default(2000),
  /**
   * Camera URLs and rule `http` actions may reach loopback, link-local and cloud-metadata
   * addresses (`--allow-local-targets`). undefined: keep the data folder's setting (off).
   */
  allowLocalTargets: z.boolean().optional(),
  /** The collector's deadline for a request's headers (a slowloris defence); shorter in tests. */
  collectorHeadersTimeoutMs: z.number().int().min(50).max(120_000).default(10_000),
  /** How often retention runs in full (deleted devices' samples are purged within 10 s). */
  housekeepingMs: z.number().int().min(1000).default(60 * 60 * 1000),
  /** Free space in the data folder's file system: below warn, an alarm and pruning; below critical, no samples stored (docs/limits.md). */
  diskWarnBytes: z.number().int().min(0).default(1024 ** 3),
  diskCriticalBytes: z.number().int().min(0).default(256 * 1024 ** 2),
  diskCheckMs: z.number().int().min(10).default(10_000),
  /** How often the server looks at itself for system alarms; how long without frames is a stall. */
  healthCheckMs: z.number().int().min(10).default(10_000),
  ingestStallMs: z.number().int().min(1000).default(5 * 60_000),
  /** Where backups go; by default `backups` in the data folder (copy them off the machine too). */
  backupDir: z.string().min(1).optional(),
  /**
   * `--database postgres://…`: this node joins a site of several nodes on one PostgreSQL
   * (docs/storage-postgres.md). Unset: the data folder's SQLite alone, as always.
   */
  database: z.string().regex(/^postgres(ql)?:\/\//, 'the database must be a postgres:// URL').optional(),
  /** How often a node tries to take a singleton another node held (takeover time after a death). */
  leaseIntervalMs: z.number().int().min(50).max(5000).default(1000),
});
export type AppOptions = z.infer<typeof AppOptionsSchema>;
export type AppOptionsInput = z.input<typeof AppOptionsSchema>;

/** Where Electron's app.getPath('userData') would put it, so both shells share one folder. */
export function defaultDataDir(): string {
  const home = homedir();
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Watchdesk');
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', 'Watchdesk');
  return join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Watchdesk');
}
