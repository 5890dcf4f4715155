import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { Framer } from '../../electron/core/ingest/framer.js';
import { parseFrame } from '../../shared/halo/parse.js';
import { startServe, type ServeHandle } from '../../e2e/support/serve-process.js';
import { HALO, blast, connect, deviceName, heartbeat, paced } from './load.js';
import { fmt, median, percentile } from './stats.js';
import { LOAD_TOOL, collectorLatency, collectorThroughput } from './collector.js';
import { addThousandRules, alarmLatency } from './rules.js';
import { bigSite, commandRoundTrip } from './site.js';

// The server as a site runs it: compiled JavaScript (npm run serve), not the TypeScript loader.
// WATCHDESK_SERVE_BUILT=0 measures the sources instead.
process.env.WATCHDESK_SERVE_BUILT ??= '1';

/**
 * `npm run bench`: ingest throughput (durably stored), stream latency and memory, each
 * against a real `serve` process over loopback, with an in-process framing-only baseline
 * measured in the same run so ratios hold on a noisy machine.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const PASSWORD = 'bench-password';

async function api(serve: ServeHandle, token: string | null, method: string, path: string, body?: unknown): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await fetch(`${serve.url}api/v1${path}`, {
    method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res.status === 204 ? undefined : res.json();
}

async function startServer(extra: string[] = []): Promise<{ serve: ServeHandle; token: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'watchdesk-bench-'));
  const serve = await startServe(['--no-demo', '--admin-password', PASSWORD, ...extra], dir);
  const { token } = await api(serve, null, 'POST', '/sessions', { username: 'admin', password: PASSWORD });
  const server = await api(serve, token, 'GET', '/tcp-servers/1');
  const { id: _i, boundPort: _b, listening: _l, connections: _c, error: _e, ...config } = server;
  await api(serve, token, 'PUT', '/tcp-servers/1', { ...config, port: serve.tcpPort, autoCreateDevices: true, maxConnections: 5000, maxConnectionsPerAddress: 5000 });
  return { serve, token, dir };
}

const stop = async (s: { serve: ServeHandle; dir: string }): Promise<void> => {
  await s.serve.stop();
  rmSync(s.dir, { recursive: true, force: true });
};

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Baseline: the framer alone, in this process, over the same heartbeats. */
function baseline(): { framing: number; framingAndParsing: number } {
  const frames = Array.from({ length: 1000 }, (_, i) => heartbeat(i)).join('');
  const bytes = Buffer.from(frames);
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 65536) chunks.push(bytes.subarray(i, i + 65536));
  const measure = (parse: boolean): number => {
    let n = 0;
    const started = performance.now();
    while (performance.now() - started < 1000) {
      const framer = new Framer(';', 65536);
      for (const c of chunks) framer.push(c, (f) => { n++; if (parse) parseFrame(HALO, f); });
    }
    return n / ((performance.now() - started) / 1000);
  };
  return { framing: measure(false), framingAndParsing: measure(true) };
}

/** Heartbeats/s durably stored: many connections sending as fast as the server reads. */
async function throughput(withRules = false): Promise<{ storedPerS: number; valuesPerS: number; lost: number; rulesPerS: number }> {
  const s = await startServer();
  try {
    const DEVICES = 1000;
    const CONNECTIONS = 20;
    const perConn = DEVICES / CONNECTIONS;
    const sockets = await Promise.all(Array.from({ length: CONNECTIONS }, () => connect(s.serve.tcpPort)));
    const payloads = sockets.map((_, c) => Buffer.from(Array.from({ length: perConn }, (_, k) => heartbeat(c * perConn + k)).join('')));
    // Warm-up: creates the devices and warms the JIT.
    await Promise.all(sockets.map((sock, c) => new Promise((r) => sock.write(payloads[c]!, r))));
    await waitStored(s, DEVICES);
    if (withRules) await addThousandRules(s.serve, s.token, (m, p, b) => api(s.serve, s.token, m, p, b));
    const before = await api(s.serve, s.token, 'GET', '/ingest/stats');
    const started = performance.now();
    const deadline = started + SECONDS * 1000;
    const sent = (await Promise.all(sockets.map((sock, c) => blast(sock, payloads[c]!, perConn, () => performance.now() > deadline)))).reduce((a, b) => a + b, 0);
    const after = await waitStored(s, before.storedFrames + sent);
    const elapsed = (performance.now() - started) / 1000;
    sockets.forEach((x) => x.destroy());
    return {
      storedPerS: (after.storedFrames - before.storedFrames) / elapsed,
      valuesPerS: (after.storedValues - before.storedValues) / elapsed,
      lost: before.storedFrames + sent - after.storedFrames,
      rulesPerS: (after.ruleEvaluations - before.ruleEvaluations) / elapsed,
    };
  } finally {
    await stop(s);
  }
}

