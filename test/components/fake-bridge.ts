import { vi, type Mock } from 'vitest';
import type { Bridge, BridgeRoute } from '../../shared/bridge.js';
import type { AlarmView } from '../../shared/alarms/definitions.js';
import type { EventRecord } from '../../shared/domain.js';
import type { AssetView } from '../../shared/site/views.js';

/** A Bridge whose `call` is a spy: each route answers what the test gives it, or nothing. */
export function fakeBridge(answers: Partial<Record<BridgeRoute, (input: unknown) => unknown>> = {}): Bridge & { call: Mock } {
  const call = vi.fn((name: BridgeRoute, input?: unknown) => Promise.resolve(answers[name]?.(input)));
  return { call, subscribe: vi.fn(() => () => undefined), mediaBase: '' } as unknown as Bridge & { call: Mock };
}

export const alarm = (id: number, over: Partial<AlarmView> = {}): AlarmView => ({
  id, definitionId: 'NOISE', name: `NOISE ${id}`, priority: 10, category: 'safety', procedure: '', latching: false,
  state: 'unack', source: { kind: 'device', id: `device:${id}`, name: `Bath ${id}`, deviceId: id }, value: 61, ruleId: 'r', activatedAt: 1_000, lastChangeAt: 1_000,
  activations: 1, chattering: false, shelved: null, suppressed: null, outOfService: null, annunciated: true, acknowledgedBy: null, comment: '',
  investigatingBy: null, forwardedTo: null, ...over,
}) as unknown as AlarmView;

export const event = (id: number, over: Partial<EventRecord> = {}): EventRecord => ({
  id, t: 1_700_000_000_000 + id, origin: 'http', deviceId: null, name: 'Vape', kind: 'instant', source: 'Gate', caption: 'Vape', description: '', args: {}, metadata: null, pairId: null, ...over,
});

export const asset = (id: string, type: AssetView['type'], over: Partial<AssetView> = {}): AssetView => ({
  id, name: id, type, area: 'Floor 1', states: ['Secure'], displayed: 'Secure', colour: '#3fb950', attributes: {}, lastAccess: null, ...over,
}) as unknown as AssetView;
