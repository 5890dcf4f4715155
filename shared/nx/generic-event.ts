import { z } from 'zod';
import { NxCode, NxProblem, invalidParameter } from './errors.js';

/** What a generic event carries once decoded, whichever endpoint it came through. */
export interface GenericEventInput {
  timestamp: number;
  source: string;
  caption: string;
  description: string;
  /** `set`: Active/started; `reset`: Inactive/stopped; `instant`: no state. */
  kind: 'set' | 'reset' | 'instant';
  metadata: Record<string, unknown> | null;
}

/**
 * How far ahead of the server's clock a timestamp may be: a day covers any time zone mistake
 * and clock drift. Further ahead, the event would sort above everything real for that long.
 */
export const MAX_FUTURE_SKEW_MS = 24 * 3600 * 1000;

function notTooFar(t: number, now: number): number {
  if (t > now + MAX_FUTURE_SKEW_MS) throw invalidParameter('timestamp', `It is ${Math.round((t - now) / 3_600_000)} h ahead of the server clock; at most 24 h is accepted.`);
  return t;
}

const ISO_LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?(Z)?$/;

/**
 * Epoch milliseconds, or `YYYY-MM-DDTHH:mm:ss[.zzz]` with an optional `Z`. Without `Z` the time
 * is the server's local time, as Nx reads it.
 */
export function parseTimestamp(raw: string, name = 'timestamp'): number {
  const text = raw.trim();
  if (/^\d{1,16}$/.test(text)) return Number(text);
  const m = ISO_LOCAL.exec(text);
  if (!m) throw invalidParameter(name, 'Use milliseconds since the epoch or YYYY-MM-DDTHH:mm:ss[.zzz].');
  const [, y, mo, d, h, mi, s, frac, z] = m;
  const ms = frac ? Math.round(Number(`0${frac}`) * 1000) : 0;
  const parts = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms] as const;
  const t = z ? Date.UTC(...parts) : new Date(...parts).getTime();
  const check = new Date(t);
  const same = z
    ? check.getUTCFullYear() === parts[0] && check.getUTCMonth() === parts[1] && check.getUTCDate() === parts[2]
    : check.getFullYear() === parts[0] && check.getMonth() === parts[1] && check.getDate() === parts[2];
  if (!same || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) throw invalidParameter(name, 'It is not a real date and time.');
  return t;
}

/** Deeper JSON is refused: serialising it again (to store it) would overflow the stack. */
export const MAX_JSON_DEPTH = 32;

/** Nesting depth of parsed JSON, counted without recursion so any depth is safe to measure. */
export function jsonDepth(value: unknown): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth + 1 > deepest) deepest = depth + 1;
    if (deepest > MAX_JSON_DEPTH) return deepest;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return deepest;
}

function parseMetadata(raw: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw invalidParameter('metadata', 'It is not valid JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidParameter('metadata', 'It must be a JSON object, e.g. {"cameraRefs":["<id>"]}.');
  if (jsonDepth(value) > MAX_JSON_DEPTH) throw invalidParameter('metadata', `It is nested deeper than ${MAX_JSON_DEPTH} levels.`);
  const refs = (value as { cameraRefs?: unknown }).cameraRefs;
  if (refs !== undefined && (!Array.isArray(refs) || !refs.every((r) => typeof r === 'string'))) throw invalidParameter('metadata', 'cameraRefs must be an array of strings.');
  return value as Record<string, unknown>;
}

export const LEGACY_PARAMETERS = ['timestamp', 'source', 'caption', 'description', 'state', 'metadata', 'format'] as const;
const MAX_FIELD = 4096;

/** `GET|POST /api/createEvent` parameters, already percent-decoded. */
export function fromLegacyParams(params: ReadonlyMap<string, string>, now: number): GenericEventInput {
  for (const key of params.keys()) {
    if (!(LEGACY_PARAMETERS as readonly string[]).includes(key)) throw new NxProblem(NxCode.invalidParameter, `Unknown parameter '${key}'. Known: ${LEGACY_PARAMETERS.join(', ')}.`);
  }
  for (const key of ['source', 'caption', 'description'] as const) {
    if ((params.get(key) ?? '').length > MAX_FIELD) throw invalidParameter(key, `It is longer than ${MAX_FIELD} characters.`);
  }
  const state = params.get('state');
  let kind: GenericEventInput['kind'] = 'instant';
  if (state !== undefined && state !== '') {
    const lower = state.toLowerCase();
    if (lower === 'active') kind = 'set';
    else if (lower === 'inactive') kind = 'reset';
    else throw invalidParameter('state');
  }
  const ts = params.get('timestamp');
  const metadata = params.get('metadata');
  return {
    timestamp: ts === undefined || ts === '' ? now : notTooFar(parseTimestamp(ts), now),
    source: params.get('source') ?? '',
    caption: params.get('caption') ?? '',
    description: params.get('description') ?? '',
    kind,
    metadata: metadata === undefined || metadata === '' ? null : parseMetadata(metadata),
  };
}

const V4Body = z.object({
  timestamp: z.union([z.number().int().nonnegative(), z.string()]).optional(),
  state: z.enum(['started', 'stopped', 'instant']).optional(),
  source: z.string().max(MAX_FIELD).optional(),
  caption: z.string().max(MAX_FIELD).optional(),
  description: z.string().max(MAX_FIELD).optional(),
  deviceIds: z.array(z.string().max(256)).max(256).optional(),
}).strict();

/** `POST /rest/v4/events/generic` JSON body. */
export function fromV4Body(body: unknown, now: number): GenericEventInput {
  const r = V4Body.safeParse(body ?? {});
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const name = issue.path.length ? String(issue.path[0]) : (issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : 'body');
    throw invalidParameter(name, issue.message);
  }
  const b = r.data;
  const ts = b.timestamp;
  return {
    timestamp: ts === undefined ? now : notTooFar(typeof ts === 'number' ? ts : parseTimestamp(ts), now),
    source: b.source ?? '',
    caption: b.caption ?? '',
    description: b.description ?? '',
    kind: b.state === 'started' ? 'set' : b.state === 'stopped' ? 'reset' : 'instant',
    metadata: b.deviceIds?.length ? { deviceIds: b.deviceIds } : null,
  };
}
