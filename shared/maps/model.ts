import { z } from 'zod';
import { GeorefSchema } from './georef.js';

/**
 * Site maps as data. A `plan` is an image in its own pixel coordinates (x right, y down, from
 * the top-left corner); a `geo` map is longitude (x) and latitude (y) over a tile layer.
 */
export const MapKindSchema = z.enum(['plan', 'geo']);
export type MapKind = z.infer<typeof MapKindSchema>;

const coord = z.number().finite();
const point = z.tuple([coord, coord]);

/** Where the map opens: a centre in the map's coordinates and a zoom. */
export const MapViewSchema = z.object({ x: coord, y: coord, zoom: z.number().min(-8).max(24) });

/** An XYZ template for sites with internet; MBTiles files come by upload. */
export const TileSourceSchema = z.object({
  url: z.string().max(1000).regex(/^https?:\/\/.*\{z\}.*\{x\}.*\{y\}/, 'must be an http(s) URL template with {z}, {x} and {y}'),
  attribution: z.string().max(300).default(''),
  maxZoom: z.number().int().min(0).max(24).default(19),
});

export const MapInputSchema = z.object({
  name: z.string().trim().min(1, 'a name is required').max(120),
  kind: MapKindSchema.default('plan'),
  parentId: z.number().int().positive().nullable().default(null),
  /** The place among its siblings: the floors of a building, bottom up. */
  order: z.number().int().min(-1000).max(1000).default(0),
  defaultView: MapViewSchema.nullable().default(null),
  tileSource: TileSourceSchema.nullable().default(null),
  /** A plan's corners on an outdoor map, so the building's floor also shows in place there. */
  georef: GeorefSchema.nullable().default(null),
}).strict();
export type MapInput = z.input<typeof MapInputSchema>;
export type MapFields = z.output<typeof MapInputSchema>;

const base = { id: z.string().min(1).max(64).optional() };
const at = { x: coord, y: coord };

/** One object on one map. The same object may be placed on several maps. */
export const PlacementSchema = z.discriminatedUnion('kind', [
  z.object({ ...base, kind: z.literal('device'), deviceId: z.number().int().positive(), ...at }).strict(),
  z.object({ ...base, kind: z.literal('asset'), assetId: z.string().min(1).max(160), ...at }).strict(),
  z.object({
    ...base, kind: z.literal('fov'), assetId: z.string().min(1).max(160), ...at,
    /** Degrees clockwise from up (north on a geo map). */
    direction: z.number().min(0).max(360),
    /** The opening, in degrees. */
    angle: z.number().min(1).max(360),
    /** In map units (plan pixels, or metres on a geo map). */
    range: z.number().positive().max(1_000_000),
  }).strict(),
  z.object({
    ...base, kind: z.literal('area'), name: z.string().max(120).default(''),
    polygon: z.array(point).min(3, 'an area needs at least 3 corners').max(500),
    /** A linked area opens this map and shows its alarms. */
    linkMapId: z.number().int().positive().nullable().default(null),
  }).strict(),
  z.object({ ...base, kind: z.literal('link'), linkMapId: z.number().int().positive(), label: z.string().max(120).default(''), ...at }).strict(),
  z.object({ ...base, kind: z.literal('label'), text: z.string().trim().min(1).max(200), ...at }).strict(),
  /** A PTZ camera's preset as a point: clicking it turns the camera there. */
  z.object({ ...base, kind: z.literal('preset'), assetId: z.string().min(1).max(160), presetId: z.string().min(1).max(64), label: z.string().max(120).default(''), ...at }).strict(),
]);
export type PlacementInput = z.input<typeof PlacementSchema>;
export type Placement = z.output<typeof PlacementSchema> & { id: string };
export type PlacementKind = Placement['kind'];

export const PlacementsSchema = z.object({
  placements: z.array(PlacementSchema).max(20_000, 'at most 20,000 placements on one map'),
}).strict();

/** The image under a plan, as uploaded and as shown. */
export interface PlanImage {
  /** Sniffed from the bytes. */
  type: 'png' | 'jpeg' | 'webp' | 'svg';
  width: number;
  height: number;
  bytes: number;
  /** An unguessable name for this upload: part of every image and tile URL, so they cache forever. */
  key: string;
  /** Large plans are shown as a tile pyramid; small ones as one image. */
  tiled: boolean;
  /** Pyramid: Leaflet zoom z is pyramid level z + levelOffset; the plan is 1:1 at maxZoom. */
  maxZoom: number;
  levelOffset: number;
}

export interface MbtilesInfo {
  key: string;
  minZoom: number;
  maxZoom: number;
  format: 'png' | 'jpg' | 'webp';
  bounds: [number, number, number, number] | null;
}

export interface SiteMap extends MapFields {
  id: number;
  image: PlanImage | null;
  mbtiles: MbtilesInfo | null;
  /** Names a geo map's tile URLs (`?key=`); new whenever its tile source changes. */
  tileKey: string | null;
  placements: Placement[];
  updatedAt: number;
}

/** A site's maps as one file (`GET /maps/export`): images and MBTiles as uploaded, base64. */
export interface MapsExport {
  format: 'watchdesk-maps';
  version: 1;
  exportedAt: number;
  maps: Array<MapFields & { id: number; placements: Placement[]; image: { filename: string; data: string } | null; mbtiles: string | null }>;
}

/** The object a device, asset or camera placement stands for: `device:1`, `asset:door-01`. */
export function placementObject(p: Placement): string | null {
  if (p.kind === 'device') return `device:${p.deviceId}`;
  if (p.kind === 'asset' || p.kind === 'fov') return `asset:${p.assetId}`;
  return null;
}

/** The map a link or linked area opens. */
export function placementLink(p: Placement): number | null {
  if (p.kind === 'link') return p.linkMapId;
  if (p.kind === 'area') return p.linkMapId;
  return null;
}

/** Checks placements against their map: inside a plan's image, on the globe for a geo map. */
export function placementProblems(map: Pick<SiteMap, 'kind' | 'image'>, placements: readonly PlacementInput[]): string[] {
  const problems: string[] = [];
  const inside = (x: number, y: number): boolean => map.kind === 'geo'
    ? x >= -180 && x <= 180 && y >= -90 && y <= 90
    : !map.image || (x >= 0 && y >= 0 && x <= map.image.width && y <= map.image.height);
  const where = map.kind === 'geo' ? 'longitude -180..180 and latitude -90..90' : `the plan (0..${map.image?.width ?? 0} × 0..${map.image?.height ?? 0})`;
  placements.forEach((p, i) => {
    const points: Array<[number, number]> = p.kind === 'area' ? p.polygon : [[p.x, p.y]];
    if (points.some(([x, y]) => !inside(x, y))) problems.push(`placements.${i}: outside ${where}`);
  });
  return problems;
}
