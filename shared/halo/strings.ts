import type { CompiledDeviceType } from './compile.js';
import { literalOf } from '../text.js';
import { parseFrame } from './parse.js';

export interface HaloStrings {
  /** Paste into the HALO Integration tab: the Heartbeat string. */
  heartbeat: string;
  /** The Set and Reset strings, the same for every event (the HALO fills in %EID%). */
  set: string;
  reset: string;
  /** Things the installer must know: points or events these strings do not cover. */
  warnings: string[];
}

const DEVICE_ID_FORM = /^(?:\(\?:\^\|\\s\))?(.*)\((?:\\S\+|\[\^[^\]]*\]\+|\.\+\?)\)$/;

/** The text before the device id, e.g. `DeviceId=` for the default `DeviceId=(\S+)`. */
export function deviceIdPrefix(deviceIdRegex: string): string {
  const m = DEVICE_ID_FORM.exec(deviceIdRegex);
  const lit = m ? literalOf(m[1] as string) : null;
  if (lit === null) {
    throw new Error(`cannot derive the HALO device-id text from the regex ${deviceIdRegex}: use the form LITERAL(\\S+)`);
  }
  return lit;
}

function eventLine(prefix: string, state: 'Set' | 'Reset'): string {
  return `${prefix}%NAME% Event=@%EID%@ State=@${state}@ Source=@%SOURCE%@ Value=@%VAL%@ Threshold=@%THR%@`;
}

/** Replaces HALO string-engine variables the way the HALO does, for the simulator and the round-trip check. */
export function renderHaloTemplate(template: string, vars: Record<string, string>, sensors: Record<string, string> = {}): string {
  return template.replace(/%(SENSOR:[^%]+|[A-Z]+)%/g, (whole, key: string) => {
    if (key.startsWith('SENSOR:')) return sensors[key.slice(7)] ?? '';
    return vars[key] ?? whole;
  });
}

/**
 * The exact strings an installer types into the HALO so its frames match this device type on
 * this server. Each string is parsed back through the type before it is offered.
 */
export function generateHaloStrings(ct: CompiledDeviceType, deviceIdRegex: string, delimiter: string): HaloStrings {
  const prefix = deviceIdPrefix(deviceIdRegex);
  const warnings: string[] = [];
  const parts: string[] = [];
  for (const point of ct.points) {
    if (point.token === null) warnings.push(`Data point ${point.name} has a custom regex; add its text to the heartbeat by hand.`);
    else parts.push(`${point.token}=@%SENSOR:${point.token}%@`);
  }
  const heartbeat = `${prefix}%NAME% ${parts.join(' ')}${delimiter}`;
  const set = `${eventLine(prefix, 'Set')}${delimiter}`;
  const reset = `${eventLine(prefix, 'Reset')}${delimiter}`;

  const sample: Record<string, string> = {};
  ct.points.forEach((p, i) => { if (p.token) sample[p.token] = String(i + 1); });
  const frame = (template: string, vars: Record<string, string>): string =>
    renderHaloTemplate(template, { NAME: 'Probe1', ...vars }, sample).slice(0, -delimiter.length || undefined);
  const hb = parseFrame(ct, frame(heartbeat, {}));
  const missing = ct.points.filter((p, i) => p.token !== null && Number.isNaN(hb.values[i])).map((p) => p.name);
  if (missing.length) warnings.push(`The heartbeat does not yield: ${missing.join(', ')}.`);
  if (hb.events.length) warnings.push(`The heartbeat also raises events: ${hb.events.map((e) => e.name).join(', ')}.`);
  for (const event of ct.events) {
    const vars = { EID: event.name, SOURCE: 'Sensor', VAL: '1', THR: '0' };
    const onSet = parseFrame(ct, frame(set, vars)).events.find((e) => e.name === event.name);
    const onReset = parseFrame(ct, frame(reset, vars)).events.find((e) => e.name === event.name);
    if (!onSet || onSet.kind === 'reset') warnings.push(`Event ${event.name}: the Set string does not raise it with this type's regex.`);
    else if (event.reset && onReset?.kind !== 'reset') warnings.push(`Event ${event.name}: the Reset string is not recognised as its reset.`);
  }
  return { heartbeat, set, reset, warnings };
}
