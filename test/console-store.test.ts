import { beforeEach, describe, expect, it } from 'vitest';
import { useConsole } from '../renderer/src/store/console-store.js';
import { streamBatcher } from '../renderer/src/store/stream-batcher.js';
import type { StreamMessage } from '../shared/bridge.js';
import type { AlarmView } from '../shared/alarms/definitions.js';
import type { DeviceStatus, EventRecord, IngestStats } from '../shared/domain.js';

const device = (id: number, noise: number): DeviceStatus => ({
  id, name: `D${id}`, deviceId: `D${id}`, typeId: 'halo', serverId: 1, offlineAfterS: 180, location: '', cameraIds: [], demo: false,
  online: true, lastSeen: 1, latest: { Noise: { v: noise, t: 1 } }, invalid: {}, customState: null,
});
const alarm = (id: number, state: AlarmView['state']) => ({ id, state, name: 'NOISE', priority: 10 }) as unknown as AlarmView;
const event = (id: number) => ({ id, t: id, origin: 'tcp', name: 'Vape' }) as unknown as EventRecord;
const snapshot = (): StreamMessage => ({
  type: 'snapshot', at: 0, devices: [device(1, 40)], stats: {} as IngestStats, demo: { enabled: true }, cameras: [], alarms: [alarm(7, 'unack')],
  assets: [], site: { state: 'disconnected', error: null, settings: null, ports: { video: 654, server: 5500, dataServer: 9010, debugTools: 9563 } }, monitors: [],
});
const delta = (over: Partial<Extract<StreamMessage, { type: 'delta' }>>): StreamMessage => ({ type: 'delta', seq: 1, at: 1, devices: [], removedDevices: [], events: [], eventsDropped: 0, ...over });

describe('the console store', () => {
  beforeEach(() => {
    useConsole.setState({ session: { username: 'olga', role: 'operator', expiresAt: 0 }, devices: {}, events: [], alarms: {}, notifications: [] });
    useConsole.getState().apply(snapshot());
  });

  it('applies a snapshot, then only what a delta changed', () => {
    const before = useConsole.getState();
    expect(before.devices[1]!.latest.Noise!.v).toBe(40);
    useConsole.getState().apply(delta({ devices: [device(2, 55)] }));
    const after = useConsole.getState();
    expect(Object.keys(after.devices)).toEqual(['1', '2']);
    // Untouched devices keep their object: their widgets do not re-render.
    expect(after.devices[1]).toBe(before.devices[1]);
    expect(after.directory).toEqual([{ id: 1, name: 'D1' }, { id: 2, name: 'D2' }]);
    // A new value is not a new directory: pickers and lists of devices stay as they are.
    useConsole.getState().apply(delta({ devices: [device(2, 60)] }));
    expect(useConsole.getState().directory).toBe(after.directory);
    useConsole.getState().apply(delta({ removedDevices: [1] }));
    expect(Object.keys(useConsole.getState().devices)).toEqual(['2']);
    expect(useConsole.getState().directory).toEqual([{ id: 2, name: 'D2' }]);
  });

  it('drops alarms that returned to normal and keeps the others', () => {
    useConsole.getState().apply(delta({ alarms: [alarm(7, 'normal'), alarm(8, 'unack')] }));
    expect(Object.keys(useConsole.getState().alarms)).toEqual(['8']);
  });

  it('puts new events first, and keeps only this operator’s forwarded notifications', () => {
    useConsole.getState().apply(delta({ events: [event(1), event(2)] }));
    expect(useConsole.getState().events.map((e) => e.id)).toEqual([2, 1]);
    useConsole.getState().apply(delta({ notifications: [
      { kind: 'forward', text: 'for sam', level: 'warning', to: 'sam', at: 1 },
      { kind: 'forward', text: 'for olga', level: 'warning', to: 'olga', at: 1 },
      { kind: 'alarm', text: 'for all', level: 'critical', at: 1 },
    ] }));
    expect(useConsole.getState().notifications.map((n) => n.text)).toEqual(['for olga', 'for all']);
  });

  it('keeps at most 100,000 events', () => {
    useConsole.getState().apply(delta({ events: Array.from({ length: 100_500 }, (_, i) => event(i)) }));
    expect(useConsole.getState().events).toHaveLength(100_000);
    expect(useConsole.getState().events[0]!.id).toBe(100_499);
  });

  it('merges fetched history into the live list without losing or doubling an event', () => {
    useConsole.getState().apply(delta({ events: [event(5), event(9)] }));
    // The stream left out 6–8; the refetch brings them, and 5 and 9 again.
    useConsole.getState().setEvents([event(9), event(8), event(7), event(6), event(5), event(4)]);
    expect(useConsole.getState().events.map((e) => e.id)).toEqual([9, 8, 7, 6, 5, 4]);
    useConsole.getState().setEvents([]);
    expect(useConsole.getState().events.map((e) => e.id)).toEqual([9, 8, 7, 6, 5, 4]);
    // The refetch ran ahead of the stream: 10 and 11 were fetched before their delta came.
    useConsole.getState().setEvents([event(11), event(10)]);
    useConsole.getState().apply(delta({ events: [event(10), event(11), event(12)] }));
    expect(useConsole.getState().events.map((e) => e.id)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4]);
  });

  it('applies a batch of deltas in order as one store update', () => {
    let updates = 0;
    const stop = useConsole.subscribe(() => { updates += 1; });
    useConsole.getState().apply(delta({ devices: [device(1, 50)], events: [event(1)] }), delta({ devices: [device(1, 60)], alarms: [alarm(7, 'ack')], events: [event(2)] }));
    stop();
    expect(updates).toBe(1);
    const s = useConsole.getState();
    expect(s.devices[1]!.latest.Noise!.v).toBe(60);
    expect(s.alarms[7]!.state).toBe('ack');
    expect(s.events.map((e) => e.id)).toEqual([2, 1]);
  });

  it('leaves the other slices’ objects alone when a delta touches one domain', () => {
    const before = useConsole.getState();
    useConsole.getState().apply(delta({ alarms: [alarm(9, 'unack')] }));
    const after = useConsole.getState();
    expect(after.alarms).not.toBe(before.alarms);
    expect(after.devices).toBe(before.devices);
    expect(after.events).toBe(before.events);
    expect(after.assets).toBe(before.assets);
    expect(after.commands).toBe(before.commands);
  });
});

