import type { Placement, SiteMap } from '../../../../shared/maps/model.js';

export type LabelSide = 'top' | 'right' | 'bottom' | 'left';
type Pt = readonly [number, number];

/**
 * Which side of its point a link's or preset's label goes: away from the area or georeferenced
 * plan it sits in or beside, so the label does not cover the building it points into. Sides are
 * the screen's: on a plan y runs down, on a geo map latitude runs up.
 */
export function labelSide(x: number, y: number, obstacles: ReadonlyArray<readonly Pt[]>, geo: boolean): LabelSide {
  // A degree of longitude is shorter than one of latitude away from the equator.
  const kx = geo ? Math.cos((y * Math.PI) / 180) : 1;
  let best: { d: number; side: LabelSide } | null = null;
  for (const poly of obstacles) {
    if (poly.length < 3) continue;
    const xs = poly.map((p) => p[0]);
    const ys = poly.map((p) => p[1]);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const size = Math.max((x1 - x0) * kx, y1 - y0);
    const low: LabelSide = geo ? 'bottom' : 'top';
    const high: LabelSide = geo ? 'top' : 'bottom';
    const inside = x >= x0 && x <= x1 && y >= y0 && y <= y1;
    let d: number;
    let side: LabelSide;
    if (inside) {
      // Out through the nearest edge.
      const edges: Array<[number, LabelSide]> = [[(x - x0) * kx, 'left'], [(x1 - x) * kx, 'right'], [y - y0, low], [y1 - y, high]];
      edges.sort((a, b) => a[0] - b[0]);
      [d, side] = [0, edges[0]![1]];
    } else {
      // Beside it: on the side the point already is.
      const dx = (x < x0 ? x0 - x : x > x1 ? x - x1 : 0) * kx;
      const dy = y < y0 ? y0 - y : y > y1 ? y - y1 : 0;
      d = Math.hypot(dx, dy);
      if (d > size / 2) continue;
      side = dx >= dy ? (x < x0 ? 'left' : 'right') : y < y0 ? low : high;
    }
    if (!best || d < best.d) best = { d, side };
  }
  return best?.side ?? 'top';
}

/** What a label should keep clear of on a map: its areas, and plans georeferenced onto it. */
export function labelObstacles(map: SiteMap, placements: readonly Placement[], maps: readonly SiteMap[]): Pt[][] {
  const out: Pt[][] = placements.flatMap((p) => (p.kind === 'area' ? [p.polygon] : []));
  for (const m of maps) {
    const g = m.georef;
    if (!g || g.mapId !== map.id || !m.image) continue;
    const br: Pt = [g.topRight[0] + g.bottomLeft[0] - g.topLeft[0], g.topRight[1] + g.bottomLeft[1] - g.topLeft[1]];
    out.push([g.topLeft, g.topRight, br, g.bottomLeft]);
  }
  return out;
}

/** The panel's count of what the map shows: its markers, areas and links. */
export function shownCount(placements: readonly Placement[]): string {
  let markers = 0;
  let areas = 0;
  let links = 0;
  for (const p of placements) {
    if (p.kind === 'device' || p.kind === 'asset' || p.kind === 'fov') markers++;
    else if (p.kind === 'area') areas++;
    else if (p.kind === 'link') links++;
  }
  const n = (count: number, one: string): string => `${count.toLocaleString()} ${one}${count === 1 ? '' : 's'}`;
  const parts = [markers || (!areas && !links) ? n(markers, 'marker') : '', areas ? n(areas, 'area') : '', links ? n(links, 'link') : ''];
  return parts.filter(Boolean).join(', ');
}
