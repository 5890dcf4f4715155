import type { DeviceType } from './device-type.js';
import { escapeRegex } from '../text.js';

/** Seed 000, Table 1: the 44 HALO sensor identifiers, with units from the HALO documentation. */
export const HALO_SENSORS: ReadonlyArray<readonly [id: string, unit: string]> = [
  ['AccX', 'mg'], ['AccY', 'mg'], ['AccZ', 'mg'], ['AQI', 'AQI'], ['Aud1', ''], ['C', '°C'], ['CO', 'ppm'],
  ['CO2cal', 'ppm'], ['CO2eq', 'ppm'], ['COAQI', 'AQI'], ['F', '°F'], ['Gun', ''], ['HGMic', 'dB'], ['HI', 'HI'],
  ['HIco2', 'HI'], ['HIhum', 'HI'], ['HIno2', 'HI'], ['HIpm1', 'HI'], ['HIpm10', 'HI'], ['HIpm2.5', 'HI'],
  ['HItvoc', 'HI'], ['INP', ''], ['KW1', ''], ['KW2', ''], ['KW3', ''], ['LGMic', 'dB'], ['Lux', 'lux'],
  ['Motion', ''], ['Move', 'mm/100'], ['NH3', 'ppm'], ['NO2', 'ppb'], ['NO2AQI', 'AQI'], ['Noise', 'dB'],
  ['panic', ''], ['PEOPLE', ''], ['P-Hg', 'inHg'], ['P-hPa', 'hPa'], ['PM1', 'µg/m³'], ['PM10', 'µg/m³'],
  ['PM2.5', 'µg/m³'], ['PM10AQI', 'AQI'], ['PM25AQI', 'AQI'], ['RH', '%'], ['TVOC', 'ppb'],
];

/** The HALO's default event identifiers (firmware 2.x/3.x). Installers may rename them. */
export const HALO_EVENTS: readonly string[] = [
  'Health_Index', 'AQI', 'PM1', 'PM2.5', 'PM10', 'TVOC', 'CO2cal', 'Humidity', 'Humidity_Low', 'Temp_C',
  'Temp_C_Low', 'NO2', 'Pressure', 'Light', 'Sound', 'CO', 'NH3', 'Vape', 'THC', 'Masking', 'Smoking',
  'Gunshot', 'Aggression', 'Tamper', 'Help', 'Motion',
];

export const HALO_TYPE_ID = 'halo';

/** `(?:^|\s)ID=@([^@]*)@`: the boundary stops `C=@` matching inside `TVOC=@`. */
export function haloPointRegex(id: string): string {
  return `(?:^|\\s)${escapeRegex(id)}=@([^@]*)@`;
}

/**
 * Events travel as `Event=@EID@ State=@Set|Reset@ …`. Carrying the identifier as a value, not
 * as a key, is what keeps `AQI` the event from overwriting `AQI` the data point (seed 000's warning).
 */
export function haloEventRegex(eid: string): string {
  return `(?:^|\\s)Event=@${escapeRegex(eid)}@`;
}

export const HALO_RESET_REGEX = '(?:^|\\s)State=@Reset@';

export const HALO_EVENT_ARGS = [
  { name: 'source', regex: '(?:^|\\s)Source=@([^@]*)@' },
  { name: 'value', regex: '(?:^|\\s)Value=@([^@]*)@' },
  { name: 'threshold', regex: '(?:^|\\s)Threshold=@([^@]*)@' },
];

export function haloDeviceType(): DeviceType {
  return {
    id: HALO_TYPE_ID,
    name: 'HALO Smart Sensor',
    description: 'IPVideo HALO Smart Sensor: 44 sensor identifiers (seed Table 1) and the 26 default event identifiers.',
    dataPoints: HALO_SENSORS.map(([id, unit]) => ({ name: id, regex: haloPointRegex(id), unit })),
    events: HALO_EVENTS.map((eid) => ({
      name: eid,
      regex: haloEventRegex(eid),
      args: HALO_EVENT_ARGS.map((a) => ({ ...a })),
      resetRegex: HALO_RESET_REGEX,
    })),
  };
}
