import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { MapInputSchema, PlacementsSchema, placementLink, placementObject, placementProblems, type MapFields, type Placement, type PlacementInput, type SiteMap } from '../../../shared/maps/model.js';
import { describeIssues } from '../../../shared/halo/device-type.js';
import { georefProblems } from '../../../shared/maps/georef.js';
import { sniffImage } from '../../../shared/maps/sniff.js';
import { ApiError, notFound } from '../errors.js';
import type { SqliteStore } from '../store/sqlite-store.js';
import { MapStore } from './map-store.js';
import { MbtilesFiles } from './mbtiles.js';
import { TileProxy } from './tile-proxy.js';
import { PlanImages } from './plan-images.js';

const TICKET_MS = 60_000;

export interface MapEvents {
  /** Every console refetches these maps. */
  mapsChanged(ids: number[]): void;
}

/**
 * The site's maps: a tree of plans and geo maps with what is placed on them. Every change is
 * audited and goes out on the stream, so each console sees another's edit at once.
 */
export class MapService {
  readonly images: PlanImages;
  readonly mbtiles: MbtilesFiles;
  readonly proxy = new TileProxy();
  private readonly maps: MapStore;
  private readonly tickets = new Map<string, { mapId: number; actor: string; expiresAt: number }>();

  constructor(private readonly store: SqliteStore, dataDir: string, private readonly events: MapEvents) {
    this.maps = new MapStore(store.path);
    this.images = new PlanImages(join(dataDir, 'maps'));
    this.mbtiles = new MbtilesFiles(join(dataDir, 'maps'));
  }

  list(): SiteMap[] {
    return this.maps.all();
  }

  get(id: number): SiteMap {
    const map = this.maps.get(id);
    if (!map) throw notFound(`map ${id}`);
    return map;
  }

  private checkParent(id: number | null, parentId: number | null): void {
    if (parentId === null) return;
    if (!this.maps.get(parentId)) throw new ApiError(400, 'invalid', `Map is invalid: parentId: map ${parentId} does not exist`);
    // Walking up from the new parent must not reach the map itself.
    for (let at: number | null = parentId, steps = 0; at !== null && steps < 1000; steps++) {
      if (at === id) throw new ApiError(400, 'invalid', 'Map is invalid: parentId: a map cannot sit inside itself');
      at = this.maps.get(at)?.parentId ?? null;
    }
  }

  private parse(input: unknown): MapFields {
    const r = MapInputSchema.safeParse(input);
    if (!r.success) {
      const details = describeIssues(r.error);
      throw new ApiError(400, 'invalid', `Map is invalid: ${details.join('; ')}`, details);
    }
    const problems: string[] = [];
    if (r.data.georef) {
      if (r.data.kind !== 'plan') problems.push('georef: only a plan is georeferenced');
      const on = this.maps.get(r.data.georef.mapId);
      if (!on || on.kind !== 'geo') problems.push(`georef: mapId: map ${r.data.georef.mapId} is not a geo map`);
      problems.push(...georefProblems(r.data.georef));
    }
    if (r.data.tileSource && r.data.kind !== 'geo') problems.push('tileSource: only a geo map has a tile source');
    if (problems.length) throw new ApiError(400, 'invalid', `Map is invalid: ${problems.join('; ')}`, problems);
    return { ...r.data, georef: r.data.georef ?? null };
  }

  create(input: unknown, actor: string): SiteMap {
    const fields = this.parse(input);
    this.checkParent(null, fields.parentId);
    const map = this.maps.create(fields, { image: null, mbtiles: null, tileKey: fields.tileSource ? newKey() : null });
    this.store.audit({ actor, action: 'map.create', target: `map:${map.id}`, after: fields });
    this.events.mapsChanged([map.id]);
    return map;
  }

