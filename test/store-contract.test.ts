import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventRecord } from '../shared/domain.js';
import type { AsyncStore } from '../electron/core/store/async-store.js';
import type { Batch } from '../electron/core/store/store.js';
import { pgBinOrSkip, startPgCluster, type PgCluster } from './support/pg-cluster.js';
import { openPg, openSqlite, type OpenedStore } from './support/store-backends.js';

// Issue 16: one suite, both stores. The same calls must give the same results on SQLite (the
// embedded default) and on PostgreSQL (the shared store of several nodes).

const bin = pgBinOrSkip('store contract on PostgreSQL');
let cluster: PgCluster | undefined;
beforeAll(async () => { if (bin) cluster = await startPgCluster(bin); });
afterAll(async () => { await cluster?.stop(); });

const backends: Array<{ name: string; skip: boolean; open: () => Promise<OpenedStore> }> = [
  { name: 'sqlite', skip: false, open: async () => openSqlite() },
  { name: 'postgres', skip: !bin, open: () => openPg(cluster!) },
];

const DAY = 86_400_000;
/** Midnight UTC, three days ago: samples land in three different day partitions. */
const T0 = Math.floor(Date.now() / DAY) * DAY - 3 * DAY;
const POINTS = ['temp', 'humidity', 'co2'] as const;

function event(id: number, over: Partial<EventRecord> = {}): EventRecord {
  return {
    id, t: T0 + id * 1000, origin: 'tcp', deviceId: 1, name: `Vape ${id}`, kind: 'instant', source: 'HALO-1',
    caption: 'Vape detected', description: `near the stairs, case ${id}`, args: { level: String(id) }, metadata: null, pairId: null, ...over,
  };
}

/** Heartbeats of two devices over three days, a window an hour, NaN where a frame lacks a point. */
function batches(): Batch[] {
  const out: Batch[] = [];
  for (let h = 0; h < 72; h += 6) {
    const chunks = [1, 2].map((device) => {
      const times = [0, 1, 2].map((i) => T0 + h * 3_600_000 + i * 1000 + device);
      const values = times.flatMap((t, i) => [20 + h + i, device === 2 && i === 1 ? NaN : 40 + i, 400 + h]);
      return { device, points: POINTS, times, values };
    });
    out.push({
      chunks,
      events: [],
      latest: [1, 2].map((device) => ({ device, lastSeen: T0 + h * 3_600_000, latest: { temp: { v: 20 + h, t: T0 + h * 3_600_000 } }, invalid: {} })),
    });
  }
  return out;
}

async function ingest(store: AsyncStore): Promise<void> {
  for (const b of batches()) await store.writeBatch(b);
}

const series = async (store: AsyncStore, device: number, point: string, from = T0 - DAY, to = T0 + 4 * DAY) => {
  const c = await store.seriesColumns(device, point, from, to);
  return { times: [...c.times], values: [...c.values] };
};

async function eventsScenario(store: AsyncStore): Promise<unknown> {
  const ids = await store.eventIds(6);
  const events = [
    event(ids[0]!), event(ids[1]!, { name: 'Gunshot', description: 'LOUD noise', source: 'HALO-2', deviceId: 2 }),
    event(ids[2]!, { kind: 'set', name: 'Aggression' }), event(ids[3]!, { kind: 'reset', name: 'Aggression', pairId: ids[2]! }),
    event(ids[4]!, { origin: 'http', deviceId: null, source: 'Door 4', caption: 'Door forced', metadata: { cameraRefs: ['c1'] } }),
    event(ids[5]!, { description: 'loud noise' }),
  ];
  await store.writeBatch({ chunks: [], events, latest: [] });
  const strip = (list: EventRecord[]) => list.map((e) => ({ ...e, id: ids.indexOf(e.id), pairId: e.pairId === null ? null : ids.indexOf(e.pairId) }));
  return {
    all: strip(await store.events({ limit: 100 })),
    limited: strip(await store.events({ limit: 2 })),
    device2: strip(await store.events({ device: 2, limit: 100 })),
    http: strip(await store.events({ origin: 'http', limit: 100 })),
    source: strip(await store.events({ source: 'HALO', limit: 100 })),
    caption: strip(await store.events({ caption: 'forced', limit: 100 })),
    // Case-sensitive, in the name or the description.
    textUpper: strip(await store.events({ text: 'LOUD', limit: 100 })),
    textLower: strip(await store.events({ text: 'loud', limit: 100 })),
    textName: strip(await store.events({ text: 'Aggress', limit: 100 })),
    window: strip(await store.events({ from: events[1]!.t, to: events[3]!.t, limit: 100 })),
    pairable: strip(await store.pairableEvents(10)),
  };
}

