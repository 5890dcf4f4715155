import type { Comparator, DataTrigger } from './schema.js';

/**
 * Whether a value meets the condition. With `wasTrue`, the deadband widens the condition so
 * that noise around the threshold does not flap it: `> 60` with deadband 2 stays true down to 58.
 */
export function meets(op: Comparator, v: number, a: number, b: number, deadband: number, wasTrue: boolean): boolean {
  const d = wasTrue ? deadband : 0;
  switch (op) {
    case '>': return v > a - d;
    case '>=': return v >= a - d;
    case '<': return v < a + d;
    case '<=': return v <= a + d;
    case '=': return Math.abs(v - a) <= d;
    case '≠': return v !== a;
    case 'between': return v >= a - d && v <= b + d;
    case 'outside': return v < a + d || v > b - d;
  }
}

/** Per rule and device: where the condition stands. */
export interface ConditionState {
  /** The condition as operators see it, after delays and repeat counts. */
  active: boolean;
  /** The raw condition, with the deadband applied while active. */
  raw: boolean;
  rawSince: number;
  streak: number;
  lastValue: number;
}

export const initialCondition = (): ConditionState => ({ active: false, raw: false, rawSince: 0, streak: 0, lastValue: NaN });

export type ConditionOutput = 'activate' | 'clear' | null;

/**
 * One step of a data rule: a sample, or a tick (value null) so on- and off-delays run out
 * between samples. Returns what the rule should do: activate, clear, or nothing.
 */
export function stepCondition(s: ConditionState, t: DataTrigger, at: number, value: number | null): ConditionOutput {
  const v = value ?? s.lastValue;
  if (Number.isNaN(v)) return null;
  if (value !== null) s.lastValue = value;
  const raw = meets(t.op, v, t.value, t.value2 ?? t.value, t.deadband, s.active);
  if (value !== null) s.streak = raw ? s.streak + 1 : 0;
  if (raw !== s.raw) {
    s.raw = raw;
    s.rawSince = at;
  }
  if (!s.active) {
    const held = at - s.rawSince >= t.onDelayS * 1000;
    if (raw && held && s.streak >= t.repeatCount) {
      s.active = true;
      return 'activate';
    }
    return null;
  }
  if (!raw) {
    if (at - s.rawSince >= t.offDelayS * 1000) {
      s.active = false;
      return 'clear';
    }
    return null;
  }
  // Active and still true: "always trigger" fires on every matching sample, not on ticks.
  return t.alwaysTrigger && value !== null ? 'activate' : null;
}

/**
 * The rule's trigger changed (an edit): where the condition stands under the new trigger, from
 * the latest value, so an alarm neither re-raises nor strands. Still true: it stays active with
 * no new activation. No longer true: it clears (after the new off-delay, if any). Newly true:
 * the latest value counts as one matching sample. No latest value: it starts over, and an active
 * condition clears, since nothing says it still holds.
 */
export function retrigger(s: ConditionState, t: DataTrigger, at: number, latest: number): ConditionOutput {
  if (Number.isNaN(latest)) {
    const wasActive = s.active;
    Object.assign(s, initialCondition());
    return wasActive ? 'clear' : null;
  }
  s.lastValue = latest;
  const raw = meets(t.op, latest, t.value, t.value2 ?? t.value, t.deadband, s.active);
  if (raw !== s.raw) {
    s.raw = raw;
    s.rawSince = at;
    s.streak = raw ? 1 : 0;
  }
  return stepCondition(s, t, at, null);
}
