import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * A private PostgreSQL for tests: its own cluster in a temporary folder, on a free port of
 * 127.0.0.1, unix sockets in the folder, fsync off (it is thrown away). Debian keeps the
 * binaries outside PATH, under /usr/lib/postgresql/<version>/bin.
 */
export interface PgCluster {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  /** A new empty database on the cluster; its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

const PG_ROOT = '/usr/lib/postgresql';

/** The bin folder of the highest installed major version that has initdb, pg_ctl and postgres; null when none. */
export function findPgBin(root = PG_ROOT): string | null {
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => /^\d+(\.\d+)?$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const bin = join(root, v, 'bin');
    if (['initdb', 'pg_ctl', 'postgres'].every((b) => existsSync(join(bin, b)))) return bin;
  }
  return null;
}

/**
 * Whether PostgreSQL tests can run here. Missing binaries skip them with one line, except in CI,
 * where .ci/run installs PostgreSQL: there a skip would hide that they never ran.
 */
export function pgBinOrSkip(suite: string, root = PG_ROOT, env: NodeJS.ProcessEnv = process.env, say: (line: string) => void = console.log): string | null {
  const bin = findPgBin(root);
  if (bin) return bin;
  if (env.CI === 'true') throw new Error(`${suite}: PostgreSQL binaries are missing under ${root} and CI=true: install postgresql`);
  say(`${suite} skipped: no PostgreSQL binaries under ${root}`);
  return null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

const asRoot = process.getuid?.() === 0;

/** initdb and postgres refuse to run as root: then as the postgres user Debian's package creates. */
function run(bin: string, args: string[], cwd: string): void {
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  const r = spawnSync(cmd, argv, { cwd, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr || r.stdout}`);
}

function uidGid(user: string): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

const running = new Set<() => void>();
// A worker that dies mid-test still stops its clusters: no postgres left behind.
process.once('exit', () => { for (const stop of running) stop(); });

export async function startPgCluster(bin = findPgBin()): Promise<PgCluster> {
  if (!bin) throw new Error('no PostgreSQL binaries');
  const dir = mkdtempSync(join(tmpdir(), 'watchdesk-pg-'));
  if (asRoot) {
    const { uid, gid } = uidGid('postgres');
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const log = join(dir, 'postgres.log');
  const port = await freePort();
  const pgCtl = join(bin, 'pg_ctl');
  const stopNow = (): void => {
    if (existsSync(join(data, 'postmaster.pid'))) spawnSync(asRoot ? 'runuser' : pgCtl, [...(asRoot ? ['-u', 'postgres', '--', pgCtl] : []), 'stop', '-D', data, '-m', 'immediate', '-w', '-t', '10'], { cwd: dir, timeout: 15_000 });
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions'], dir);
    const options = [
      `-p ${port}`, "-c listen_addresses=127.0.0.1", `-c unix_socket_directories=${dir}`,
      '-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off', '-c max_connections=60',
    ].join(' ');
    // -w: pg_ctl waits (bounded by -t) until the server accepts connections.
    run(pgCtl, ['start', '-D', data, '-l', log, '-w', '-t', '30', '-o', options], dir);
  } catch (err) {
    const tail = existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : '';
    stopNow();
    throw new Error(`${(err as Error).message}\n${tail}`);
  }
  running.add(stopNow);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  try {
    await waitReady(url);
  } catch (err) {
    running.delete(stopNow);
    stopNow();
    throw err;
  }
  return {
    url, port, dir,
    async createDatabase(name: string): Promise<string> {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
      } finally {
        await c.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${encodeURIComponent(name)}`;
    },
    async stop(): Promise<void> {
      running.delete(stopNow);
      stopNow();
    },
  };
}

/** Connects until it works, for at most 20 s. */
async function waitReady(url: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    try {
      await c.connect();
      await c.query('SELECT 1');
      await c.end();
      return;
    } catch (err) {
      await c.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`PostgreSQL at ${url} not ready after 20 s: ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
