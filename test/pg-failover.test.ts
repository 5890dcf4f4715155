import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import pg from 'pg';
import type { WatchdeskApp } from '../electron/core/app.js';
import { HaloFleet } from '../electron/core/demo/halo-fleet.js';
import { LEASE_NAMESPACE } from '../electron/core/store/pg/singleton.js';
import { compileDeviceType } from '../shared/halo/compile.js';
import { haloDeviceType } from '../shared/halo/builtin.js';
import { generateHaloStrings } from '../shared/halo/strings.js';
import { Api, PASSWORD, startApp, tempDir, until } from './support/app.js';
import { pgBinOrSkip, startPgCluster, type PgCluster } from './support/pg-cluster.js';

/**
 * The failover test: node A a real `serve` process, node B in this process, one
 * PostgreSQL. Simulated HALOs stream to A (B's address as their failover), a console watches
 * B; an alarm raised on A is acknowledged from B; A is killed with SIGKILL mid-stream.
 */
const bin = pgBinOrSkip('failover test');

const VAPE = { id: 'VAPE', name: 'Vape detected', priority: 20 };
const VAPE_RULE = { id: 'vape', name: 'Vape', when: { type: 'event', origin: 'tcp', name: 'Vape' }, do: [{ type: 'trigger-alarm', alarmId: 'VAPE' }] };
const HALO = { name: 'Bathroom 1', deviceId: 'SimHalo001', typeId: 'halo', serverId: 1 };

interface ServeNode { child: ChildProcess; url: string; tcpPort: number; log: string[] }

