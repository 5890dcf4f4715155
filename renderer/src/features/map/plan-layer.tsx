import { ImageOverlay, TileLayer } from 'react-leaflet';
import type { Bridge } from '../../../../shared/bridge.js';
import type { SiteMap } from '../../../../shared/maps/model.js';
import { planBounds } from './map-geometry.js';

/**
 * What lies under the placements: a plan's image (one raster, or the server's tile pyramid for
 * large plans), or a geo map's tiles. An SVG plan comes as the server's raster of it: the
 * console never inlines an uploaded SVG.
 */
export function PlanLayer({ bridge, map }: { bridge: Bridge; map: SiteMap }) {
  const base = `${bridge.mediaBase}/api/v1/maps/${map.id}`;
  if (map.kind === 'geo') {
    // Tiles come through the core (offline MBTiles, or its XYZ source fetched by the server): the console loads images from its own origin only.
    if (map.mbtiles) return <TileLayer url={`${base}/tiles/{z}/{x}/{y}?key=${map.mbtiles.key}`} minNativeZoom={map.mbtiles.minZoom} maxNativeZoom={map.mbtiles.maxZoom} maxZoom={map.mbtiles.maxZoom + 2} />;
    if (map.tileSource && map.tileKey) return <TileLayer url={`${base}/tiles/{z}/{x}/{y}?key=${map.tileKey}`} attribution={map.tileSource.attribution} maxZoom={map.tileSource.maxZoom} />;
    return null;
  }
  const image = map.image;
  const bounds = planBounds(map);
  if (!image || !bounds) return null;
  if (!image.tiled) return <ImageOverlay url={`${base}/image?key=${image.key}`} bounds={bounds} />;
  return <TileLayer url={`${base}/tiles/{z}/{x}/{y}?key=${image.key}`} tileSize={256} minZoom={-2} maxNativeZoom={image.maxZoom} minNativeZoom={0} maxZoom={image.maxZoom + 2} noWrap bounds={bounds} keepBuffer={1} />;
}
