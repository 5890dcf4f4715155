import type { AlarmView } from '../../../../shared/alarms/definitions.js';
import { priorityBand } from './priority.js';

export const isUnacknowledged = (a: AlarmView): boolean => a.state === 'unack' || a.state === 'rtn-unack';
const activation = (a: AlarmView): number => a.activatedAt ?? a.lastChangeAt;

/**
 * The operator's order: priority, then what still waits for an acknowledgement, then the one
 * waiting longest. Nothing an operator does to a row (acknowledge, investigate) moves the rows
 * around it except out of the unacknowledged group.
 */
export function compareAlarms(a: AlarmView, b: AlarmView): number {
  return a.priority - b.priority || Number(isUnacknowledged(b)) - Number(isUnacknowledged(a)) || activation(a) - activation(b) || a.id - b.id;
}

/**
 * While the operator points at the list, rows keep the places they had; a new alarm joins at
 * the end until the pointer leaves. Otherwise the sorted order.
 */
export function stableOrder(previous: readonly number[], rows: readonly AlarmView[], frozen: boolean): AlarmView[] {
  const sorted = [...rows].sort(compareAlarms);
  if (!frozen) return sorted;
  const byId = new Map(rows.map((r) => [r.id, r]));
  const kept = previous.map((id) => byId.get(id)).filter((a): a is AlarmView => a !== undefined);
  const seen = new Set(kept.map((a) => a.id));
  return [...kept, ...sorted.filter((a) => !seen.has(a.id))];
}

/** Who handles an alarm other than `username`, or null: acknowledging it is theirs (or a supervisor's force). */
export function takenBy(a: AlarmView, username: string | undefined): string | null {
  const owner = a.forwardedTo ?? a.investigatingBy;
  return owner && owner !== username ? owner : null;
}

/**
 * What A acknowledges: the oldest unacknowledged alarm of the highest priority that this
 * operator may acknowledge. Alarms another operator is handling are skipped and returned, so
 * the console can say so.
 */
export function nextToAcknowledge(rows: readonly AlarmView[], username: string | undefined): { next: AlarmView | null; skipped: AlarmView[] } {
  const waiting = rows.filter(isUnacknowledged).sort(compareAlarms);
  const skipped: AlarmView[] = [];
  for (const a of waiting) {
    if (takenBy(a, username)) skipped.push(a);
    else return { next: a, skipped };
  }
  return { next: null, skipped };
}

export type StateFilter = 'all' | 'unack' | 'ack' | 'latched' | 'shelved';
export interface AlarmFilter {
  band: 'all' | 'critical' | 'high' | 'low';
  area: string;
  state: StateFilter;
  mine: boolean;
}
export const NO_FILTER: AlarmFilter = { band: 'all', area: '', state: 'all', mine: false };

const stateMatches = (a: AlarmView, s: StateFilter): boolean =>
  s === 'all' || (s === 'unack' ? isUnacknowledged(a) : s === 'ack' ? a.state === 'ack' : s === 'latched' ? a.state === 'latched' : a.shelved !== null);

/** Whether an alarm is this operator's: they investigate it, it was forwarded to them, or they acknowledged it. */
export const isMine = (a: AlarmView, username: string | undefined): boolean =>
  username !== undefined && (a.investigatingBy === username || a.forwardedTo === username || a.acknowledgedBy === username);

/** The rows the filter lets through; `areaOf` names where an alarm's source is. */
export function filterAlarms(rows: readonly AlarmView[], f: AlarmFilter, username: string | undefined, areaOf: (a: AlarmView) => string): readonly AlarmView[] {
  // No filter: the same rows, not a copy of thousands on every change.
  if (f.band === 'all' && !f.area && f.state === 'all' && !f.mine) return rows;
  return rows.filter((a) => (f.band === 'all' || priorityBand(a.priority) === f.band)
    && (!f.area || areaOf(a) === f.area) && stateMatches(a, f.state) && (!f.mine || isMine(a, username)));
}
