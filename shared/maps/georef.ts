import { z } from 'zod';

const lngLat = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);

/**
 * Where a plan lies on an outdoor map: the longitude and latitude of its top-left, top-right
 * and bottom-left corners. Three corners fix any placement of a flat drawing: position, size,
 * rotation, even a mirrored plan.
 */
export const GeorefSchema = z.object({
  /** The geo map the plan is shown on. */
  mapId: z.number().int().positive(),
  topLeft: lngLat,
  topRight: lngLat,
  bottomLeft: lngLat,
}).strict();
export type Georef = z.infer<typeof GeorefSchema>;

type Size = { width: number; height: number };

/** A plan pixel → [longitude, latitude]: an affine map through the three corners. */
export function planToGeo(g: Georef, size: Size, x: number, y: number): [number, number] {
  const u = x / size.width;
  const v = y / size.height;
  return [
    g.topLeft[0] + u * (g.topRight[0] - g.topLeft[0]) + v * (g.bottomLeft[0] - g.topLeft[0]),
    g.topLeft[1] + u * (g.topRight[1] - g.topLeft[1]) + v * (g.bottomLeft[1] - g.topLeft[1]),
  ];
}

/** [longitude, latitude] → the plan pixel there; null when the corners are in a line. */
export function geoToPlan(g: Georef, size: Size, lng: number, lat: number): [number, number] | null {
  const ax = g.topRight[0] - g.topLeft[0];
  const ay = g.topRight[1] - g.topLeft[1];
  const bx = g.bottomLeft[0] - g.topLeft[0];
  const by = g.bottomLeft[1] - g.topLeft[1];
  const det = ax * by - ay * bx;
  if (Math.abs(det) < 1e-18) return null;
  const dx = lng - g.topLeft[0];
  const dy = lat - g.topLeft[1];
  const u = (dx * by - dy * bx) / det;
  const v = (ax * dy - ay * dx) / det;
  return [u * size.width, v * size.height];
}

/** Problems with a georeference, for the map's validation. */
export function georefProblems(g: Georef): string[] {
  const size = { width: 1, height: 1 };
  return geoToPlan(g, size, g.topLeft[0], g.topLeft[1]) === null ? ['georef: the three corners must not lie in a line'] : [];
}
