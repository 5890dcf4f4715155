import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp, { type Metadata, type Sharp } from 'sharp';
import type { PlanImage } from '../../../shared/maps/model.js';
import { nameLies, sniffImage } from '../../../shared/maps/sniff.js';
import { ApiError } from '../errors.js';
import { POPPLER, renderFirstPage, type PdfRenderer } from './pdf-plan.js';

export const MAX_PLAN_BYTES = 50 * 1024 * 1024;
/** Above this side, a plan is shown as a tile pyramid; below, as one image. */
const TILE_ABOVE = 2048;
const TILE = 256;
const DISPLAY_MAX = 4096;
/** 16,000 × 16,000 px fits; a decompression bomb does not. */
const MAX_PIXELS = 20_000 * 20_000;

const bad = (message: string): ApiError => new ApiError(400, 'invalid_image', message);

/** Where a plan's pyramid level and tile live for a Leaflet zoom. */
export function pyramidOf(width: number, height: number): { tiled: boolean; maxZoom: number; levelOffset: number } {
  const side = Math.max(width, height);
  const maxZoom = Math.max(0, Math.ceil(Math.log2(side / TILE)));
  const topLevel = Math.ceil(Math.log2(Math.max(side, 1)));
  return { tiled: side > TILE_ABOVE, maxZoom, levelOffset: topLevel - maxZoom };
}

/**
 * A floor plan's files on disk: `<dir>/<key>/original.<ext>`, and `display.webp` or the
 * `tiles_files/<level>/<x>_<y>.webp` pyramid. Everything is written under a temporary name and
 * renamed into place at the end, so a bad upload leaves nothing behind.
 */
export class PlanImages {
  constructor(private readonly root: string, private readonly pdf: PdfRenderer = POPPLER) {}

  private dirOf(mapId: number, key: string): string {
    return join(this.root, String(mapId), key);
  }

  async store(mapId: number, upload: Buffer, filename: string): Promise<PlanImage> {
    if (upload.length > MAX_PLAN_BYTES) throw new ApiError(413, 'too_large', `a plan may be at most ${MAX_PLAN_BYTES / 1024 / 1024} MB`);
    const sniffed = sniffImage(upload);
    if (!sniffed) throw bad('not a PNG, JPEG, WebP or SVG image, nor a PDF');
    if (nameLies(filename, sniffed)) throw bad(`the file is named "${filename.slice(0, 100)}" but its content is ${sniffed.toUpperCase()}`);
    // An architect's PDF becomes its first page as PNG, and from here on is that PNG (kept as the original too).
    const data = sniffed === 'pdf' ? await renderFirstPage(upload, this.pdf) : upload;
    const type = sniffed === 'pdf' ? 'png' : sniffed;
    const key = randomBytes(16).toString('hex');
    const tmp = join(this.root, String(mapId), `.upload-${key}`);
    mkdirSync(tmp, { recursive: true });
    try {
      const input = (): Sharp => sharp(data, { failOn: 'truncated', limitInputPixels: MAX_PIXELS, density: type === 'svg' ? 72 : undefined });
      let meta: Metadata;
      try {
        meta = await input().metadata();
      } catch (err) {
        throw bad(`the ${type.toUpperCase()} image cannot be read: ${err instanceof Error ? err.message : String(err)}`);
      }
      const width = meta.width ?? 0;
      const height = meta.height ?? 0;
      if (!width || !height) throw bad('the image has no size');
      const pyramid = pyramidOf(width, height);
      writeFileSync(join(tmp, `original.${type === 'jpeg' ? 'jpg' : type}`), data);
      try {
        // Decoding every pixel is what finds a truncated or corrupt body.
        if (pyramid.tiled) await input().webp({ quality: 85 }).tile({ size: TILE, overlap: 0, layout: 'dz' }).toFile(join(tmp, 'tiles.dz'));
        // One image too, at most 4,096 px a side: what an outdoor map shows of a georeferenced plan.
        await input().resize(DISPLAY_MAX, DISPLAY_MAX, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 90 }).toFile(join(tmp, 'display.webp'));
      } catch (err) {
        throw bad(`the ${type.toUpperCase()} image is truncated or corrupt: ${err instanceof Error ? err.message : String(err)}`);
      }
      renameSync(tmp, this.dirOf(mapId, key));
      return { type, width, height, bytes: data.length, key, ...pyramid };
    } catch (err) {
      rmSync(tmp, { recursive: true, force: true });
      throw err;
    }
  }

  /** The upload as it came (an SVG stays an SVG: the route serves it under a CSP that runs nothing). */
  original(mapId: number, image: PlanImage): Buffer | null {
    const file = join(this.dirOf(mapId, image.key), `original.${image.type === 'jpeg' ? 'jpg' : image.type}`);
    return existsSync(file) ? readFileSync(file) : null;
  }

  display(mapId: number, image: PlanImage): Buffer | null {
    const file = join(this.dirOf(mapId, image.key), 'display.webp');
    return existsSync(file) ? readFileSync(file) : null;
  }

  tile(mapId: number, image: PlanImage, z: number, x: number, y: number): Buffer | null {
    const file = join(this.dirOf(mapId, image.key), 'tiles_files', String(z + image.levelOffset), `${x}_${y}.webp`);
    return existsSync(file) ? readFileSync(file) : null;
  }

  remove(mapId: number, key?: string): void {
    rmSync(key ? this.dirOf(mapId, key) : join(this.root, String(mapId)), { recursive: true, force: true });
  }
}