describe.each(backends)('the $name store', ({ skip, open }) => {
  const withStore = async (fn: (o: OpenedStore) => Promise<void>): Promise<void> => {
    const o = await open();
    try { await fn(o); } finally { await o.close(); }
  };

  it.skipIf(skip)('stores a window of samples, events and latest values, and reads each point back', () => withStore(async ({ store }) => {
    await ingest(store);
    const temp = await series(store, 1, 'temp');
    expect(temp.times).toHaveLength(36);
    expect(temp.times[0]).toBe(T0 + 1);
    expect(temp.values.slice(0, 3)).toEqual([20, 21, 22]);
    // The frame without a humidity value is left out, not a NaN.
    expect((await series(store, 2, 'humidity')).times).toHaveLength(24);
    expect((await series(store, 1, 'nope')).times).toEqual([]);
    const within = await series(store, 1, 'co2', T0 + 6 * 3_600_000, T0 + 6 * 3_600_000 + 1001);
    expect(within).toEqual({ times: [T0 + 6 * 3_600_000 + 1, T0 + 6 * 3_600_000 + 1001], values: [406, 406] });
    const latest = (await store.loadLatest()).sort((a, b) => a.device - b.device);
    expect(latest.map((l) => [l.device, l.lastSeen, l.latest.temp?.v])).toEqual([[1, T0 + 66 * 3_600_000, 86], [2, T0 + 66 * 3_600_000, 86]]);
  }));

  it.skipIf(skip)('finds events by time, device, origin, source, caption and text, newest first', () => withStore(async ({ store }) => {
    const r = (await eventsScenario(store)) as Record<string, Array<{ id: number }>>;
    expect(r.all!.map((e) => e.id)).toEqual([5, 4, 3, 2, 1, 0]);
    expect(r.limited!.map((e) => e.id)).toEqual([5, 4]);
    expect(r.textUpper!.map((e) => e.id)).toEqual([1]);
    expect(r.textLower!.map((e) => e.id)).toEqual([5]);
    expect(r.pairable!.map((e) => e.id)).toEqual([2, 3]);
  }));

  it.skipIf(skip)('takes % and _ in a text filter literally', () => withStore(async ({ store }) => {
    const [a, b, c] = await store.eventIds(3);
    await store.writeBatch({ chunks: [], events: [event(a!, { description: '50% off_now' }), event(b!, { description: '50 percent off' }), event(c!, { name: 'back\\slash' })], latest: [] });
    expect((await store.events({ text: '50%', limit: 10 })).map((e) => e.id)).toEqual([a]);
    expect((await store.events({ text: 'f_n', limit: 10 })).map((e) => e.id)).toEqual([a]);
    expect((await store.events({ text: 'k\\s', limit: 10 })).map((e) => e.id)).toEqual([c]);
  }));

  it.skipIf(skip)('hands out unique ascending event ids', () => withStore(async ({ store }) => {
    const a = await store.eventIds(5);
    const b = await store.eventIds(3);
    const all = [...a, ...b];
    expect(new Set(all).size).toBe(8);
    expect([...all].sort((x, y) => x - y)).toEqual(all);
  }));

  it.skipIf(skip)('chains the audit log, and tells an altered or a removed entry', () => withStore(async ({ store, exec }) => {
    for (let i = 0; i < 5; i++) await store.audit({ actor: 'admin', action: `alarm.ack`, target: `alarm ${i}`, before: { state: 'active' }, after: { state: 'acked' }, reason: i === 2 ? 'drill' : undefined });
    await store.audit({ actor: 'ops', action: 'device.update', target: 'device 1' });
    expect(await store.verifyAudit()).toEqual({ ok: true, checked: 6, broken: null });
    const listed = await store.listAudit({ action: 'alarm.', limit: 3 });
    expect(listed.map((e) => [e.id, e.target, e.reason])).toEqual([[5, 'alarm 4', ''], [4, 'alarm 3', ''], [3, 'alarm 2', 'drill']]);
    expect(listed[0]!.after).toEqual({ state: 'acked' });
    expect((await store.listAudit({ actor: 'ops', limit: 10 })).map((e) => e.id)).toEqual([6]);
    await exec("UPDATE audit SET target = 'alarm 9' WHERE id = 3");
    expect(await store.verifyAudit()).toMatchObject({ ok: false, broken: { id: 3 } });
    await exec("UPDATE audit SET target = 'alarm 2' WHERE id = 3");
    await exec('DELETE FROM audit WHERE id = 6');
    expect(await store.verifyAudit()).toMatchObject({ ok: false, checked: 5, broken: { id: 6 } });
  }));

  it.skipIf(skip)('refuses an alarm transition made from a stale version, with the alarm as it is', () => withStore(async ({ store }) => {
    const alarm = await store.createAlarm({ state: 'active' });
    expect(alarm.version).toBe(1);
    const step = (action: string, actor: string, state: string) => ({ alarm: alarm.id, t: T0, action, actor, state });
    const acked = await store.transitionAlarm(alarm.id, 1, { state: 'acked', by: 'ana' }, step('ack', 'ana', 'acked'));
    expect(acked).toEqual({ ok: true, alarm: { id: alarm.id, version: 2, body: { state: 'acked', by: 'ana' } } });
    const late = await store.transitionAlarm(alarm.id, 1, { state: 'acked', by: 'bob' }, step('ack', 'bob', 'acked'));
    expect(late).toEqual({ ok: false, reason: 'stale', current: { id: alarm.id, version: 2, body: { state: 'acked', by: 'ana' } } });
    expect(await store.transitionAlarm(alarm.id + 100, 1, {}, step('ack', 'bob', 'acked'))).toEqual({ ok: false, reason: 'missing' });
    // Two at once from the same version: exactly one wins.
    const both = await Promise.all(['cy', 'di'].map((who) => store.transitionAlarm(alarm.id, 2, { state: 'cleared', by: who }, step('clear', who, 'cleared'))));
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    expect((await store.listAlarms()).map((a) => a.version)).toEqual([3]);
    expect((await store.alarmsById([alarm.id, alarm.id + 100, alarm.id])).map((a) => [a.id, a.version])).toEqual([[alarm.id, 3]]);
    expect(await store.alarmsById([])).toEqual([]);
    expect((await store.alarmSteps(alarm.id)).map((s) => s.actor)).toEqual(['ana', both[0]!.ok ? 'cy' : 'di']);
    expect(await store.alarmHistory(T0, T0)).toHaveLength(2);
  }));

  it.skipIf(skip)('keeps sessions by token hash', () => withStore(async ({ store }) => {
    const s = { tokenHash: 'h1', username: 'ana', role: 'operator' as const, createdAt: 1000, lastUsed: 1000, expiresAt: 9000 };
    await store.sessions.insert(s);
    await store.sessions.insert({ ...s, tokenHash: 'h2', lastUsed: 500 });
    expect(await store.sessions.get('h1')).toEqual(s);
    await store.sessions.touch('h1', 2000);
    expect((await store.sessions.get('h1'))?.lastUsed).toBe(2000);
    expect((await store.sessions.hashesFor('ana')).sort()).toEqual(['h1', 'h2']);
    expect(await store.sessions.deleteStale(3000, 1500)).toBe(1);
    await store.sessions.deleteFor('ana');
    expect(await store.sessions.get('h1')).toBeUndefined();
  }));

  it.skipIf(skip)('retention removes the samples of chunks that ended before the cutoff, and only those', () => withStore(async ({ store }) => {
    await ingest(store);
    await store.pruneSamplesBefore(T0 + DAY);
    const left = await series(store, 1, 'temp');
    expect(left.times).toHaveLength(24);
    expect(Math.min(...left.times)).toBeGreaterThanOrEqual(T0 + DAY);
    // A cutoff inside a day: the day stays, its older chunks go.
    await store.pruneSamplesBefore(T0 + DAY + 12 * 3_600_000);
    expect((await series(store, 1, 'temp')).times).toHaveLength(18);
    await store.writeBatch(batches()[0]!);
    expect((await series(store, 1, 'temp')).times).toHaveLength(21);
  }));
});

