import L from 'leaflet';
import type { SiteMap } from '../../../../shared/maps/model.js';

/**
 * A plan's CRS: x right, y down, in the plan's pixels, and 1:1 at the pyramid's top zoom, so
 * Leaflet's tiles are exactly the server's tiles. A geo map is Web Mercator as usual.
 */
export function crsOf(map: SiteMap): L.CRS {
  if (map.kind === 'geo') return L.CRS.EPSG3857;
  const s = 1 / 2 ** (map.image?.maxZoom ?? 0);
  return L.extend({}, L.CRS.Simple, { transformation: new L.Transformation(s, 0, s, 0) }) as L.CRS;
}

/** Map coordinates (plan pixels, or longitude/latitude) → Leaflet's [lat, lng]. */
export const toLatLng = (x: number, y: number): L.LatLngTuple => [y, x];

/** What the map shows when it opens without a default view: the plan, or the MBTiles' bounds. */
export function planBounds(map: SiteMap): L.LatLngBoundsExpression | null {
  const b = map.kind === 'geo' ? map.mbtiles?.bounds : null;
  if (b) return [[b[1], b[0]], [b[3], b[2]]];
  return map.kind === 'plan' && map.image ? [[0, 0], [map.image.height, map.image.width]] : null;
}

/** A camera's field of view as a wedge: `range` in map units (metres on a geo map). */
export function fovPolygon(map: SiteMap, p: { x: number; y: number; direction: number; angle: number; range: number }): L.LatLngTuple[] {
  const steps = Math.max(4, Math.round(p.angle / 10));
  const out: L.LatLngTuple[] = [toLatLng(p.x, p.y)];
  // On a geo map a metre is a different number of degrees east and north.
  const kx = map.kind === 'geo' ? 1 / (111_320 * Math.cos((p.y * Math.PI) / 180)) : 1;
  const ky = map.kind === 'geo' ? 1 / 110_540 : 1;
  // Up is north on a geo map (latitude grows) and the top of a plan (y shrinks).
  const up = map.kind === 'geo' ? 1 : -1;
  for (let i = 0; i <= steps; i++) {
    const deg = p.direction - p.angle / 2 + (p.angle * i) / steps;
    const rad = (deg * Math.PI) / 180;
    out.push(toLatLng(p.x + Math.sin(rad) * p.range * kx, p.y + up * Math.cos(rad) * p.range * ky));
  }
  return out;
}

export function centroid(polygon: ReadonlyArray<readonly [number, number]>): [number, number] {
  let x = 0;
  let y = 0;
  for (const [px, py] of polygon) { x += px; y += py; }
  return [x / polygon.length, y / polygon.length];
}

/** The maps from the top down to this one: the breadcrumb. */
export function pathTo(maps: readonly SiteMap[], id: number): SiteMap[] {
  const byId = new Map(maps.map((m) => [m.id, m]));
  const out: SiteMap[] = [];
  for (let at = byId.get(id); at && out.length < 50; at = at.parentId === null ? undefined : byId.get(at.parentId)) out.unshift(at);
  return out;
}

/** The floors of this map's building: maps with the same parent, in order. */
export function siblingsOf(maps: readonly SiteMap[], map: SiteMap): SiteMap[] {
  return maps.filter((m) => m.parentId === map.parentId).sort((a, b) => a.order - b.order || a.id - b.id);
}

/** The map a console opens first: the top map with the lowest order. */
export function homeMap(maps: readonly SiteMap[]): SiteMap | undefined {
  return [...maps].filter((m) => m.parentId === null || !maps.some((p) => p.id === m.parentId)).sort((a, b) => a.order - b.order || a.id - b.id)[0];
}

type Fov = { x: number; y: number; direction: number; angle: number; range: number };

/** Map units per metre east and north (1 on a plan), and which way "up" runs. */
function axes(map: SiteMap, y: number): { kx: number; ky: number; up: number } {
  return map.kind === 'geo' ? { kx: 1 / (111_320 * Math.cos((y * Math.PI) / 180)), ky: 1 / 110_540, up: 1 } : { kx: 1, ky: 1, up: -1 };
}

/** Where a field of view's handles sit: its tip (direction and range) and one edge (its angle). */
export function fovHandles(map: SiteMap, p: Fov): { tip: [number, number]; edge: [number, number] } {
  const { kx, ky, up } = axes(map, p.y);
  const at = (deg: number): [number, number] => [p.x + Math.sin((deg * Math.PI) / 180) * p.range * kx, p.y + up * Math.cos((deg * Math.PI) / 180) * p.range * ky];
  return { tip: at(p.direction), edge: at(p.direction + p.angle / 2) };
}

/** The bearing (degrees clockwise from up) and distance from a camera to a point. */
function bearing(map: SiteMap, p: Fov, x: number, y: number): { deg: number; dist: number } {
  const { kx, ky, up } = axes(map, p.y);
  const east = (x - p.x) / kx;
  const north = (up * (y - p.y)) / ky;
  return { deg: ((Math.atan2(east, north) * 180) / Math.PI + 360) % 360, dist: Math.hypot(east, north) };
}

/** Dragging the tip turns the view and sets its range. */
export function fovTipTo(map: SiteMap, p: Fov, x: number, y: number): Pick<Fov, 'direction' | 'range'> {
  const b = bearing(map, p, x, y);
  return { direction: Math.round(b.deg * 10) / 10, range: Math.max(1, Math.round(b.dist * 10) / 10) };
}

/** Dragging the edge widens or narrows the view, symmetrically about its direction. */
export function fovEdgeTo(map: SiteMap, p: Fov, x: number, y: number): Pick<Fov, 'angle'> {
  const b = bearing(map, p, x, y);
  const half = Math.abs(((b.deg - p.direction + 540) % 360) - 180);
  return { angle: Math.min(360, Math.max(1, Math.round(half * 2))) };
}