  update(id: number, input: unknown, actor: string): SiteMap {
    const before = this.get(id);
    const fields = this.parse(input);
    this.checkParent(id, fields.parentId);
    if (fields.kind !== before.kind && before.placements.length) throw new ApiError(409, 'conflict', `map ${id} has placements: a ${before.kind} map cannot become a ${fields.kind} map`);
    const tileKey = !fields.tileSource ? null : JSON.stringify(fields.tileSource) === JSON.stringify(before.tileSource) && before.tileKey ? before.tileKey : newKey();
    const after = this.maps.save({ ...before, ...fields, tileKey });
    const { placements: _p, ...shown } = before;
    this.store.audit({ actor, action: 'map.update', target: `map:${id}`, before: { ...shown, placements: before.placements.length }, after: fields });
    this.events.mapsChanged([id]);
    return after;
  }

  /** Child maps move up to the top; links to the map go, linked areas stay as plain areas, plans placed on it lose their georeference. */
  delete(id: number, actor: string): void {
    const before = this.get(id);
    const changed = [id];
    this.maps.transaction(() => {
      for (const m of this.maps.all()) {
        if (m.id === id) continue;
        const placements = m.placements
          .filter((p) => !(p.kind === 'link' && p.linkMapId === id))
          .map((p) => (p.kind === 'area' && p.linkMapId === id ? { ...p, linkMapId: null } : p));
        const parentId = m.parentId === id ? null : m.parentId;
        const georef = m.georef?.mapId === id ? null : (m.georef ?? null);
        if (parentId !== m.parentId || georef !== (m.georef ?? null) || placements.length !== m.placements.length || placements.some((p, i) => p !== m.placements[i])) {
          this.maps.save({ ...m, parentId, georef, placements });
          changed.push(m.id);
        }
      }
      this.maps.delete(id);
    });
    if (before.mbtiles) this.mbtiles.forget(before.mbtiles.key);
    this.images.remove(id);
    this.store.audit({ actor, action: 'map.delete', target: `map:${id}`, before: { name: before.name, kind: before.kind, placements: before.placements.length } });
    this.events.mapsChanged(changed);
  }

  /** Replaces everything placed on a map: what the editor saves. */
  setPlacements(id: number, input: unknown, actor: string): SiteMap {
    const map = this.get(id);
    const r = PlacementsSchema.safeParse(input);
    if (!r.success) {
      const details = describeIssues(r.error);
      throw new ApiError(400, 'invalid', `Placements are invalid: ${details.join('; ')}`, details);
    }
    const placements = this.checkPlacements(map, r.data.placements);
    const after = this.maps.save({ ...map, placements });
    this.store.audit({ actor, action: 'map.placements', target: `map:${id}`, before: { placements: map.placements.length }, after: { placements: placements.length, kinds: countKinds(placements) } });
    this.events.mapsChanged([id]);
    return after;
  }

  private checkPlacements(map: SiteMap, list: readonly PlacementInput[]): Placement[] {
    const details = placementProblems(map, list);
    const ids = new Set(this.maps.all().map((m) => m.id));
    list.forEach((p, i) => {
      const to = placementLink(p as Placement);
      if (to !== null && !ids.has(to)) details.push(`placements.${i}: linkMapId: map ${to} does not exist`);
      if (to === map.id) details.push(`placements.${i}: linkMapId: a map cannot link to itself`);
    });
    if (details.length) throw new ApiError(400, 'invalid', `Placements are invalid: ${details.slice(0, 5).join('; ')}${details.length > 5 ? ` (and ${details.length - 5} more)` : ''}`, details);
    const seen = new Set<string>();
    return list.map((p) => {
      let pid = p.id;
      if (!pid || seen.has(pid)) pid = `p-${randomBytes(6).toString('hex')}`;
      seen.add(pid);
      return { ...p, id: pid } as Placement;
    });
  }

