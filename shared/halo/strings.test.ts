import { describe, expect, it } from 'vitest';
import { compileDeviceType } from './compile.js';
import { DeviceTypeSchema } from './device-type.js';
import { haloDeviceType, HALO_SENSORS } from './builtin.js';
import { findCollisions } from './collisions.js';
import { deviceIdPrefix, generateHaloStrings, renderHaloTemplate } from './strings.js';
import { parseFrame } from './parse.js';

const halo = compileDeviceType(haloDeviceType());

describe('HALO string generator', () => {
  it('generates strings that the type parses back, with no warnings', () => {
    const s = generateHaloStrings(halo, 'DeviceId=(\\S+)', ';');
    expect(s.warnings).toEqual([]);
    expect(s.heartbeat.startsWith('DeviceId=%NAME% AccX=@%SENSOR:AccX%@ ')).toBe(true);
    expect(s.heartbeat.endsWith('TVOC=@%SENSOR:TVOC%@;')).toBe(true);
    expect(s.set).toBe('DeviceId=%NAME% Event=@%EID%@ State=@Set@ Source=@%SOURCE%@ Value=@%VAL%@ Threshold=@%THR%@;');
    const sensors = Object.fromEntries(HALO_SENSORS.map(([id], i) => [id, String(i)]));
    const frame = renderHaloTemplate(s.heartbeat, { NAME: 'Bath2F' }, sensors).slice(0, -1);
    expect(parseFrame(halo, frame).valueCount).toBe(44);
  });

  it('follows the server: another delimiter and device-id text', () => {
    const s = generateHaloStrings(halo, 'ID:(\\S+)', '\r\n');
    expect(s.heartbeat.startsWith('ID:%NAME% ')).toBe(true);
    expect(s.heartbeat.endsWith('\r\n')).toBe(true);
    expect(deviceIdPrefix('(?:^|\\s)Dev=([^\\s;]+)')).toBe('Dev=');
    expect(() => deviceIdPrefix('(\\d+)x(\\S+)')).toThrow(/LITERAL/);
  });

  it('warns about points it cannot write', () => {
    const t = compileDeviceType(DeviceTypeSchema.parse({ id: 't', name: 't', dataPoints: [{ name: 'X', regex: 'X:(\\d+)' }], events: [] }));
    expect(generateHaloStrings(t, 'DeviceId=(\\S+)', ';').warnings[0]).toMatch(/Data point X has a custom regex/);
  });
});

describe('event/data-point collisions (seed 000)', () => {
  it('finds none in the built-in type: events carry their id as a value', () => {
    expect(findCollisions(halo)).toEqual([]);
  });

  it('finds the Genetec-style collision: an event regex on a sensor identifier', () => {
    const t = compileDeviceType(DeviceTypeSchema.parse({
      id: 'genetec', name: 'Genetec preset',
      dataPoints: [{ name: 'AQI', regex: 'AQI=@([^@]+)@' }, { name: 'Noise', regex: '(?:^|\\s)Noise=@([^@]*)@' }],
      events: [{ name: 'AQI', regex: 'AQI=@([^@]+)@' }, { name: 'Vape', regex: 'Vape=@([^@]+)@' }, { name: 'Loud', regex: 'Noise' }],
    }));
    const found = findCollisions(t).map((c) => `${c.event}/${c.dataPoint}`).sort();
    expect(found).toEqual(['AQI/AQI', 'Loud/Noise']);
  });
});