describe.skipIf(!bin)('SQLite and PostgreSQL side by side', () => {
  it('give the same answers to the same calls', async () => {
    const results = [];
    for (const b of backends) {
      const { store, close } = await b.open();
      try {
        await ingest(store);
        const alarm = await store.createAlarm({ state: 'active' });
        await store.transitionAlarm(alarm.id, 1, { state: 'acked' }, { alarm: alarm.id, t: T0, action: 'ack', actor: 'ana', state: 'acked' });
        const stale = await store.transitionAlarm(alarm.id, 1, { state: 'acked' }, { alarm: alarm.id, t: T0, action: 'ack', actor: 'bob', state: 'acked' });
        await store.audit({ actor: 'ana', action: 'alarm.ack', target: `alarm ${alarm.id}`, after: { state: 'acked' } });
        const audit = (await store.listAudit({ limit: 10 })).map(({ t: _t, hash: _h, ...rest }) => rest);
        await store.pruneSamplesBefore(T0 + DAY);
        results.push({
          temp: await series(store, 1, 'temp'), humidity: await series(store, 2, 'humidity'),
          latest: (await store.loadLatest()).sort((a, b) => a.device - b.device),
          events: await eventsScenario(store), alarms: await store.listAlarms(), stale, audit,
          verdict: await store.verifyAudit(), steps: await store.alarmSteps(alarm.id),
        });
      } finally {
        await close();
      }
    }
    expect(results[1]).toEqual(results[0]);
  });
});