async function waitStored(s: { serve: ServeHandle; token: string }, frames: number): Promise<{ storedFrames: number; storedValues: number; ruleEvaluations: number }> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const st = await api(s.serve, s.token, 'GET', '/ingest/stats');
    if (st.storedFrames >= frames || Date.now() > deadline) return st;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Send → visible on the stream, at a paced 1,000 heartbeats/s over 1,000 devices; and RSS. */
async function latency(streamFlushMs: number): Promise<{ p50: number; p99: number; rss: number; samples: number }> {
  const s = await startServer(['--stream-flush-ms', String(streamFlushMs)]);
  try {
    const DEVICES = 1000;
    const sockets = await Promise.all(Array.from({ length: DEVICES }, () => connect(s.serve.tcpPort)));
    await Promise.all(sockets.map((sock, i) => new Promise((r) => sock.write(heartbeat(i, 0), r))));
    await waitStored(s, DEVICES);
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    const ws = new WebSocket(`${s.serve.url.replace('http', 'ws')}api/v1/stream?token=${s.token}`);
    ws.on('message', (data) => {
      const now = performance.now();
      const m = JSON.parse(String(data)) as { type: string; devices: Array<{ deviceId: string; latest: Record<string, { v: number }> }> };
      if (m.type !== 'delta') return;
      for (const d of m.devices) {
        const key = `${d.deviceId}:${d.latest.Noise?.v}`;
        const t = sentAt.get(key);
        if (t !== undefined) { latencies.push(now - t); sentAt.delete(key); }
      }
    });
    await new Promise((r) => ws.once('open', r));
    const frames = sockets.map((_, i) => heartbeat(i, 0));
    // 1,000 heartbeats/s: each device once a second, each carrying a marker value.
    await paced(SECONDS, 1000, (seq) => {
      const i = seq % DEVICES;
      const marker = 1000 + seq;
      sentAt.set(`${deviceName(i)}:${marker}`, performance.now());
      sockets[i]!.write(frames[i]!.replace(/Noise=@[^@]*@/, `Noise=@${marker}@`));
    });
    await new Promise((r) => setTimeout(r, 500));
    const rss = rssMb(s.serve.child.pid!);
    ws.close();
    sockets.forEach((x) => x.destroy());
    return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), rss, samples: latencies.length };
  } finally {
    await stop(s);
  }
}

/** The generic-event collector: throughput with 64 keep-alive clients, and latency to the stream. */
async function collector(): Promise<{ acceptedPerS: number; storedPerS: number; failed: number; p50: number; p99: number }> {
  const s = await startServer();
  try {
    await api(s.serve, s.token, 'POST', '/integration-accounts', { username: 'bench', password: 'bench-password' });
    const target = { serve: s.serve, token: s.token, auth: `Basic ${Buffer.from('bench:bench-password').toString('base64')}` };
    const t = await collectorThroughput(target, SECONDS, () => api(s.serve, s.token, 'GET', '/ingest/stats'));
    const l = await collectorLatency(target, SECONDS);
    return { ...t, p50: l.p50, p99: l.p99 };
  } finally {
    await stop(s);
  }
}

