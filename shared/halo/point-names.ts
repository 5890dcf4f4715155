/**
 * What operators call the HALO's data points. The raw identifier stays beside the name: it is
 * what the HALO sends and what rules store. HI is the HALO's Health Index (its 0–5 summary of
 * air quality), not a heat index.
 */
const NAMES: Readonly<Record<string, string>> = {
  AccX: 'Acceleration X', AccY: 'Acceleration Y', AccZ: 'Acceleration Z', AQI: 'Air quality index', Aud1: 'Audio level',
  C: 'Temperature (°C)', CO: 'Carbon monoxide', CO2cal: 'CO₂', CO2eq: 'CO₂ equivalent', COAQI: 'CO air quality index',
  F: 'Temperature (°F)', Gun: 'Gunshot', HGMic: 'Microphone, high gain', HI: 'Health index', HIco2: 'Health index: CO₂',
  HIhum: 'Health index: humidity', HIno2: 'Health index: NO₂', HIpm1: 'Health index: PM1', HIpm10: 'Health index: PM10',
  'HIpm2.5': 'Health index: PM2.5', HItvoc: 'Health index: TVOC', KW1: 'Keyword 1 (help)', KW2: 'Keyword 2', KW3: 'Keyword 3',
  LGMic: 'Microphone, low gain', Lux: 'Light', Motion: 'Motion', Move: 'Movement', NH3: 'Ammonia', NO2: 'Nitrogen dioxide',
  NO2AQI: 'NO₂ air quality index', Noise: 'Noise', panic: 'Panic button', PEOPLE: 'People', 'P-Hg': 'Pressure (inHg)',
  'P-hPa': 'Pressure (hPa)', PM1: 'Particulates PM1', PM10: 'Particulates PM10', 'PM2.5': 'Particulates PM2.5',
  PM10AQI: 'PM10 air quality index', PM25AQI: 'PM2.5 air quality index', RH: 'Humidity', TVOC: 'Volatile organics',
};

/** "CO₂ (CO2cal)"; a point without a known name is shown as sent. */
export function pointLabel(id: string): string {
  const name = NAMES[id];
  return name && name !== id ? `${name} (${id})` : id;
}
