import { describe, expect, it } from 'vitest';
import { compileDeviceType } from './compile.js';
import { DeviceTypeSchema, describeIssues } from './device-type.js';
import { HALO_EVENTS, HALO_SENSORS, haloDeviceType } from './builtin.js';
import { parseFrame } from './parse.js';
import { seededRandom } from '../random.js';

const halo = compileDeviceType(haloDeviceType());

describe('the built-in HALO device type', () => {
  it('has the 44 sensor identifiers of Table 1 and the 26 default events', () => {
    expect(HALO_SENSORS).toHaveLength(44);
    expect(new Set(HALO_SENSORS.map(([id]) => id)).size).toBe(44);
    expect(HALO_EVENTS).toHaveLength(26);
    expect(DeviceTypeSchema.safeParse(haloDeviceType()).success).toBe(true);
    expect(halo.regexPoints).toHaveLength(0); // every point takes the tokenizer's fast path
  });

  it('reads the heartbeat of the protocol page, numbers as numbers', () => {
    const r = parseFrame(halo, 'DeviceId=Bath2F C=@22.4@ F=@72.3@ Noise=@48@ PM2.5=@3@ TVOC=@120@');
    const v = (name: string): number => r.values[halo.pointNames.indexOf(name)]!;
    expect(v('C')).toBe(22.4);
    expect(v('F')).toBe(72.3);
    expect(v('Noise')).toBe(48);
    expect(v('PM2.5')).toBe(3);
    expect(v('TVOC')).toBe(120);
    expect(r.valueCount).toBe(5);
    expect(Number.isNaN(v('PM10'))).toBe(true);
    expect(r.events).toEqual([]);
  });

  it('does not read C inside TVOC, nor AQI inside PM25AQI', () => {
    const r = parseFrame(halo, 'DeviceId=X TVOC=@120@ PM25AQI=@40@');
    expect(Number.isNaN(r.values[halo.pointNames.indexOf('C')]!)).toBe(true);
    expect(Number.isNaN(r.values[halo.pointNames.indexOf('AQI')]!)).toBe(true);
    expect(r.values[halo.pointNames.indexOf('PM25AQI')]).toBe(40);
  });

  it('keeps a value that is not a number visible and never stores it as 0', () => {
    const r = parseFrame(halo, 'DeviceId=X Noise=@@ PM2.5=@n/a@ C=@0x10@ RH=@ 41 @');
    expect(r.invalid).toEqual([{ point: 'Noise', raw: '' }, { point: 'PM2.5', raw: 'n/a' }, { point: 'C', raw: '0x10' }]);
    expect(r.values[halo.pointNames.indexOf('RH')]).toBe(41);
    expect(r.valueCount).toBe(1);
  });

  it('tells a Set from a Reset and captures the event arguments', () => {
    const set = parseFrame(halo, 'DeviceId=Bath2F Event=@Vape@ State=@Set@ Source=@PM2.5@ Value=@61@ Threshold=@40@');
    expect(set.events).toEqual([{ name: 'Vape', kind: 'set', args: { source: 'PM2.5', value: '61', threshold: '40' } }]);
    const reset = parseFrame(halo, 'DeviceId=Bath2F Event=@Vape@ State=@Reset@ Source=@PM2.5@ Value=@12@ Threshold=@40@');
    expect(reset.events[0]?.kind).toBe('reset');
    // The event's Value= is not mistaken for a data point.
    expect(set.valueCount).toBe(0);
  });
});

describe('the tokenizer fast path', () => {
  // Differential test: the single-pass tokenizer must agree with the regex it replaces on any input.
  const names = ['A', 'B', 'C', 'PM2.5', 'TVOC', 'AQI', 'PM25AQI'];
  const fast = compileDeviceType(DeviceTypeSchema.parse({
    id: 'fast', name: 'fast', events: [],
    dataPoints: names.map((n) => ({ name: n, regex: `(?:^|\\s)${n.replace('.', '\\.')}=@([^@]*)@` })),
  }));
  const slow = compileDeviceType(DeviceTypeSchema.parse({
    id: 'slow', name: 'slow', events: [],
    // Same meaning, written so the compiler cannot recognise it: forces the regex path.
    dataPoints: names.map((n) => ({ name: n, regex: `(?:^|[\\s])${n.replace('.', '\\.')}=@([^@]*)@` })),
  }));
  it('uses the fast path for one and the regex for the other', () => {
    expect(fast.regexPoints).toHaveLength(0);
    expect(slow.regexPoints).toHaveLength(names.length);
  });

  it('agrees with the regexes on 20,000 random frames', () => {
    const rand = seededRandom(7);
    const pieces = [...names, '=', '@', '@@', ' ', '\t', '1', '2.5', 'x', '=@', 'n/a', '\u00a0', 'é', ';'];
    for (let i = 0; i < 20_000; i++) {
      let frame = '';
      const len = Math.floor(rand() * 14);
      for (let j = 0; j < len; j++) frame += pieces[Math.floor(rand() * pieces.length)];
      const a = parseFrame(fast, frame);
      const b = parseFrame(slow, frame);
      expect([...a.values].map(String), frame).toEqual([...b.values].map(String));
      expect(a.invalid.map((x) => `${x.point}=${x.raw}`).sort(), frame).toEqual(b.invalid.map((x) => `${x.point}=${x.raw}`).sort());
    }
  });
});

describe('device type validation', () => {
  it('rejects a bad regex at import, naming the field', () => {
    const r = DeviceTypeSchema.safeParse({ id: 'bad', name: 'Bad', dataPoints: [{ name: 'Noise', regex: 'Noise=@([^@]+@' }], events: [] });
    expect(r.success).toBe(false);
    if (!r.success) expect(describeIssues(r.error).join('\n')).toMatch(/^dataPoints\[0\]\.regex: is not a valid regular expression/);
  });

  it('rejects a data point regex without a capture group, and duplicate names', () => {
    const r = DeviceTypeSchema.safeParse({
      id: 'bad', name: 'Bad', events: [{ name: 'E', regex: '(' }],
      dataPoints: [{ name: 'Noise', regex: 'Noise=@[^@]+@' }, { name: 'Noise', regex: 'N=@([^@]+)@' }],
    });
    expect(r.success).toBe(false);
    if (!r.success) {
      const lines = describeIssues(r.error);
      expect(lines).toContain('dataPoints[0].regex: needs a capture group: the value is the first group');
      expect(lines.some((l) => l.startsWith('dataPoints[1].name: duplicates dataPoints[0]'))).toBe(true);
      expect(lines.some((l) => l.startsWith('events[0].regex: is not a valid regular expression'))).toBe(true);
    }
  });
});