/** Frame → alarm latency (the throughput with 1,000 rules is measured beside the one without). */
async function rules(): Promise<{ alarmP50: number; alarmP99: number }> {
  const s = await startServer();
  try {
    const l = await alarmLatency(s.serve, s.token, (m, p, b) => api(s.serve, s.token, m, p, b), SECONDS);
    return { alarmP50: l.p50, alarmP99: l.p99 };
  } finally {
    await stop(s);
  }
}

async function main(): Promise<void> {
  const results = { baselineFramingPerS: [] as number[], baselineParsePerS: [] as number[], storedPerS: [] as number[], valuesPerS: [] as number[], lost: [] as number[], p50: [] as number[], p99: [] as number[], p99Fast: [] as number[], rss: [] as number[], httpAccepted: [] as number[], httpStored: [] as number[], httpFailed: [] as number[], httpP50: [] as number[], httpP99: [] as number[], withRules: [] as number[], rulesPerS: [] as number[], ruleCost: [] as number[], alarmP50: [] as number[], alarmP99: [] as number[], cmdCoreP50: [] as number[], cmdCoreP99: [] as number[], cmdSiteP50: [] as number[], cmdSiteP99: [] as number[], bigCpu: [] as number[], bigLag: [] as number[], bigMissed: [] as number[] };
  for (let run = 1; run <= RUNS; run++) {
    const b = baseline();
    // Back to back, so that the machine's state is the same for both: the ratio is the rules' cost.
    const t = await throughput();
    const withRules = await throughput(true);
    const l = await latency(100);
    const fast = await latency(40);
    const c = await collector();
    const ru = await rules();
    const cmd = await commandRoundTrip(100);
    const big = await bigSite(SECONDS);
    results.baselineFramingPerS.push(b.framing);
    results.baselineParsePerS.push(b.framingAndParsing);
    results.storedPerS.push(t.storedPerS);
    results.valuesPerS.push(t.valuesPerS);
    results.lost.push(t.lost);
    results.p50.push(l.p50);
    results.p99.push(l.p99);
    results.rss.push(l.rss);
    results.p99Fast.push(fast.p99);
    results.httpAccepted.push(c.acceptedPerS);
    results.httpStored.push(c.storedPerS);
    results.httpFailed.push(c.failed);
    results.httpP50.push(c.p50);
    results.httpP99.push(c.p99);
    results.withRules.push(withRules.storedPerS);
    results.rulesPerS.push(withRules.rulesPerS);
    results.ruleCost.push((1 - withRules.storedPerS / t.storedPerS) * 100);
    results.alarmP50.push(ru.alarmP50);
    results.alarmP99.push(ru.alarmP99);
    results.cmdCoreP50.push(cmd.coreP50);
    results.cmdCoreP99.push(cmd.coreP99);
    results.cmdSiteP50.push(cmd.siteP50);
    results.cmdSiteP99.push(cmd.siteP99);
    results.bigCpu.push(big.cpuPercent);
    results.bigLag.push(big.loopP99Ms);
    results.bigMissed.push(big.sent - big.applied);
    process.stderr.write(`run ${run}/${RUNS}: framing ${fmt(b.framing)}/s, stored ${fmt(t.storedPerS)} heartbeats/s, latency p50 ${fmt(l.p50, 1)} ms p99 ${fmt(l.p99, 1)} ms (${l.samples} samples); 40 ms window p99 ${fmt(fast.p99, 1)} ms; RSS ${fmt(l.rss)} MB; generic events ${fmt(c.acceptedPerS)}/s accepted, ${fmt(c.storedPerS)}/s stored, p99 ${fmt(c.p99, 1)} ms; with 1,000 rules ${fmt(withRules.storedPerS)} heartbeats/s (${fmt(withRules.rulesPerS)} rule evaluations/s), frame → alarm p99 ${fmt(ru.alarmP99, 1)} ms; command p99 ${fmt(cmd.coreP99, 1)} ms (core), ${fmt(cmd.siteP99)} ms (with the site's delay); ${fmt(big.assets)} assets at ${fmt(big.changesPerS)} changes/s: ${fmt(big.cpuPercent, 1)} % CPU\n`);
  }
  const m = (k: keyof typeof results): number => median(results[k]);
  const rows: Array<[string, string, string]> = [
    ['Baseline: framing only, in process (frames/s)', fmt(m('baselineFramingPerS')), '—'],
    ['Framing + parsing 44 values, in process (frames/s)', fmt(m('baselineParsePerS')), '—'],
    ['Heartbeats durably stored (/s, 44 values each)', fmt(m('storedPerS')), '≥ 40,000'],
    ['Data points durably stored (/s)', fmt(m('valuesPerS')), '≥ 1,760,000'],
    ['Stored ÷ framing-only baseline', `${fmt((m('storedPerS') / m('baselineFramingPerS')) * 100, 1)} %`, '—'],
    ['Heartbeats lost (sent − stored)', fmt(Math.max(...results.lost)), '0'],
    ['Latency send → stream, p50 at 1,000 msg/s, default 100 ms window (ms)', fmt(m('p50'), 1), '—'],
    ['Latency send → stream, p99 at 1,000 msg/s, default 100 ms window (ms)', fmt(m('p99'), 1), '< 50'],
    ['Latency send → stream, p99 at 1,000 msg/s, --stream-flush-ms 40 (ms)', fmt(m('p99Fast'), 1), '< 50'],
    ['Server RSS with 1,000 connected devices (MB)', fmt(m('rss')), '< 200'],
    [`Generic events accepted, 64 keep-alive clients (/s, load by ${LOAD_TOOL})`, fmt(m('httpAccepted')), '≥ 20,000'],
    ['Generic events durably stored (/s)', fmt(m('httpStored')), '≥ 20,000'],
    ['Generic-event requests refused', fmt(Math.max(...results.httpFailed)), '0'],
    ['Latency request → stream, p50 at 1,000 events/s (ms)', fmt(m('httpP50'), 1), '—'],
    ['Latency request → stream, p99 at 1,000 events/s (ms)', fmt(m('httpP99'), 1), '—'],
    ['Heartbeats durably stored with 1,000 rules (/s)', fmt(m('withRules')), '—'],
    ['Rule evaluations (/s)', fmt(m('rulesPerS')), '—'],
    ['Ingest throughput lost to rule evaluation', `${fmt(m('ruleCost'), 1)} %`, '< 20 %'],
    ['Latency sensor frame → alarm on the stream, p50 at 1,000 msg/s (ms)', fmt(m('alarmP50'), 1), '—'],
    ['Latency sensor frame → alarm on the stream, p99 at 1,000 msg/s (ms)', fmt(m('alarmP99'), 1), '< 50'],
    ['Command round trip, core only (site answers at once), p50 / p99 (ms)', `${fmt(m('cmdCoreP50'), 1)} / ${fmt(m('cmdCoreP99'), 1)}`, '—'],
    ['Command round trip with the simulated site’s 150–600 ms delay, p50 / p99 (ms)', `${fmt(m('cmdSiteP50'))} / ${fmt(m('cmdSiteP99'))}`, '—'],
    ['10,000 assets, 100 state changes/s: core CPU', `${fmt(m('bigCpu'), 1)} %`, 'keeps up'],
    ['10,000 assets, 100 state changes/s: event-loop delay p99 (ms)', fmt(m('bigLag'), 1), '—'],
    ['10,000 assets, 100 state changes/s: changes not applied', fmt(Math.max(...results.bigMissed)), '0'],
  ];
  process.stdout.write(`\nWatchdesk ingest benchmark — medians of ${RUNS} runs, ${SECONDS} s each, Node ${process.version}\n\n`);
  process.stdout.write('| figure | measured | goal |\n|---|---:|---:|\n');
  for (const [name, value, goal] of rows) process.stdout.write(`| ${name} | ${value} | ${goal} |\n`);
}

void main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
