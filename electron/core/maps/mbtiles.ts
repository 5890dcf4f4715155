import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { MbtilesInfo } from '../../../shared/maps/model.js';
import { isSqlite } from '../../../shared/maps/sniff.js';
import { ApiError } from '../errors.js';
import { sqliteOptions } from '../store/native-binding.js';

const FORMATS = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp' } as const;
export const TILE_TYPES: Record<MbtilesInfo['format'], string> = { png: 'image/png', jpg: 'image/jpeg', webp: 'image/webp' };

const bad = (message: string): ApiError => new ApiError(400, 'invalid_tiles', message);

/** MBTiles stores rows bottom-up (TMS); the web asks top-down (XYZ). */
export const tmsRow = (z: number, y: number): number => 2 ** z - 1 - y;

function describe(db: Database.Database): Omit<MbtilesInfo, 'key'> {
  const meta = new Map((db.prepare('SELECT name, value FROM metadata').all() as Array<{ name: string; value: string }>).map((r) => [r.name, r.value]));
  const format = (meta.get('format') ?? 'png').toLowerCase();
  if (!(format in FORMATS)) throw bad(`MBTiles format "${format.slice(0, 20)}" is not shown: only raster png, jpg or webp tiles`);
  const zooms = db.prepare('SELECT MIN(zoom_level) AS min, MAX(zoom_level) AS max, COUNT(*) AS n FROM tiles').get() as { min: number | null; max: number | null; n: number };
  if (!zooms.n) throw bad('the MBTiles file holds no tiles');
  const b = (meta.get('bounds') ?? '').split(',').map(Number);
  const bounds = b.length === 4 && b.every(Number.isFinite) ? (b as [number, number, number, number]) : null;
  return { format: format === 'jpeg' ? 'jpg' : (format as MbtilesInfo['format']), minZoom: zooms.min ?? 0, maxZoom: zooms.max ?? 0, bounds };
}

/**
 * Offline outdoor maps: an MBTiles file (SQLite with `metadata` and `tiles`) kept in the data
 * folder and read tile by tile. Written under a temporary name, checked, then renamed into
 * place, so a bad file leaves nothing.
 */
export class MbtilesFiles {
  private readonly open = new Map<string, Database.Database>();

  constructor(private readonly root: string) {}

  private file(mapId: number, key: string): string {
    return join(this.root, String(mapId), key, 'tiles.mbtiles');
  }

  store(mapId: number, data: Buffer): MbtilesInfo {
    if (!isSqlite(data)) throw bad('a geo map takes an MBTiles file (SQLite)');
    const key = randomBytes(16).toString('hex');
    const tmp = join(this.root, String(mapId), `.upload-${key}`);
    mkdirSync(tmp, { recursive: true });
    try {
      writeFileSync(join(tmp, 'tiles.mbtiles'), data);
      let info: Omit<MbtilesInfo, 'key'>;
      const db = new Database(join(tmp, 'tiles.mbtiles'), { ...sqliteOptions(), readonly: true, fileMustExist: true });
      try {
        info = describe(db);
      } catch (err) {
        throw err instanceof ApiError ? err : bad(`not an MBTiles file: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        db.close();
      }
      mkdirSync(join(this.root, String(mapId)), { recursive: true });
      renameSync(tmp, join(this.root, String(mapId), key));
      return { ...info, key };
    } catch (err) {
      rmSync(tmp, { recursive: true, force: true });
      throw err;
    }
  }

  tile(mapId: number, info: MbtilesInfo, z: number, x: number, y: number): Buffer | null {
    if (z < 0 || x >= 2 ** z || y >= 2 ** z) return null;
    let db = this.open.get(info.key);
    if (!db) {
      db = new Database(this.file(mapId, info.key), { ...sqliteOptions(), readonly: true, fileMustExist: true });
      this.open.set(info.key, db);
    }
    const row = db.prepare('SELECT tile_data AS data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?').get(z, x, tmsRow(z, y)) as { data: Buffer } | undefined;
    return row?.data ?? null;
  }

  forget(key: string): void {
    this.open.get(key)?.close();
    this.open.delete(key);
  }

  close(): void {
    for (const db of this.open.values()) db.close();
    this.open.clear();
  }
}
