import jpeg from 'jpeg-js';
import { createCanvas, drawText, fillRect } from '../../../shared/video/pixel-font.js';

type Rgb = readonly [number, number, number];
const BG: Rgb = [15, 20, 25];
const TEXT: Rgb = [216, 224, 232];
const MUTED: Rgb = [138, 153, 168];
const OK: Rgb = [63, 185, 80];
const WARN: Rgb = [210, 153, 34];
const BAD: Rgb = [248, 81, 73];

/** The readings on the dashboard, with the scale each bar is drawn against and its warning level. */
const GAUGES: ReadonlyArray<readonly [point: string, label: string, max: number, warn: number]> = [
  ['Noise', 'NOISE DB', 100, 70], ['PM2.5', 'PM2.5', 100, 35], ['TVOC', 'TVOC PPB', 2200, 1000], ['CO2cal', 'CO2 PPM', 2000, 1200],
  ['C', 'TEMP C', 40, 28], ['RH', 'HUMIDITY %', 100, 65], ['AQI', 'AQI', 300, 100], ['HI', 'HEALTH IDX', 5, 3],
];

/**
 * A JPEG frame like the HALO's live dashboard (`/api/gfx/dashboardframe.jpg`): the device
 * name, its current readings as bars, and the active event in red.
 */
export function renderDashboard(name: string, values: Record<string, string>, activeEvent: string | null, width = 320, height = 240): Buffer {
  const c = createCanvas(width, height, BG);
  drawText(c, name.slice(0, 24), 8, 8, 2, TEXT);
  drawText(c, new Date().toISOString().slice(11, 19), width - 56, 10, 1, MUTED);
  GAUGES.forEach(([point, label, max, warn], i) => {
    const y = 34 + i * 22;
    const v = Number(values[point] ?? NaN);
    drawText(c, label, 8, y, 1, MUTED);
    drawText(c, Number.isFinite(v) ? String(values[point]) : '--', 92, y, 1, TEXT);
    fillRect(c, 150, y, width - 158, 7, [28, 37, 48]);
    if (Number.isFinite(v)) fillRect(c, 150, y, Math.max(1, Math.min(1, v / max) * (width - 158)), 7, v >= warn ? WARN : OK);
  });
  if (activeEvent) {
    fillRect(c, 0, height - 26, width, 26, BAD);
    drawText(c, `EVENT: ${activeEvent}`, 8, height - 19, 2, [255, 255, 255]);
  }
  return jpeg.encode({ data: c.data, width, height }, 70).data;
}
