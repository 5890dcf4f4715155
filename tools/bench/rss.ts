import { readFileSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServe, type ServeHandle } from '../../e2e/support/serve-process.js';
import { connect, heartbeat, paced } from './load.js';

/**
 * `tsx tools/bench/rss.ts`: the serve process's resident memory with 1,000 HALOs connected and
 * reporting (1,000 heartbeats/s for BENCH_SECONDS), as `npm run bench` measures it, broken down:
 * anonymous memory (heaps) against file-backed pages (the node binary, libraries), and threads.
 */
const PASSWORD = 'bench-password';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);

async function api(serve: ServeHandle, token: string | null, method: string, path: string, body?: unknown): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await fetch(`${serve.url}api/v1${path}`, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
  return res.status === 204 ? undefined : res.json();
}

function memory(pid: number): Record<string, number> {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string): number => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) / 1024;
  const threads = readdirSync(`/proc/${pid}/task`).map((t) => readFileSync(`/proc/${pid}/task/${t}/comm`, 'utf8').trim());
  const names = new Map<string, number>();
  for (const t of threads) names.set(t, (names.get(t) ?? 0) + 1);
  process.stderr.write(`  threads: ${[...names].map(([n, c]) => `${n}×${c}`).join(', ')}\n`);
  return { rss: kb('VmRSS'), anon: kb('RssAnon'), file: kb('RssFile'), shmem: kb('RssShmem'), threads: threads.length };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'watchdesk-bench-rss-'));
  const serve = await startServe(['--no-demo', '--admin-password', PASSWORD], dir);
  try {
    const pid = serve.child.pid!;
    process.stderr.write(`idle: ${JSON.stringify(memory(pid))}\n`);
    const { token } = await api(serve, null, 'POST', '/sessions', { username: 'admin', password: PASSWORD });
    const server = await api(serve, token, 'GET', '/tcp-servers/1');
    const { id: _i, boundPort: _b, listening: _l, connections: _c, error: _e, ...config } = server;
    await api(serve, token, 'PUT', '/tcp-servers/1', { ...config, port: serve.tcpPort, autoCreateDevices: true, maxConnections: 5000, maxConnectionsPerAddress: 5000 });
    const sockets = await Promise.all(Array.from({ length: 1000 }, () => connect(serve.tcpPort)));
    const frames = sockets.map((_, i) => heartbeat(i, 0));
    await paced(SECONDS, 1000, (seq) => { sockets[seq % 1000]!.write(frames[seq % 1000]!); });
    await new Promise((r) => setTimeout(r, 500));
    process.stderr.write(`1,000 devices: ${JSON.stringify(memory(pid))}\n`);
    if (process.env.BENCH_CHART === '1') {
      // An operator opens a chart: the series worker starts (and takes the WAL checkpoints over).
      const devices = await api(serve, token, 'GET', '/devices') as Array<{ id: number }>;
      await api(serve, token, 'GET', `/devices/${devices[0]!.id}/series?point=Noise&from=${Date.now() - 3_600_000}&to=${Date.now()}&maxPoints=1000`);
      await new Promise((r) => setTimeout(r, 2000));
      process.stderr.write(`1,000 devices and a chart: ${JSON.stringify(memory(pid))}\n`);
    }
    if (process.env.BENCH_HEAP_SNAPSHOT === '1') {
      // The server runs with --heapsnapshot-signal=SIGUSR2 (NODE_OPTIONS): it writes the snapshot to its working folder.
      serve.child.kill('SIGUSR2');
      await new Promise((r) => setTimeout(r, 15_000));
    }
    sockets.forEach((s) => s.destroy());
  } finally {
    await serve.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