/** `serve --database …` as its own process, as a node of a site runs; resolved on its ready line. */
async function serveNode(database: string): Promise<ServeNode> {
  // node itself with tsx's loader: one process, so SIGKILL kills the node (the tsx wrapper would leave it running).
  const child = spawn(process.execPath, [
    '--import', 'tsx', 'electron/core/serve.ts', '--data-dir', tempDir(), '--host', '127.0.0.1', '--port', '0', '--tcp-port', '0', '--collector-port', '0',
    '--admin-password', PASSWORD, '--no-demo', '--database', database,
  ], { cwd: process.cwd(), env: { ...process.env, WATCHDESK_RENDERER_DIR: join(tmpdir(), 'no-renderer') }, stdio: ['ignore', 'pipe', 'pipe'] });
  const log: string[] = [];
  child.stderr!.on('data', (d: Buffer) => log.push(String(d)));
  const ready = await new Promise<{ url: string; tcpPort: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node A did not start: ${log.join('')}`)), 60_000);
    createInterface({ input: child.stdout! }).once('line', (line) => { clearTimeout(timer); resolve(JSON.parse(line) as { url: string; tcpPort: number }); });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`node A exited with ${code}: ${log.join('')}`)); });
  });
  return { child, url: ready.url, tcpPort: ready.tcpPort, log };
}

describe.skipIf(!bin)('failover between two nodes on one PostgreSQL', () => {
  let cluster: PgCluster;
  let a: ServeNode | null = null;
  let b: WatchdeskApp | null = null;
  let fleet: HaloFleet | null = null;
  beforeAll(async () => { cluster = await startPgCluster(bin); });
  afterAll(async () => {
    fleet?.stop();
    a?.child.kill('SIGKILL');
    await b?.stop();
    await cluster?.stop();
  });

  it('kill -9 of node A: committed heartbeats kept, the alarm still acknowledged with its audit, B takes the singletons within 5 s, B\'s console never loses its stream', async () => {
    const url = await cluster.createDatabase('failover');
    const db = new pg.Pool({ connectionString: url, max: 2 });
    const leasesHeld = async (): Promise<number> => Number((await db.query("SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND granted", [LEASE_NAMESPACE])).rows[0].n);
    try {
      a = await serveNode(url);
      const apiA = new Api(a.url);
      await apiA.login('admin', PASSWORD);
      // Alone, A runs every singleton of the site.
      await until('A holds the singletons', leasesHeld, (n) => n === 3, 15_000);

      const started = await startApp({ database: url, leaseIntervalMs: 200 });
      b = started.app;
      const apiB = started.api;
      expect(b.cluster!.held()).toEqual([]);
      // Alarm definitions are the site's; rules and devices each node's own yet: both nodes get them.
      expect((await apiA.post('/alarm-definitions', VAPE)).status).toBe(201);
      await until('the definition on B', async () => (await apiB.get('/alarm-definitions')).body as Array<{ id: string }>, (d) => d.some((x) => x.id === 'VAPE'));
      for (const api of [apiA, apiB]) {
        expect((await api.post('/rules', VAPE_RULE)).status).toBe(201);
        expect((await api.post('/devices', HALO)).status).toBe(201);
      }

      // A console on B, watching its stream throughout.
      const ws = new WebSocket(`${started.ready.url.replace('http', 'ws')}api/v1/stream?token=${apiB.token}`);
      let streamClosed = false;
      const alarmsOnB: Array<{ id: number; state: string }> = [];
      ws.on('close', () => { streamClosed = true; });
      ws.on('message', (d) => { for (const x of (JSON.parse(String(d)) as { alarms?: Array<{ id: number; state: string }> }).alarms ?? []) alarmsOnB.push(x); });
      await new Promise((r) => ws.once('open', r));

      fleet = new HaloFleet({
        host: '127.0.0.1', port: a.tcpPort, failover: [{ host: '127.0.0.1', port: started.ready.tcpPort! }],
        names: [HALO.deviceId], intervalMs: 50, eventsPerHour: 0, holdMs: 600_000, seed: 1,
        strings: generateHaloStrings(compileDeviceType(haloDeviceType()), 'DeviceId=(\\S+)', ';'),
      });
      fleet.start();
      await until('heartbeats stored by A', async () => (await apiA.get('/ingest/stats')).body.storedFrames as number, (n) => n >= 10);

      // An alarm raised on A, acknowledged from B.
      expect(fleet.trigger('Vape', HALO.deviceId)).toBe(true);
      const raised = await until('the alarm on B\'s stream', () => alarmsOnB.find((x) => x.state === 'unack'), (x) => x !== undefined);
      const id = raised!.id;
      expect((await apiB.post(`/alarms/${id}/acknowledge`, { comment: 'guard on the way' })).status).toBe(200);
      await until('A has the acknowledgement', async () => (await apiA.get(`/alarms/${id}`)).body.state, (s) => s === 'ack');

      // Mid-stream: what A says it has committed, then SIGKILL.
      let committed = 0;
      await until('more heartbeats on A', async () => (committed = (await apiA.get('/ingest/stats')).body.storedFrames as number), (n) => n >= 20);
      committed = (await apiA.get('/ingest/stats')).body.storedFrames as number;
      const killedAt = Date.now();
      a.child.kill('SIGKILL');
      const killed = performance.now();

      await until('B holds every singleton', () => b!.cluster!.held().length, (n) => n === 3, 5000);
      const takeoverMs = performance.now() - killed;
      // The simulator reconnects to B, whose ingest goes on into the same database.
      await until('heartbeats stored by B', () => b!.counters.storedFrames, (n) => n >= 10, 15_000);

      const beforeKill = Number((await db.query('SELECT coalesce(sum(n), 0) AS n FROM sample_chunks WHERE device = 1 AND t_end < $1', [killedAt])).rows[0].n);
      console.log(`failover: A had committed ${committed} heartbeats, ${beforeKill} from before the kill are in PostgreSQL; B took the singletons in ${takeoverMs.toFixed(0)} ms`);
      expect(beforeKill).toBeGreaterThanOrEqual(committed);
      expect(takeoverMs).toBeLessThan(5000);

      const alarm = (await apiB.get(`/alarms/${id}`)).body;
      expect(alarm).toMatchObject({ state: 'ack', acknowledgedBy: 'admin', comment: 'guard on the way' });
      const audit = (await apiB.get('/audit?action=alarm.acknowledge')).body as Array<{ target: string; reason: string }>;
      expect(audit.filter((r) => r.target === `alarm:${id}`).map((r) => r.reason)).toEqual(['guard on the way']);
      expect((await apiB.get('/audit/verify')).body).toMatchObject({ ok: true });
      expect(streamClosed).toBe(false);
      ws.close();
    } finally {
      await db.end();
    }
  }, 120_000);
});
