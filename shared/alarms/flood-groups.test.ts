import { describe, expect, it } from 'vitest';
import type { AlarmView } from './definitions.js';
import { DEFAULT_FLOOD_SETTINGS, activationRate, floodGroups, isFlood, keepUnchanged } from './flood-groups.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 29, 10, 42);
let next = 1;
const alarm = (over: Partial<AlarmView> & { area?: string } = {}): AlarmView & { area: string } => {
  const id = next++;
  return {
    id, definitionId: 'asset-door-forced-open', name: 'Door Forced Open', priority: 10, category: 'site', procedure: '', latching: true,
    state: 'unack', source: { kind: 'asset', id: `asset:door-${id}`, name: `Door ${id}`, deviceId: null }, value: null, ruleId: null,
    activatedAt: T0 + id * 1000, lastChangeAt: T0 + id * 1000, activations: 1, chattering: false, shelved: null, suppressed: null, outOfService: null,
    acknowledgedBy: null, acknowledgedAt: null, comment: '', investigatingBy: null, forwardedTo: null, forwardMessage: '', annunciated: true, version: 1,
    area: 'Floor 1 – East', ...over,
  };
};
const places = (a: AlarmView): string[] => [(a as AlarmView & { area: string }).area, 'Main building'];
const many = (n: number, over: (i: number) => Partial<AlarmView> & { area?: string } = () => ({})) => Array.from({ length: n }, (_, i) => alarm(over(i)));