  /**
   * The preset point nearest an object, on a map that holds both: what `ptz-to-source` turns
   * a camera to. Distance is the map's own (plan pixels; on a geo map, metres east and north).
   */
  nearestPreset(object: string): { assetId: string; presetId: string; mapId: number } | null {
    let best: { assetId: string; presetId: string; mapId: number; d: number } | null = null;
    for (const m of this.maps.all()) {
      const at = m.placements.find((p) => placementObject(p) === object);
      if (!at || !('x' in at)) continue;
      const kx = m.kind === 'geo' ? 111_320 * Math.cos((at.y * Math.PI) / 180) : 1;
      const ky = m.kind === 'geo' ? 110_540 : 1;
      for (const p of m.placements) {
        if (p.kind !== 'preset') continue;
        const d = Math.hypot((p.x - at.x) * kx, (p.y - at.y) * ky);
        if (!best || d < best.d) best = { assetId: p.assetId, presetId: p.presetId, mapId: m.id, d };
      }
    }
    return best && { assetId: best.assetId, presetId: best.presetId, mapId: best.mapId };
  }

  /** A single-use ticket for a browser's multipart upload, which carries no bearer token in the desktop app. */
  uploadTicket(mapId: number, actor: string): { ticket: string; expiresAt: number } {
    // Map 0 stands for an import, which names no map.
    if (mapId !== 0) this.get(mapId);
    const now = Date.now();
    for (const [t, v] of this.tickets) if (v.expiresAt < now) this.tickets.delete(t);
    const ticket = randomBytes(24).toString('base64url');
    const expiresAt = now + TICKET_MS;
    this.tickets.set(ticket, { mapId, actor, expiresAt });
    return { ticket, expiresAt };
  }

  /** Who a ticket was issued to, once. */
  useTicket(mapId: number, ticket: string | undefined): string | null {
    if (!ticket) return null;
    const t = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    return t && t.mapId === mapId && t.expiresAt >= Date.now() ? t.actor : null;
  }

  async upload(id: number, data: Buffer, filename: string, actor: string): Promise<SiteMap> {
    const map = this.get(id);
    if (map.kind === 'geo') return this.uploadTiles(map, data, filename, actor);
    const image = await this.images.store(id, data, filename);
    // A new plan may be smaller: placements keep their pixels; the editor shows any that fall outside.
    const after = this.maps.save({ ...this.get(id), image, defaultView: null });
    if (map.image) this.images.remove(id, map.image.key);
    this.store.audit({ actor, action: 'map.image', target: `map:${id}`, before: map.image ? { type: map.image.type, width: map.image.width, height: map.image.height } : undefined, after: { file: filename.slice(0, 200), ...(sniffImage(data) === 'pdf' ? { renderedFrom: 'pdf' } : {}), type: image.type, width: image.width, height: image.height, bytes: image.bytes, tiled: image.tiled } });
    this.events.mapsChanged([id]);
    return after;
  }

  /** A geo map's offline tiles: an MBTiles file. */
  private uploadTiles(map: SiteMap, data: Buffer, filename: string, actor: string): SiteMap {
    const mbtiles = this.mbtiles.store(map.id, data);
    const after = this.maps.save({ ...this.get(map.id), mbtiles });
    if (map.mbtiles) {
      this.mbtiles.forget(map.mbtiles.key);
      this.images.remove(map.id, map.mbtiles.key);
    }
    this.store.audit({ actor, action: 'map.tiles', target: `map:${map.id}`, before: map.mbtiles ?? undefined, after: { file: filename.slice(0, 200), bytes: data.length, ...mbtiles, key: undefined } });
    this.events.mapsChanged([map.id]);
    return after;
  }

  /** For tools and the demo: a map with its image and placements in one step, audited. */
  async createWithImage(input: unknown, data: Buffer, filename: string, placements: PlacementInput[], actor: string): Promise<SiteMap> {
    const map = this.create(input, actor);
    await this.upload(map.id, data, filename, actor);
    return placements.length ? this.setPlacements(map.id, { placements }, actor) : this.get(map.id);
  }

  close(): void {
    this.mbtiles.close();
    this.maps.close();
  }
}

const newKey = (): string => randomBytes(16).toString('hex');

function countKinds(placements: readonly Placement[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of placements) out[p.kind] = (out[p.kind] ?? 0) + 1;
  return out;
}
