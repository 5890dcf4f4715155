import { describe, expect, it } from 'vitest';
import { emptyCounters } from '../shared/domain.js';
import { Batcher } from '../electron/core/store/batcher.js';
import type { Batch, Store } from '../electron/core/store/store.js';
import { until } from './support/app.js';

/** The batcher with `--database`: each window awaited in PostgreSQL (here a stand-in), then copied locally. */
describe('the ingest window into a shared database', () => {
  const POINTS = ['Noise', 'Temp'] as const;
  const frame = (b: Batcher, t: number): void => b.addFrame(1, POINTS, t, Float64Array.from([t, t + 0.5]), 2);
  const times = (batches: Batch[]): number[] => batches.flatMap((x) => x.chunks.flatMap((c) => c.times)).sort((x, y) => x - y);

  it('keeps a failed window in memory, raises the write alarm once, and writes it all when the database is back', async () => {
    const local: Batch[] = [];
    const shared: Batch[] = [];
    let down = 2;
    const counters = emptyCounters();
    const b = new Batcher({ writeBatch: (x: Batch) => { local.push(x); } } as unknown as Store, counters, () => null, { flushMs: 5, maxFrames: 1000 });
    const health: string[] = [];
    b.health = { failed: (e) => health.push(`failed: ${e}`), recovered: () => health.push('recovered') };
    b.sink = async (x) => {
      if (down > 0) { down--; throw new Error('connection refused'); }
      shared.push(x);
    };
    b.addEvent({ id: 7, t: 1, origin: 'tcp', deviceId: 1, name: 'Vape', kind: 'set', source: '', caption: '', description: '', args: {}, metadata: null, pairId: null } as never);
    for (let t = 1; t <= 5; t++) frame(b, t);
    await until('the first failure', () => health.length, (n) => n >= 1);
    // Frames keep coming while the database is away: held, not dropped.
    for (let t = 6; t <= 10; t++) frame(b, t);
    await until('everything written', () => times(shared).length, (n) => n === 10, 10_000);
    expect(times(shared)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(shared.flatMap((x) => x.events.map((e) => e.id))).toEqual([7]);
    // The local data folder gets the same windows, after PostgreSQL took them.
    expect(times(local)).toEqual(times(shared));
    expect(health).toEqual(['failed: connection refused', 'recovered']);
    expect(counters).toMatchObject({ storeErrors: 2, storedFrames: 10, storedValues: 20, storedEvents: 1, droppedFrames: 0 });
    expect(b.pendingFrames).toBe(0);
  });

  it('writes one window at a time: frames that arrive during a write wait for the next window', async () => {
    const shared: Batch[] = [];
    let release: (() => void) | null = null;
    let inFlight = 0;
    let most = 0;
    const b = new Batcher({ writeBatch: () => undefined } as unknown as Store, emptyCounters(), () => null, { flushMs: 5, maxFrames: 1000 });
    b.sink = async (x) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise<void>((r) => { release = r; });
      inFlight--;
      shared.push(x);
    };
    frame(b, 1);
    await until('a write in flight', () => release !== null, (x) => x);
    for (let t = 2; t <= 4; t++) frame(b, t);
    b.flush();
    expect(inFlight).toBe(1);
    const first = release!;
    first();
    await until('the second window started', () => release, (r) => r !== first);
    release!();
    await b.drain();
    expect(times(shared)).toEqual([1, 2, 3, 4]);
    expect(most).toBe(1);
  });
});
