import type { CompiledDeviceType, CompiledEvent } from './compile.js';
import { parseDecimal } from '../number.js';
import { isRegexSpace } from '../text.js';

export type EventKind = 'set' | 'reset' | 'instant';

export interface ParsedEvent {
  name: string;
  kind: EventKind;
  args: Record<string, string>;
}

export interface InvalidValue {
  point: string;
  raw: string;
}

export interface ParsedFrame {
  /** One slot per data point of the type, NaN where the frame carried no number. */
  values: Float64Array;
  /** How many slots hold a number. */
  valueCount: number;
  /** Values that matched but are not numbers (`@@`, `@n/a@`): counted and shown, never stored as 0. */
  invalid: InvalidValue[];
  events: ParsedEvent[];
}

function record(out: ParsedFrame, index: number, name: string, raw: string): void {
  const n = parseDecimal(raw);
  if (Number.isNaN(n)) {
    out.invalid.push({ point: name, raw });
  } else {
    out.values[index] = n;
    out.valueCount++;
  }
}

/**
 * One pass over `NAME=@value@` tokens. Gives the same result as running each point's
 * `(?:^|\s)NAME=@([^@]*)@` regex: the leftmost boundary-preceded occurrence wins.
 */
function tokenize(ct: CompiledDeviceType, frame: string, out: ParsedFrame, seen: Uint8Array): void {
  let at = frame.indexOf('=@');
  while (at >= 0) {
    const close = frame.indexOf('@', at + 2);
    // No closing '@' after this point means no later token can close either.
    if (close < 0) return;
    let start = at;
    while (start > 0 && !isRegexSpace(frame.charCodeAt(start - 1))) start--;
    if (start < at) {
      const index = ct.tokenIndex.get(frame.slice(start, at));
      if (index !== undefined && seen[index] === 0) {
        seen[index] = 1;
        record(out, index, ct.points[index]!.name, frame.slice(at + 2, close));
      }
    }
    at = frame.indexOf('=@', at + 2);
  }
}

function matchesLiteral(frame: string, literal: string): boolean {
  let at = frame.indexOf(literal);
  while (at >= 0) {
    if (at === 0 || isRegexSpace(frame.charCodeAt(at - 1))) return true;
    at = frame.indexOf(literal, at + 1);
  }
  return false;
}

function parseEvent(event: CompiledEvent, frame: string): ParsedEvent | null {
  if (event.literal !== null ? !matchesLiteral(frame, event.literal) : !event.regex.test(frame)) return null;
  const args: Record<string, string> = {};
  const m = event.literal === null ? event.regex.exec(frame) : null;
  if (m) m.slice(1).forEach((g, i) => { if (g !== undefined) args[`$${i + 1}`] = g; });
  for (const arg of event.args) {
    const am = arg.regex.exec(frame);
    if (am && am[1] !== undefined) args[arg.name] = am[1];
  }
  const kind: EventKind = event.reset === null ? 'instant' : event.reset.test(frame) ? 'reset' : 'set';
  return { name: event.name, kind, args };
}

export function parseFrame(ct: CompiledDeviceType, frame: string): ParsedFrame {
  const count = ct.points.length;
  const out: ParsedFrame = { values: new Float64Array(count).fill(NaN), valueCount: 0, invalid: [], events: [] };
  if (ct.tokenIndex.size > 0) tokenize(ct, frame, out, new Uint8Array(count));
  for (const index of ct.regexPoints) {
    const point = ct.points[index]!;
    const m = point.regex.exec(frame);
    if (m && m[1] !== undefined) record(out, index, point.name, m[1]);
  }
  if (ct.events.length > 0 && (ct.eventGuard === null || frame.includes(ct.eventGuard))) {
    for (const event of ct.events) {
      const parsed = parseEvent(event, frame);
      if (parsed) out.events.push(parsed);
    }
  }
  return out;
}
