import { seededRandom } from '../random.js';

/** Events the simulated HALO raises, with the sensor behind each and what it does to the air. */
const INCIDENTS = {
  Vape: { source: 'PM2.5', effect: { pm: 60, tvoc: 900 } },
  Smoking: { source: 'PM2.5', effect: { pm: 90, tvoc: 400 } },
  THC: { source: 'TVOC', effect: { pm: 30, tvoc: 1500 } },
  Aggression: { source: 'Noise', effect: { noise: 28 } },
  Gunshot: { source: 'Gun', effect: { noise: 40, gun: 1 } },
  Help: { source: 'KW1', effect: { kw1: 1 } },
  Tamper: { source: 'AccZ', effect: { move: 40 } },
} as const;
export type IncidentName = keyof typeof INCIDENTS;
export const INCIDENT_NAMES = Object.keys(INCIDENTS) as IncidentName[];

/** EPA breakpoints for PM2.5 → AQI, so the index agrees with the particulates it sits beside. */
function pm25Aqi(pm: number): number {
  const bp: Array<[number, number, number, number]> = [[0, 12, 0, 50], [12.1, 35.4, 51, 100], [35.5, 55.4, 101, 150], [55.5, 150.4, 151, 200], [150.5, 250.4, 201, 300], [250.5, 500, 301, 500]];
  const row = bp.find(([lo, hi]) => pm >= lo && pm <= hi) ?? bp[bp.length - 1]!;
  const [cl, ch, il, ih] = row;
  return Math.round(((ih - il) / (ch - cl)) * (Math.min(pm, ch) - cl) + il);
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
const round = (v: number, digits = 1): string => v.toFixed(digits);

export interface ActiveIncident {
  name: IncidentName;
  source: string;
  until: number;
  value: string;
}

/**
 * One simulated HALO: slow random walks for the room (temperature, humidity, CO2 with
 * occupancy), with incidents that move the readings they would move on a real sensor.
 */
export class SimulatedHalo {
  private readonly rand: () => number;
  private temp: number;
  private rh: number;
  private people = 0;
  private co2 = 450;
  private pmBase: number;
  private noiseBase: number;
  private incident: ActiveIncident | null = null;

  constructor(readonly name: string, seed: number) {
    this.rand = seededRandom(seed);
    this.temp = 20.5 + this.rand() * 3;
    this.rh = 35 + this.rand() * 15;
    this.pmBase = 2 + this.rand() * 4;
    this.noiseBase = 38 + this.rand() * 8;
  }

  get active(): ActiveIncident | null {
    return this.incident;
  }

  private walk(v: number, step: number, lo: number, hi: number): number {
    return clamp(v + (this.rand() - 0.5) * step, lo, hi);
  }

  /** Starts an incident held for `holdMs` (HALO holds an event ~30 s); returns it, or null if one is active. */
  startIncident(name: IncidentName, now: number, holdMs = 30_000): ActiveIncident | null {
    if (this.incident) return null;
    this.incident = { name, source: INCIDENTS[name].source, until: now + holdMs, value: '1' };
    return this.incident;
  }

  /** Ends the incident when its hold is over; returns the ended incident for the Reset string. */
  endIncidentIfDue(now: number): ActiveIncident | null {
    const ended = this.incident && now >= this.incident.until ? this.incident : null;
    if (ended) this.incident = null;
    return ended;
  }

  /** The sensor values, as text the HALO would put in its heartbeat. */
  sample(): Record<string, string> {
    const r = this.rand;
    this.people = clamp(Math.round(this.people + (r() - 0.5) * 2), 0, 12);
    this.temp = this.walk(this.temp + this.people * 0.002, 0.1, 17, 29);
    this.rh = this.walk(this.rh - (this.temp - 22) * 0.01, 0.6, 20, 75);
    this.co2 = clamp(this.co2 + this.people * 6 - (this.co2 - 420) * 0.05 + (r() - 0.5) * 10, 400, 2500);
    const fx: Partial<Record<'pm' | 'tvoc' | 'noise' | 'gun' | 'kw1' | 'move', number>> = this.incident ? INCIDENTS[this.incident.name].effect : {};
    const pm25 = this.walk(this.pmBase, 1, 0.5, 20) + (fx.pm ?? 0) * (0.8 + r() * 0.4);
    const pm1 = pm25 * 0.7;
    const pm10 = pm25 * 1.4 + r() * 2;
    const tvoc = 80 + (this.co2 - 400) * 0.4 + (fx.tvoc ?? 0) * (0.8 + r() * 0.4) + r() * 20;
    const noise = this.noiseBase + this.people * 1.5 + (r() - 0.5) * 6 + (fx.noise ?? 0);
    const no2 = 8 + r() * 6;
    const co = 0.3 + r() * 0.4;
    const nh3 = 0.1 + r() * 0.2;
    const hPa = 1013 + (r() - 0.5) * 4;
    const hi = (x: number, lo: number, hiV: number): number => clamp(((x - lo) / (hiV - lo)) * 5, 0, 5);
    const hiPm25 = hi(pm25, 0, 55);
    const hiTvoc = hi(tvoc, 0, 2200);
    const hiCo2 = hi(this.co2, 400, 2000);
    const hiHum = clamp(Math.abs(this.rh - 45) / 6, 0, 5);
    const hiNo2 = hi(no2, 0, 100);
    const aqi = pm25Aqi(pm25);
    const v: Record<string, string> = {
      AccX: round((r() - 0.5) * 4 + (fx.move ?? 0), 0), AccY: round((r() - 0.5) * 4, 0), AccZ: round(1000 + (r() - 0.5) * 4 + (fx.move ?? 0), 0),
      AQI: String(aqi), Aud1: '0', C: round(this.temp), CO: round(co, 2), CO2cal: round(this.co2, 0), CO2eq: round(this.co2 * 1.05, 0),
      COAQI: String(Math.round(co * 10)), F: round(this.temp * 1.8 + 32), Gun: String(fx.gun ?? 0), HGMic: round(noise + 2),
      HI: round(Math.max(hiPm25, hiTvoc, hiCo2, hiHum, hiNo2), 2), HIco2: round(hiCo2, 2), HIhum: round(hiHum, 2), HIno2: round(hiNo2, 2),
      HIpm1: round(hi(pm1, 0, 40), 2), HIpm10: round(hi(pm10, 0, 150), 2), 'HIpm2.5': round(hiPm25, 2), HItvoc: round(hiTvoc, 2),
      INP: '0', KW1: String(fx.kw1 ?? 0), KW2: '0', KW3: '0', LGMic: round(noise - 3), Lux: round(300 + r() * 40, 0),
      Motion: this.people > 0 ? '1' : '0', Move: round(fx.move ?? 0, 0), NH3: round(nh3, 2), NO2: round(no2), NO2AQI: String(Math.round(no2 * 0.9)),
      Noise: round(noise), panic: '0', PEOPLE: String(this.people), 'P-Hg': round(hPa * 0.02953, 2), 'P-hPa': round(hPa),
      PM1: round(pm1), PM10: round(pm10), 'PM2.5': round(pm25), PM10AQI: String(Math.round(pm10 * 0.9)), PM25AQI: String(aqi),
      RH: round(this.rh), TVOC: round(tvoc, 0),
    };
    if (this.incident) this.incident.value = v[this.incident.source] ?? '1';
    return v;
  }
}
