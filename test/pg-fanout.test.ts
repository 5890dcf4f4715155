import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FanoutListener, FanoutPublisher, PAYLOAD_LIMIT, splitPayloads, type Envelope } from '../electron/core/store/pg/fanout.js';
import { createPool } from '../electron/core/store/pg/pool.js';
import { PgStore } from '../electron/core/store/pg/pg-store.js';
import { pgBinOrSkip, startPgCluster, type PgCluster } from './support/pg-cluster.js';
import { until } from './support/app.js';

describe('splitting a fan-out message', () => {
  it('keeps every payload under the limit, items whole and in order', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => 1_000_000 + i);
    const payloads = splitPayloads('node-a', 'alarm', ids, 1);
    expect(payloads.length).toBeGreaterThan(1);
    for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(PAYLOAD_LIMIT);
    expect(payloads.flatMap((p) => (JSON.parse(p) as Envelope).i)).toEqual(ids);
    // Multi-byte text counts in bytes, as PostgreSQL does.
    const words = Array.from({ length: 400 }, (_, i) => `Tür ${i} geöffnet ✓`);
    const split = splitPayloads('n', 'event', words, 1);
    for (const p of split) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(PAYLOAD_LIMIT);
    expect(split.flatMap((p) => (JSON.parse(p) as Envelope).i)).toEqual(words);
    expect(() => splitPayloads('n', 'device', ['x'.repeat(9000)], 1)).toThrow(/send its id/);
  });

  it('a listener that cannot connect at first says so and does not retry behind the caller', async () => {
    const listener = new FanoutListener({ url: 'postgres://postgres@127.0.0.1:1/none', channel: 'watchdesk', onMessage: () => undefined });
    await expect(listener.start()).rejects.toThrow();
    expect(listener.listening).toBe(false);
    expect(listener.reconnects).toBe(0);
  });
});

const bin = pgBinOrSkip('fan-out tests');

describe.skipIf(!bin)('LISTEN/NOTIFY fan-out between two nodes', () => {
  let cluster: PgCluster;
  beforeAll(async () => { cluster = await startPgCluster(bin); });
  afterAll(async () => { await cluster?.stop(); });

  it('delivers small batches from one node to another within 200 ms at p99', async () => {
    const url = await cluster.createDatabase('fanout_latency');
    const poolA = createPool(url, { max: 4 });
    const poolB = createPool(url, { max: 4 });
    const got: Array<{ seq: number; at: number }> = [];
    const listener = new FanoutListener({ url, channel: 'watchdesk', self: 'node-b', onMessage: (m) => { for (const seq of m.i as number[]) got.push({ seq, at: performance.now() }); } });
    await listener.start();
    const publisher = new FanoutPublisher(poolA, 'watchdesk', 'node-a');
    try {
      const sent = new Map<number, number>();
      const N = 300;
      for (let seq = 0; seq < N; seq++) {
        sent.set(seq, performance.now());
        await publisher.publish('alarm', [seq]);
      }
      await until('every notification', () => got.length, (n) => n >= N);
      const latencies = got.map((g) => g.at - sent.get(g.seq)!).sort((a, b) => a - b);
      const p99 = latencies[Math.floor(latencies.length * 0.99)]!;
      console.log(`fan-out notify→receive over ${N}: p50 ${latencies[N >> 1]!.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms`);
      expect(got.map((g) => g.seq)).toEqual([...sent.keys()]);
      expect(p99).toBeLessThan(200);
      // A split batch from a third node arrives whole; what the listening node sent itself does not come back.
      const own = new FanoutPublisher(poolB, 'watchdesk', 'node-b');
      await own.publish('device', [-1]);
      const other = new FanoutPublisher(poolB, 'watchdesk', 'node-c');
      expect(await other.publish('device', Array.from({ length: 3000 }, (_, i) => i))).toBeGreaterThan(1);
      await until('the split batch', () => got.length, (n) => n >= N + 3000);
      expect(got.slice(N).map((g) => g.seq)).toEqual(Array.from({ length: 3000 }, (_, i) => i));
    } finally {
      await listener.stop();
      await Promise.all([poolA.end(), poolB.end()]);
    }
  });

  it('an alarm acknowledged on node A is read back on node B within 200 ms at p99', async () => {
    const url = await cluster.createDatabase('fanout_alarms');
    const [a, b] = await Promise.all([PgStore.open(url, { poolSize: 3 }), PgStore.open(url, { poolSize: 3 })]);
    const seen = new Map<number, number>();
    // Node B does what its stream would: reload the alarms named, from the one truth.
    const listener = new FanoutListener({
      url, channel: 'watchdesk',
      onMessage: (m) => {
        if (m.k !== 'alarm') return;
        void b.alarmsById(m.i as number[]).then((alarms) => {
          for (const x of alarms) if (x.version === 2 && !seen.has(x.id)) seen.set(x.id, performance.now());
        });
      },
    });
    await listener.start();
    const publisher = new FanoutPublisher(a.pool, 'watchdesk', 'node-a');
    try {
      const started = new Map<number, number>();
      const N = 100;
      for (let i = 0; i < N; i++) {
        const alarm = await a.createAlarm({ state: 'unack' });
        started.set(alarm.id, performance.now());
        const r = await a.transitionAlarm(alarm.id, 1, { state: 'ack' }, { alarm: alarm.id, t: Date.now(), action: 'ack', actor: 'ana', state: 'ack' });
        expect(r.ok).toBe(true);
        await publisher.publish('alarm', [alarm.id]);
      }
      await until('node B saw every acknowledgement', () => seen.size, (n) => n === N);
      const latencies = [...started].map(([id, t]) => seen.get(id)! - t).sort((x, y) => x - y);
      const p99 = latencies[Math.floor(N * 0.99)]!;
      console.log(`alarm action on node A → read on node B over ${N}: p50 ${latencies[N >> 1]!.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms`);
      expect(p99).toBeLessThan(200);
    } finally {
      await listener.stop();
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('reconnects after its backend is killed, says so, and counts what is not an envelope', async () => {
    const url = await cluster.createDatabase('fanout_reconnect');
    const pool = createPool(url, { max: 2 });
    const got: unknown[] = [];
    let reconnected = 0;
    const listener = new FanoutListener({ url, channel: 'watchdesk', retryMs: 50, onMessage: (m) => got.push(...m.i), onReconnect: () => { reconnected++; } });
    await listener.start();
    const publisher = new FanoutPublisher(pool, 'watchdesk', 'node-a');
    try {
      await publisher.publish('alarm', [1]);
      await until('the first', () => got.length, (n) => n === 1);
      const pid = listener.backendPid;
      await pool.query('SELECT pg_terminate_backend($1)', [pid]);
      await until('a reconnect', () => reconnected, (n) => n === 1);
      expect(listener.backendPid).not.toBe(pid);
      await publisher.publish('alarm', [2]);
      await until('the second', () => got.length, (n) => n === 2);
      await pool.query("SELECT pg_notify('watchdesk', 'not json')");
      await until('the malformed one counted', () => listener.malformed, (n) => n === 1);
      expect(got).toEqual([1, 2]);
      // Inside a transaction: announced only if it commits.
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        await publisher.publishIn(c, 'alarm', ['rolled back']);
        await c.query('ROLLBACK');
        await c.query('BEGIN');
        await publisher.publishIn(c, 'alarm', [3]);
        await c.query('COMMIT');
      } finally {
        c.release();
      }
      await until('the committed one', () => got.length, (n) => n === 3);
      expect(got).toEqual([1, 2, 3]);
    } finally {
      await listener.stop();
      await pool.end();
    }
  });
});