describe('the stream batcher', () => {
  const fakeTimers = () => {
    const pending: Array<{ f: () => void; ms: number } | null> = [];
    return {
      pending,
      timers: { set: (f: () => void, ms: number) => pending.push({ f, ms }) - 1, clear: (h: unknown) => { pending[h as number] = null; } },
      fire: () => { const due = pending.splice(0).filter((p) => p !== null); for (const p of due) p.f(); },
    };
  };

  it('hands over a burst of deltas as one batch, at most once per window', () => {
    const flushed: StreamMessage[][] = [];
    const t = fakeTimers();
    const b = streamBatcher((ms) => flushed.push(ms), 100, t.timers);
    for (let i = 0; i < 25; i++) b.push(delta({ seq: i }));
    expect(flushed).toHaveLength(0);
    expect(t.pending.filter(Boolean)).toHaveLength(1);
    t.fire();
    expect(flushed).toHaveLength(1);
    expect(flushed[0]!.map((m) => (m.type === 'delta' ? m.seq : -1))).toEqual(Array.from({ length: 25 }, (_, i) => i));
  });

  it('flushes a snapshot at once, with the deltas queued before it, and nothing after stop', () => {
    const flushed: StreamMessage[][] = [];
    const t = fakeTimers();
    const b = streamBatcher((ms) => flushed.push(ms), 100, t.timers);
    b.push(delta({ seq: 1 }));
    b.push(snapshot());
    expect(flushed).toHaveLength(1);
    expect(flushed[0]!.map((m) => m.type)).toEqual(['delta', 'snapshot']);
    b.push(delta({ seq: 2 }));
    b.stop();
    t.fire();
    expect(flushed).toHaveLength(1);
  });

  it('hands alarms over within half a window, values within a window', () => {
    const flushed: StreamMessage[][] = [];
    const t = fakeTimers();
    const b = streamBatcher((ms) => flushed.push(ms), 100, t.timers);
    b.push(delta({ seq: 1 }));
    t.fire();
    expect(flushed).toHaveLength(1);
    // Right after a flush: values wait for the window, an alarm only half of it.
    b.push(delta({ seq: 2, devices: [device(1, 50)] }));
    expect(t.pending.at(-1)!.ms).toBeGreaterThan(90);
    b.push(delta({ seq: 3, alarms: [alarm(8, 'unack')] }));
    const live = t.pending.filter(Boolean);
    expect(live).toHaveLength(1);
    expect(live[0]!.ms).toBeLessThanOrEqual(50);
    expect(live[0]!.ms).toBeGreaterThan(40);
    // A later value does not push the alarm back.
    b.push(delta({ seq: 4, devices: [device(1, 51)] }));
    expect(t.pending.filter(Boolean)).toHaveLength(1);
    t.fire();
    expect(flushed[1]!.map((m) => (m.type === 'delta' ? m.seq : -1))).toEqual([2, 3, 4]);
  });
});