describe('flood groups', () => {
  it('more than 10 of one definition in one area within 10 minutes make one group; 10 do not', () => {
    expect(floodGroups(many(10), DEFAULT_FLOOD_SETTINGS, places)).toEqual([]);
    const flood = many(14);
    const [g, ...rest] = floodGroups(flood, DEFAULT_FLOOD_SETTINGS, places);
    expect(rest).toEqual([]);
    expect(g).toMatchObject({ kind: 'definition', title: 'Door Forced Open × 14 · Floor 1 – East', place: 'Floor 1 – East', since: flood[0]!.activatedAt });
    expect(g!.members.map((a) => a.id).sort()).toEqual(flood.map((a) => a.id).sort());
  });

  it('spread over more than the window, the same alarms are no flood', () => {
    const slow = many(14, (i) => ({ activatedAt: T0 + i * 2 * MIN }));
    expect(floodGroups(slow, DEFAULT_FLOOD_SETTINGS, places)).toEqual([]);
    expect(floodGroups(slow, { count: 3, minutes: 10 }, places)).toHaveLength(1);
    expect(isFlood([0, 1, 2, 3], { count: 3, minutes: 1 })).toBe(true);
    expect(isFlood([0, 1, 2, 3 + MIN], { count: 3, minutes: 1 })).toBe(false);
  });

  it('the place that gathers the most wins: 30 doors over six areas group once on the building', () => {
    const areas = ['Floor 1 – East', 'Floor 1 – West', 'Floor 2 – East', 'Floor 2 – West', 'Floor 3', 'Parking'];
    const groups = floodGroups(many(30, (i) => ({ area: areas[i % 6]! })), DEFAULT_FLOOD_SETTINGS, places);
    expect(groups.map((g) => g.title)).toEqual(['Door Forced Open × 30 · Main building']);
    // 14 in one area and 3 elsewhere: the area's 14, the others alone (a tie goes to the narrowest place).
    const mixed = floodGroups([...many(14), ...many(3, () => ({ area: 'Parking' }))], DEFAULT_FLOOD_SETTINGS, (a) => [(a as AlarmView & { area: string }).area]);
    expect(mixed.map((g) => g.title)).toEqual(['Door Forced Open × 14 · Floor 1 – East']);
  });

  it('keeps two definitions apart and leaves out alarms back to normal', () => {
    const held = many(11, () => ({ definitionId: 'asset-door-held-open', name: 'Door Held Open' }));
    const forced = many(11);
    forced[3]!.state = 'normal';
    expect(floodGroups([...held, ...forced], DEFAULT_FLOOD_SETTINGS, places).map((g) => g.title)).toEqual(['Door Held Open × 11 · Floor 1 – East']);
  });

  it('marks the first alarm to activate first out and keeps it on top, whatever order they come in', () => {
    const flood = many(12);
    const first = flood[5]!;
    first.activatedAt = T0 - 5 * MIN;
    const [g] = floodGroups([...flood].reverse(), DEFAULT_FLOOD_SETTINGS, places);
    expect(g!.firstOutId).toBe(first.id);
    expect(g!.members[0]!.id).toBe(first.id);
    expect(g!.since).toBe(first.activatedAt);
    // The rest in the order they activated.
    const times = g!.members.slice(1).map((a) => a.activatedAt!);
    expect(times).toEqual([...times].sort((x, y) => x - y));
  });

  it('a cause gathers what it explains across areas, titled by the cause, with its own alarm first', () => {
    const cause = { id: 'asset:system', name: 'Connection Simulated site lost' };
    const cameras = many(20, (i) => ({ definitionId: 'asset-camera-no-communication', name: 'Camera No Communication', priority: 5, area: `Floor ${i % 3}`, source: { kind: 'asset', id: `asset:camera-${i}`, name: `Camera ${i}`, deviceId: null, cause } }));
    const own = alarm({ definitionId: 'asset-system-no-communication', name: 'System No Communication', priority: 5, area: 'Site', activatedAt: T0 + 500 * 1000, source: { kind: 'asset', id: 'asset:system', name: 'Simulated site', deviceId: null } });
    const unrelated = alarm({ definitionId: 'HALO-VAPE', name: 'Vaping', priority: 40 });
    const groups = floodGroups([...cameras, unrelated, own], DEFAULT_FLOOD_SETTINGS, places);
    expect(groups).toHaveLength(1);
    const g = groups[0]!;
    expect(g).toMatchObject({ kind: 'cause', key: 'cause:asset:system', title: 'Connection Simulated site lost × 21', causeId: own.id, causes: [own.id], priority: 5 });
    expect(g.members[0]!.id).toBe(own.id);
    // The cause's alarm came last here: the first camera is still the first out, right under it.
    expect(g.firstOutId).toBe(cameras[0]!.id);
    expect(g.members[1]!.id).toBe(cameras[0]!.id);
    // The health monitor's Site connection lost stands for the same cause: the most urgent leads.
    const lost = alarm({ definitionId: 'system-site-lost', name: 'Site connection lost', priority: 2, area: '', source: { kind: 'system', id: 'system:site', name: 'Site', deviceId: null, explains: 'asset:system' } });
    const [h] = floodGroups([...cameras, own, lost], DEFAULT_FLOOD_SETTINGS, places);
    expect(h!.members.slice(0, 2).map((a) => a.id)).toEqual([lost.id, own.id]);
    expect(h).toMatchObject({ causeId: lost.id, causes: [lost.id, own.id], priority: 2, title: 'Connection Simulated site lost × 22' });
    expect(g.members.some((a) => a.id === unrelated.id)).toBe(false);
  });

  it('dissolves once no more than N members stand', () => {
    const flood = many(11);
    expect(floodGroups(flood, DEFAULT_FLOOD_SETTINGS, places)).toHaveLength(1);
    flood[0]!.state = 'normal';
    expect(floodGroups(flood, DEFAULT_FLOOD_SETTINGS, places)).toEqual([]);
  });

  it('the ISA flood condition: more than 10 activations in the last 10 minutes', () => {
    const now = T0 + 20 * MIN;
    const recent = Array.from({ length: 11 }, (_, i) => now - i * 30_000);
    expect(activationRate(recent, now, DEFAULT_FLOOD_SETTINGS)).toEqual({ count: 11, flood: true });
    expect(activationRate([...recent.slice(1), now - 11 * MIN], now, DEFAULT_FLOOD_SETTINGS)).toEqual({ count: 10, flood: false });
  });
});

describe('keeping unchanged groups', () => {
  it('returns the previous object of a group whose members did not change, a new one for a group that did', () => {
    const doors = many(12);
    const hall = many(11, () => ({ definitionId: 'hall', name: 'Hall', area: 'Hall' }));
    const before = floodGroups([...doors, ...hall], DEFAULT_FLOOD_SETTINGS, places);
    // One door acknowledged: a new object for it, the doors' group changes, the hall's does not.
    const acked = { ...doors[3]!, state: 'ack' as const };
    const after = keepUnchanged(before, floodGroups([...doors.slice(0, 3), acked, ...doors.slice(4), ...hall], DEFAULT_FLOOD_SETTINGS, places));
    const key = (k: string) => (gs: typeof before) => gs.find((g) => g.key.startsWith(k))!;
    expect(key('definition:hall')(after)).toBe(key('definition:hall')(before));
    expect(key('definition:asset-door')(after)).not.toBe(key('definition:asset-door')(before));
    expect(key('definition:asset-door')(after).members).toContain(acked);
    // A thirteenth door: the group grows, a new object.
    const grown = keepUnchanged(after, floodGroups([...doors, alarm(), ...hall], DEFAULT_FLOOD_SETTINGS, places));
    expect(key('definition:asset-door')(grown).members).toHaveLength(13);
    expect(keepUnchanged([], before)).toBe(before);
  });
});
