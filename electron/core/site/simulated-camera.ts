import jpeg from 'jpeg-js';
import { createCanvas, drawText, fillRect, type Canvas } from '../../../shared/video/pixel-font.js';

/** ONVIF's normalised space: pan and tilt −1…1 (pan wraps: −1 and 1 face the same way), zoom 0…1. */
export interface PtzPosition { x: number; y: number; zoom: number }

type Rgb = readonly [number, number, number];

/** Where each demo preset looks, and the label painted on the scene there so a preset run is visible. */
export const PRESET_POSITIONS: Record<string, PtzPosition & { label: string }> = {
  '1': { x: 0, y: 0, zoom: 0, label: 'HOME' },
  '2': { x: -0.55, y: 0.15, zoom: 0.45, label: 'ENTRANCE' },
  '3': { x: 0.3, y: -0.2, zoom: 0.6, label: 'CORRIDOR' },
  '4': { x: 0.8, y: 0.35, zoom: 0.25, label: 'PARKING' },
};

/** Pan/tilt units per second at speed 100; a preset glides at GLIDE_PER_S. */
const PAN_PER_S = 0.5;
const ZOOM_PER_S = 0.35;
const GLIDE_PER_S = 0.6;

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
const wrap = (x: number): number => ((((x + 1) % 2) + 2) % 2) - 1;

/**
 * One simulated PTZ head. Its position is computed when asked (a preset glides there, a
 * pan/tilt keeps moving until Stop), so nothing ticks while nobody looks.
 */
export class PtzHead {
  private base: PtzPosition = { x: 0, y: 0, zoom: 0 };
  private since = Date.now();
  private velocity: PtzPosition = { x: 0, y: 0, zoom: 0 };
  private target: PtzPosition | null = null;

  position(now = Date.now()): PtzPosition {
    const dt = Math.max(0, (now - this.since) / 1000);
    if (this.target) {
      const dx = wrap(this.target.x - this.base.x);
      const distance = Math.max(Math.abs(dx), Math.abs(this.target.y - this.base.y), Math.abs(this.target.zoom - this.base.zoom));
      const f = distance === 0 ? 1 : Math.min(1, (dt * GLIDE_PER_S) / distance);
      return { x: wrap(this.base.x + dx * f), y: this.base.y + (this.target.y - this.base.y) * f, zoom: this.base.zoom + (this.target.zoom - this.base.zoom) * f };
    }
    return { x: wrap(this.base.x + this.velocity.x * dt), y: clamp(this.base.y + this.velocity.y * dt, -1, 1), zoom: clamp(this.base.zoom + this.velocity.zoom * dt, 0, 1) };
  }

  /** Where it is going (a preset) or where it is: what the camera reports. */
  destination(now = Date.now()): PtzPosition {
    return this.target ? { ...this.target } : this.position(now);
  }

  private settle(now: number): void {
    this.base = this.position(now);
    this.since = now;
    this.target = null;
  }

  goTo(preset: PtzPosition, now = Date.now()): void {
    this.settle(now);
    this.velocity = { x: 0, y: 0, zoom: 0 };
    this.target = { x: preset.x, y: preset.y, zoom: preset.zoom };
  }

  move(direction: string, speed: number, now = Date.now()): void {
    this.settle(now);
    const s = (clamp(speed, 1, 100) / 100) * PAN_PER_S;
    this.velocity = { x: direction.includes('left') ? -s : direction.includes('right') ? s : 0, y: direction.includes('up') ? -s : direction.includes('down') ? s : 0, zoom: this.velocity.zoom };
  }

  zoom(direction: string, speed: number, now = Date.now()): void {
    this.settle(now);
    this.velocity = { ...this.velocity, zoom: (direction === 'in' ? 1 : -1) * (clamp(speed, 1, 100) / 100) * ZOOM_PER_S };
  }

  stop(now = Date.now()): void {
    this.settle(now);
    this.velocity = { x: 0, y: 0, zoom: 0 };
  }
}

const PANORAMA_W = 1920;
const PANORAMA_H = 480;
let panorama: Canvas | null = null;

