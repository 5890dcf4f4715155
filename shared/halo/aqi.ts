/**
 * The US EPA air quality index bands, which the HALO's AQI points follow: a reading is read
 * by its band's colour and word, not by its number.
 */
export const AQI_BANDS: ReadonlyArray<{ from: number; to: number; name: string; colour: string }> = [
  { from: 0, to: 50, name: 'Good', colour: '#00e400' },
  { from: 50, to: 100, name: 'Moderate', colour: '#ffff00' },
  { from: 100, to: 150, name: 'Unhealthy for sensitive groups', colour: '#ff7e00' },
  { from: 150, to: 200, name: 'Unhealthy', colour: '#ff0000' },
  { from: 200, to: 300, name: 'Very unhealthy', colour: '#8f3f97' },
  { from: 300, to: 500, name: 'Hazardous', colour: '#7e0023' },
];

/** AQI, COAQI, NO2AQI, PM10AQI, PM25AQI: the points read on the AQI scale. */
export const isAqiPoint = (point: string): boolean => /AQI$/.test(point);

export function aqiBand(value: number): (typeof AQI_BANDS)[number] | null {
  if (!Number.isFinite(value) || value < 0) return null;
  return AQI_BANDS.find((b) => value <= b.to) ?? AQI_BANDS[AQI_BANDS.length - 1]!;
}
