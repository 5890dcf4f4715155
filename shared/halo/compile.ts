import type { DeviceType } from './device-type.js';
import { isRegexSpace, literalOf } from '../text.js';

/**
 * The canonical HALO data-point form: `(?:^|\s)NAME=@([^@]*)@`. The boundary keeps `C=@` from
 * matching inside `TVOC=@`, and `*` lets an empty `@@` through so it is counted, not dropped.
 */
const CANONICAL_POINT = /^\(\?:\^\|\\s\)(.+)=@\(\[\^@\]\*\)@$/;
/** The canonical event form: `(?:^|\s)LITERAL` with no capture groups. */
const CANONICAL_EVENT = /^\(\?:\^\|\\s\)(.+)$/;

export interface CompiledPoint {
  readonly name: string;
  readonly unit: string;
  /** Set when the regex is the canonical form; the tokenizer then finds the value. */
  readonly token: string | null;
  readonly regex: RegExp;
}

export interface CompiledArgument {
  readonly name: string;
  readonly regex: RegExp;
}

export interface CompiledEvent {
  readonly name: string;
  /** Set when the regex is a boundary-anchored literal; indexOf then decides. */
  readonly literal: string | null;
  readonly regex: RegExp;
  readonly args: readonly CompiledArgument[];
  readonly reset: RegExp | null;
}

export interface CompiledDeviceType {
  readonly type: DeviceType;
  readonly points: readonly CompiledPoint[];
  readonly pointNames: readonly string[];
  /** token → point index, for the single-pass tokenizer. */
  readonly tokenIndex: ReadonlyMap<string, number>;
  /** Points the tokenizer cannot serve; each runs its own regex. */
  readonly regexPoints: readonly number[];
  readonly events: readonly CompiledEvent[];
  /** When every event is a literal sharing this prefix, a frame without it holds no event. */
  readonly eventGuard: string | null;
}

function tokenOf(source: string): string | null {
  const m = CANONICAL_POINT.exec(source);
  if (!m) return null;
  const lit = literalOf(m[1] as string);
  // A token containing `=@` or spaces would break the tokenizer's reading of names.
  if (lit === null || lit.length === 0 || lit.includes('=') || lit.includes('@') || /\s/.test(lit)) return null;
  return lit;
}

function eventLiteralOf(source: string): string | null {
  const m = CANONICAL_EVENT.exec(source);
  if (!m) return null;
  const lit = literalOf(m[1] as string);
  return lit && lit.length > 0 && !isRegexSpace(lit.charCodeAt(0)) ? lit : null;
}

function commonPrefix(values: string[]): string {
  if (values.length === 0) return '';
  let prefix = values[0] as string;
  for (const v of values) {
    let i = 0;
    while (i < prefix.length && i < v.length && prefix[i] === v[i]) i++;
    prefix = prefix.slice(0, i);
  }
  return prefix;
}

export function compileDeviceType(type: DeviceType): CompiledDeviceType {
  const points = type.dataPoints.map((p) => ({ name: p.name, unit: p.unit, token: tokenOf(p.regex), regex: new RegExp(p.regex) }));
  const tokenIndex = new Map<string, number>();
  const regexPoints: number[] = [];
  points.forEach((p, i) => {
    if (p.token !== null && !tokenIndex.has(p.token)) tokenIndex.set(p.token, i);
    else regexPoints.push(i);
  });
  const events = type.events.map((e) => ({
    name: e.name,
    literal: eventLiteralOf(e.regex),
    regex: new RegExp(e.regex),
    args: e.args.map((a) => ({ name: a.name, regex: new RegExp(a.regex) })),
    reset: e.resetRegex ? new RegExp(e.resetRegex) : null,
  }));
  const literals = events.map((e) => e.literal);
  const allLiteral = literals.length > 0 && literals.every((l): l is string => l !== null);
  const guard = allLiteral ? commonPrefix(literals) : '';
  return {
    type,
    points,
    pointNames: points.map((p) => p.name),
    tokenIndex,
    regexPoints,
    events,
    eventGuard: guard.length >= 3 ? guard : null,
  };
}