/** A 360° scene drawn once: sky, a skyline with lit windows, the preset spots labelled, bearings along the ground. */
function scene(): Canvas {
  if (panorama) return panorama;
  const c = createCanvas(PANORAMA_W, PANORAMA_H, [24, 32, 48]);
  for (let y = 0; y < 220; y += 4) fillRect(c, 0, y, PANORAMA_W, 4, [30 + y / 6, 44 + y / 5, 70 + y / 4]);
  fillRect(c, 0, 300, PANORAMA_W, 180, [52, 56, 60]);
  for (let x = 0; x < PANORAMA_W; x += 80) fillRect(c, x, 388, 40, 6, [200, 190, 90]);
  let seed = 11;
  const rnd = (): number => { seed = (seed * 16807) % 2147483647; return seed / 2147483647; };
  for (let x = 0; x < PANORAMA_W;) {
    const w = 60 + Math.floor(rnd() * 90);
    const h = 80 + Math.floor(rnd() * 150);
    const shade = 60 + Math.floor(rnd() * 50);
    fillRect(c, x, 300 - h, w - 6, h, [shade, shade - 8, shade - 16]);
    for (let wy = 300 - h + 10; wy < 290; wy += 18) {
      for (let wx = x + 8; wx < x + w - 18; wx += 16) fillRect(c, wx, wy, 8, 10, rnd() < 0.45 ? [240, 210, 120] : [40, 48, 60]);
    }
    x += w;
  }
  for (const p of Object.values(PRESET_POSITIONS)) {
    const cx = Math.round(((p.x + 1) / 2) * PANORAMA_W);
    const cy = Math.round(((p.y + 1) / 2) * PANORAMA_H);
    fillRect(c, cx - 70, cy - 28, 140, 56, [200, 40, 40]);
    fillRect(c, cx - 64, cy - 22, 128, 44, [250, 250, 250]);
    drawText(c, p.label, cx - p.label.length * 6, cy - 7, 2, [20, 20, 20]);
  }
  for (let deg = 0; deg < 360; deg += 15) {
    const x = Math.round((deg / 360) * PANORAMA_W);
    fillRect(c, x, 440, 2, 16, [230, 230, 230]);
    drawText(c, String(deg), x + 4, 462, 1, [230, 230, 230]);
  }
  panorama = c;
  return c;
}

/** Pan x as the compass bearing painted on the scene's ground. */
export function bearing(x: number): number {
  return Math.round((((x + 1) / 2) * 360) % 360);
}

/**
 * The camera's picture at this position: the part of the scene it faces, wider or narrower
 * with the zoom, with its name, the time and where it points, as a camera's overlay shows them.
 */
export function renderView(name: string, at: PtzPosition, width = 320, height = 240): Buffer {
  const src = scene();
  const viewW = 640 - at.zoom * 520;
  const viewH = viewW * (height / width);
  const cx = ((at.x + 1) / 2) * PANORAMA_W;
  const cy = clamp(((at.y + 1) / 2) * PANORAMA_H, viewH / 2, PANORAMA_H - viewH / 2);
  const out = createCanvas(width, height, [0, 0, 0]);
  for (let y = 0; y < height; y++) {
    const sy = clamp(Math.floor(cy - viewH / 2 + (y * viewH) / height), 0, PANORAMA_H - 1);
    for (let x = 0; x < width; x++) {
      const sx = ((Math.floor(cx - viewW / 2 + (x * viewW) / width) % PANORAMA_W) + PANORAMA_W) % PANORAMA_W;
      const i = (sy * PANORAMA_W + sx) * 4;
      const o = (y * width + x) * 4;
      out.data[o] = src.data[i]!; out.data[o + 1] = src.data[i + 1]!; out.data[o + 2] = src.data[i + 2]!;
    }
  }
  const ink: Rgb = [255, 255, 255];
  fillRect(out, 0, 0, width, 14, [0, 0, 0]);
  drawText(out, name.slice(0, 30), 4, 4, 1, ink);
  drawText(out, new Date().toISOString().slice(11, 19), width - 52, 4, 1, ink);
  fillRect(out, 0, height - 14, width, 14, [0, 0, 0]);
  drawText(out, `PAN ${bearing(at.x)}  TILT ${Math.round(-at.y * 45)}  ZOOM ${(1 + at.zoom * 4).toFixed(1)}X`, 4, height - 11, 1, ink);
  return Buffer.from(jpeg.encode({ data: out.data, width, height }, 70).data);
}
