import { describe, expect, it } from 'vitest';
import { aqiBand, isAqiPoint } from './aqi.js';

describe('AQI bands', () => {
  it('reads a value by its band, edges included in the lower band', () => {
    expect([0, 50, 51, 100, 150, 151, 300, 480].map((v) => aqiBand(v)?.name)).toEqual(['Good', 'Good', 'Moderate', 'Moderate', 'Unhealthy for sensitive groups', 'Unhealthy', 'Very unhealthy', 'Hazardous']);
    expect(aqiBand(Number.NaN)).toBeNull();
    expect(['AQI', 'PM25AQI', 'COAQI', 'Noise'].map(isAqiPoint)).toEqual([true, true, true, false]);
  });
});
