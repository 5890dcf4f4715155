import { readFileSync, rmSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { sqliteOptions } from '../store/native-binding.js';
import { tmsRow } from './mbtiles.js';

/** The demo campus: one z15 tile's ground (about 1.2 km at 50° N), drawn down to z18. */
const TOP_Z = 15;
const BOTTOM_Z = 18;
const SIDE = 256 * 2 ** (BOTTOM_Z - TOP_Z);
/** Where the fictional campus lies: its z15 tile. */
const ORIGIN = { x: 16780, y: 10998 };

/** A pixel of the campus drawing (z18, 0..SIDE) → longitude and latitude. */
export function campusLngLat(px: number, py: number): [number, number] {
  const world = 256 * 2 ** BOTTOM_Z;
  const X = ORIGIN.x * SIDE + px;
  const Y = ORIGIN.y * SIDE + py;
  const lng = (X / world) * 360 - 180;
  const lat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * Y) / world))) * 180) / Math.PI;
  return [Math.round(lng * 1e7) / 1e7, Math.round(lat * 1e7) / 1e7];
}

/** The campus in the drawing's pixels: what the seed places on it. */
export const CAMPUS = {
  building: [[700, 620], [1300, 620], [1300, 1060], [700, 1060]] as Array<[number, number]>,
  hall: [[1450, 700], [1750, 700], [1750, 950], [1450, 950]] as Array<[number, number]>,
  carPark: [420, 1400] as [number, number],
  centre: [1024, 900] as [number, number],
};

const poly = (pts: Array<[number, number]>): string => pts.map(([x, y]) => `${x},${y}`).join(' ');

const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="${SIDE}" height="${SIDE}" viewBox="0 0 ${SIDE} ${SIDE}">
<rect width="${SIDE}" height="${SIDE}" fill="#1a2a20"/>
<path d="M0 1300 L${SIDE} 1220" stroke="#3b4640" stroke-width="70"/>
<path d="M560 0 L600 ${SIDE}" stroke="#3b4640" stroke-width="50"/>
<rect x="250" y="1330" width="340" height="220" fill="#27302b" stroke="#4f5c55" stroke-width="6"/>
<polygon points="${poly(CAMPUS.building)}" fill="#263445" stroke="#6b8299" stroke-width="8"/>
<polygon points="${poly(CAMPUS.hall)}" fill="#263445" stroke="#6b8299" stroke-width="6"/>
<rect x="820" y="1500" width="520" height="330" fill="#21402c" stroke="#3f6b4c" stroke-width="6"/>
<circle cx="1700" cy="300" r="140" fill="#1f3a27"/><circle cx="300" cy="400" r="110" fill="#1f3a27"/>
<text x="740" y="670" fill="#a9bccf" font-family="sans-serif" font-size="34">Main building</text>
<text x="1470" y="745" fill="#a9bccf" font-family="sans-serif" font-size="26">Sports hall</text>
<text x="850" y="1550" fill="#8fb89c" font-family="sans-serif" font-size="26">Playing field</text>
</svg>`;

/** Draws the campus's tiles into an MBTiles file at start-up: the demo ships no binary map. */
export async function demoCampusMbtiles(): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'watchdesk-campus-'));
  const file = join(dir, 'campus.mbtiles');
  try {
    const db = new Database(file, sqliteOptions());
    db.exec('CREATE TABLE metadata (name TEXT, value TEXT); CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB); CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);');
    const [w, n] = campusLngLat(0, 0);
    const [e, s] = campusLngLat(SIDE, SIDE);
    const meta = db.prepare('INSERT INTO metadata VALUES (?, ?)');
    for (const [k, v] of [['name', 'Demo campus'], ['format', 'webp'], ['type', 'baselayer'], ['bounds', `${w},${s},${e},${n}`], ['minzoom', String(TOP_Z)], ['maxzoom', String(BOTTOM_Z)]]) meta.run(k, v);
    const insert = db.prepare('INSERT INTO tiles VALUES (?, ?, ?, ?)');
    const full = await sharp(Buffer.from(SVG)).png().toBuffer();
    for (let z = TOP_Z; z <= BOTTOM_Z; z++) {
      const n = 2 ** (z - TOP_Z);
      const level = await sharp(full).resize(n * 256, n * 256).png().toBuffer();
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const tile = await sharp(level).extract({ left: i * 256, top: j * 256, width: 256, height: 256 }).webp({ quality: 80 }).toBuffer();
          insert.run(z, ORIGIN.x * n + i, tmsRow(z, ORIGIN.y * n + j), tile);
        }
      }
    }
    db.close();
    return readFileSync(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
