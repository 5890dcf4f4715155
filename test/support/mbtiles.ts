import Database from 'better-sqlite3';
import sharp from 'sharp';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './app.js';

/** The colour a generated tile has, so a test can tell which tile came back. */
export const tileColour = (z: number, x: number, y: number): [number, number, number] => [40 + z * 60, 20 + x * 50, 20 + y * 50];

/**
 * A small MBTiles file made here: zooms 0..maxZoom, each tile one colour from its XYZ address,
 * stored with TMS rows (bottom-up) as the spec says.
 */
export async function makeMbtiles(maxZoom = 2, format: 'png' | 'webp' = 'png'): Promise<Buffer> {
  const file = join(tempDir(), 'test.mbtiles');
  const db = new Database(file);
  db.exec('CREATE TABLE metadata (name TEXT, value TEXT); CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB); CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);');
  const meta = db.prepare('INSERT INTO metadata VALUES (?, ?)');
  for (const [k, v] of [['name', 'Test campus'], ['format', format], ['bounds', '4.30,50.80,4.40,50.90'], ['minzoom', '0'], ['maxzoom', String(maxZoom)]]) meta.run(k, v);
  const insert = db.prepare('INSERT INTO tiles VALUES (?, ?, ?, ?)');
  for (let z = 0; z <= maxZoom; z++) {
    for (let x = 0; x < 2 ** z; x++) {
      for (let y = 0; y < 2 ** z; y++) {
        const [r, g, b] = tileColour(z, x, y);
        const img = sharp({ create: { width: 256, height: 256, channels: 3, background: { r, g, b } } });
        insert.run(z, x, 2 ** z - 1 - y, await (format === 'png' ? img.png() : img.webp({ lossless: true })).toBuffer());
      }
    }
  }
  db.close();
  return readFileSync(file);
}
