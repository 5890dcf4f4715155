import { useMemo, useState } from 'react';
import { CircleMarker, Tooltip, useMap, useMapEvents } from 'react-leaflet';
import { placementObject, type Placement } from '../../../../shared/maps/model.js';
import { clusterPoints, type Cluster } from '../../../../shared/maps/cluster.js';
import { priorityBand } from '../alarms/priority.js';
import { toLatLng } from './map-geometry.js';
import { BAND_COLOUR, type MarkerInfo } from './markers.js';
import { PlacementLayer, type PlacementLayerProps } from './placement-layer.js';
import { CLUSTER_MEASURE, timed } from './measure.js';

/** Below this many objects on a map, every one is drawn. */
const CLUSTER_ABOVE = 300;
const CELL_PX = 64;

/**
 * At low zoom, many objects become clusters that show how many they hold and the worst state
 * among them; zoomed in, or while editing, every object is drawn. Clusters are recomputed on
 * zoom only: panning moves the same canvas.
 */
export function ClusteredPlacements(props: PlacementLayerProps & { maxZoom: number }) {
  const map = useMap();
  const [zoom, setZoom] = useState(() => map.getZoom());
  useMapEvents({ zoomend: () => setZoom(map.getZoom()) });
  const { placements, markers, editing, maxZoom } = props;
  const points = useMemo(() => placements.filter((p) => p.kind === 'device' || p.kind === 'asset' || p.kind === 'fov') as Array<Placement & { x: number; y: number }>, [placements]);
  const active = !editing && points.length > CLUSTER_ABOVE && zoom < maxZoom - 1;
  const { clusters, hidden } = useMemo(() => {
    if (!active) return { clusters: [] as Cluster[], hidden: new Set<string>() };
    const started = performance.now();
    const all = clusterPoints(points.map((p) => {
      const at = map.project(toLatLng(p.x, p.y), zoom);
      const info = markers.get(placementObject(p) ?? '') as MarkerInfo | undefined;
      return { id: p.id, px: at.x, py: at.y, priority: info?.priority ?? null };
    }), CELL_PX);
    const many = all.filter((c) => c.ids.length > 1);
    const out = { clusters: many, hidden: new Set(many.flatMap((c) => c.ids)) };
    timed(CLUSTER_MEASURE, started);
    return out;
  }, [active, points, markers, map, zoom]);
  const shown = useMemo(() => (hidden.size ? placements.filter((p) => !hidden.has(p.id)) : placements), [placements, hidden]);
  return (
    <>
      <PlacementLayer {...props} placements={shown} />
      {clusters.map((c) => {
        const at = map.unproject([c.px, c.py], zoom);
        const colour = c.worst === null ? '#3fb950' : BAND_COLOUR[priorityBand(c.worst)];
        return (
          <CircleMarker key={c.ids[0]} center={at} radius={Math.min(26, 10 + Math.log2(c.ids.length) * 2)} pathOptions={{ color: '#0f1419', weight: 2, fillColor: colour, fillOpacity: 0.85 }}
            eventHandlers={{ click: () => map.setView(at, Math.min(zoom + 2, maxZoom)) }}>
            <Tooltip permanent direction="center" className="map-cluster" interactive={false}><span data-testid="map-cluster">{c.ids.length.toLocaleString()}</span></Tooltip>
          </CircleMarker>
        );
      })}
    </>
  );
}
