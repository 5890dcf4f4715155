import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { describeIssues } from '../../../shared/halo/device-type.js';
import { MapInputSchema, PlacementSchema, type MapsExport, type Placement, type SiteMap } from '../../../shared/maps/model.js';
import { ApiError } from '../errors.js';
import type { MapService } from './map-service.js';

export const EXPORT_FORMAT = 'watchdesk-maps' as const;

const ExportedMapSchema = MapInputSchema.extend({
  id: z.number().int().positive(),
  placements: z.array(PlacementSchema).max(20_000),
  /** The plan as it was uploaded, base64. */
  image: z.object({ filename: z.string().max(200), data: z.string() }).nullable(),
  /** A geo map's MBTiles file, base64. */
  mbtiles: z.string().nullable(),
});
const ExportSchema = z.object({ format: z.literal(EXPORT_FORMAT), version: z.literal(1), exportedAt: z.number(), maps: z.array(ExportedMapSchema).max(1000) });

/** A site's maps as one file: every map, its image or tiles as uploaded, and its placements. */
export function exportMaps(service: MapService, dataDir: string): MapsExport {
  const maps = service.list().map((m): MapsExport['maps'][number] => {
    const original = m.image ? service.images.original(m.id, m.image) : null;
    const tiles = m.mbtiles ? join(dataDir, 'maps', String(m.id), m.mbtiles.key, 'tiles.mbtiles') : null;
    return {
      id: m.id, name: m.name, kind: m.kind, parentId: m.parentId, order: m.order, defaultView: m.defaultView, tileSource: m.tileSource, georef: m.georef ?? null,
      placements: m.placements,
      image: original && m.image ? { filename: `plan.${m.image.type === 'jpeg' ? 'jpg' : m.image.type}`, data: original.toString('base64') } : null,
      mbtiles: tiles && existsSync(tiles) ? readFileSync(tiles).toString('base64') : null,
    };
  });
  return { format: EXPORT_FORMAT, version: 1, exportedAt: Date.now(), maps };
}

function parse(data: Buffer): z.infer<typeof ExportSchema> {
  let json: unknown;
  try {
    json = JSON.parse(data.toString('utf8'));
  } catch {
    throw new ApiError(400, 'invalid', 'not a maps export: the file is not JSON');
  }
  const r = ExportSchema.safeParse(json);
  if (!r.success) {
    const details = describeIssues(r.error);
    throw new ApiError(400, 'invalid', `not a maps export: ${details.slice(0, 5).join('; ')}`, details);
  }
  return r.data;
}

/**
 * Recreates an export on a site without maps: new ids, the same tree, links, georeferences,
 * images and placements. Any failure removes what it made.
 */
export async function importMaps(service: MapService, data: Buffer, actor: string): Promise<SiteMap[]> {
  if (service.list().length > 0) throw new ApiError(409, 'conflict', 'maps are imported onto a site without maps: delete the existing maps first');
  const file = parse(data);
  const ids = new Map<number, number>();
  const made: number[] = [];
  const remap = (id: number): number => {
    const to = ids.get(id);
    if (to === undefined) throw new ApiError(400, 'invalid', `not a maps export: map ${id} is named but not in the file`);
    return to;
  };
  try {
    for (const m of file.maps) {
      const created = service.create({ name: m.name, kind: m.kind, order: m.order, defaultView: m.defaultView, tileSource: m.tileSource }, actor);
      made.push(created.id);
      ids.set(m.id, created.id);
      if (m.image) await service.upload(created.id, Buffer.from(m.image.data, 'base64'), m.image.filename, actor);
      if (m.mbtiles) await service.upload(created.id, Buffer.from(m.mbtiles, 'base64'), 'tiles.mbtiles', actor);
    }
    for (const m of file.maps) {
      const id = remap(m.id);
      const current = service.get(id);
      service.update(id, {
        name: m.name, kind: m.kind, order: m.order, defaultView: m.defaultView, tileSource: m.tileSource,
        parentId: m.parentId === null ? null : remap(m.parentId),
        georef: m.georef ? { ...m.georef, mapId: remap(m.georef.mapId) } : null,
      }, actor);
      const placements = m.placements.map((p) => {
        if (p.kind === 'link') return { ...p, linkMapId: remap(p.linkMapId) };
        if (p.kind === 'area' && p.linkMapId !== null) return { ...p, linkMapId: remap(p.linkMapId) };
        return p;
      }) as Placement[];
      if (placements.length || current.placements.length) service.setPlacements(id, { placements }, actor);
    }
  } catch (err) {
    for (const id of made.reverse()) { try { service.delete(id, actor); } catch { /* already gone */ } }
    throw err;
  }
  return service.list();
}
