import http from 'node:http';
import { exec, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import WebSocket from 'ws';
import type { ServeHandle } from '../../e2e/support/serve-process.js';
import { percentile } from './stats.js';
import { RawHttpConnection } from './raw-http.js';

export interface CollectorTarget {
  serve: ServeHandle;
  token: string;
  auth: string;
}

function get(agent: http.Agent, port: number, path: string, auth: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent, headers: { authorization: auth } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
  });
}

function hasWrk(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (err) {
    // wrk prints its version and exits 1.
    return (err as { status?: number }).status === 1;
  }
}

/** The load generator: wrk (Debian's, in C) when installed, else a lean JS client, which itself needs most of a core. */
export const LOAD_TOOL = hasWrk() ? 'wrk' : 'js';

async function loadWithWrk(port: number, auth: string, seconds: number, clients: number): Promise<{ ok: number; failed: number }> {
  const url = `http://127.0.0.1:${port}/api/createEvent?source=Bench&caption=Vape&description=Vape+61&state=Active`;
  const { stdout } = await promisify(exec)(`wrk -t1 -c${clients} -d${seconds}s -H 'Authorization: ${auth}' '${url}'`);
  const total = Number(/(\d+) requests in/.exec(stdout)?.[1] ?? 0);
  const failed = Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0);
  return { ok: total - failed, failed };
}

async function loadWithJs(port: number, auth: string, seconds: number, clients: number): Promise<{ ok: number; failed: number }> {
  const conns = await Promise.all(Array.from({ length: clients }, () => RawHttpConnection.open(port)));
  const deadline = performance.now() + seconds * 1000;
  let ok = 0;
  let failed = 0;
  await Promise.all(conns.map(async (conn, c) => {
    let i = 0;
    while (performance.now() < deadline) {
      const status = await conn.get(`/api/createEvent?source=Bench${c}&caption=Vape&description=Vape+${i++}&state=Active`, auth);
      if (status === 200) ok++;
      else failed++;
    }
  }));
  conns.forEach((c) => c.close());
  return { ok, failed };
}

/** Generic events/s accepted and stored: 64 keep-alive clients, each sending back to back. */
export async function collectorThroughput(t: CollectorTarget, seconds: number, stats: () => Promise<{ storedEvents: number }>): Promise<{ acceptedPerS: number; storedPerS: number; failed: number }> {
  const CLIENTS = 64;
  const port = t.serve.collectorPort!;
  // Warm-up: the first Basic login costs one scrypt; after that it is cached.
  await loadWithJs(port, t.auth, 0.5, 4);
  const before = (await stats()).storedEvents;
  const started = performance.now();
  const { ok, failed } = LOAD_TOOL === 'wrk' ? await loadWithWrk(port, t.auth, seconds, CLIENTS) : await loadWithJs(port, t.auth, seconds, CLIENTS);
  const sentElapsed = (performance.now() - started) / 1000;
  let stored = (await stats()).storedEvents - before;
  const drainDeadline = Date.now() + 30_000;
  while (stored < ok && Date.now() < drainDeadline) {
    await new Promise((r) => setTimeout(r, 50));
    stored = (await stats()).storedEvents - before;
  }
  const elapsed = (performance.now() - started) / 1000;
  return { acceptedPerS: ok / sentElapsed, storedPerS: stored / elapsed, failed };
}

/** Request → event visible on the stream, paced at 1,000 events/s. */
export async function collectorLatency(t: CollectorTarget, seconds: number): Promise<{ p50: number; p99: number; samples: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const ws = new WebSocket(`${t.serve.url.replace('http', 'ws')}api/v1/stream?token=${t.token}`);
  ws.on('message', (data) => {
    const now = performance.now();
    const m = JSON.parse(String(data)) as { type: string; events?: Array<{ caption: string }> };
    for (const e of m.events ?? []) {
      const at = sentAt.get(e.caption);
      if (at !== undefined) { latencies.push(now - at); sentAt.delete(e.caption); }
    }
  });
  await new Promise((r) => ws.once('open', r));
  let seq = 0;
  const started = performance.now();
  const pending: Array<Promise<number>> = [];
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      for (let k = 0; k < 10; k++) {
        const caption = `L${seq++}`;
        sentAt.set(caption, performance.now());
        pending.push(get(agent, t.serve.collectorPort!, `/api/createEvent?source=Lat&caption=${caption}`, t.auth));
      }
      if (performance.now() - started > seconds * 1000) { clearInterval(timer); resolve(); }
    }, 10);
  });
  await Promise.all(pending);
  await new Promise((r) => setTimeout(r, 300));
  ws.close();
  agent.destroy();
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), samples: latencies.length };
}
