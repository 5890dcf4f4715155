/** The HALO readings an operator looks at first, in that order: noise, air, then climate. */
const FIRST = ['Noise', 'PM2.5', 'PM10', 'TVOC', 'CO2cal', 'AQI', 'HI', 'C', 'RH', 'NO2', 'CO', 'NH3', 'Lux', 'P-hPa', 'PEOPLE', 'Motion'];

/** Data point names in reading order: the familiar ones first, any others by name; at most `max`. */
export function readingOrder(points: readonly string[], max: number): string[] {
  const rank = (p: string): number => (FIRST.includes(p) ? FIRST.indexOf(p) : FIRST.length);
  return [...points].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)).slice(0, max);
}
