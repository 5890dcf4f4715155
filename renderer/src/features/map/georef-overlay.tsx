import { useEffect } from 'react';
import L from 'leaflet';
import { useMap } from 'react-leaflet';
import type { Bridge } from '../../../../shared/bridge.js';
import type { SiteMap } from '../../../../shared/maps/model.js';

/**
 * An image placed by three corners (top-left, top-right, bottom-left), so a plan drawn at any
 * angle lies in place on the outdoor map. Leaflet's own overlay is axis-aligned: this one sets
 * a CSS matrix from the corners' screen points after every move and zoom.
 */
class CornerOverlay extends L.ImageOverlay {
  constructor(url: string, private readonly corners: [L.LatLng, L.LatLng, L.LatLng]) {
    super(url, L.latLngBounds(corners), { interactive: false, opacity: 0.85 });
  }

  override getEvents(): Record<string, L.LeafletEventHandlerFn> {
    // No zoom animation: the matrix is set again once the zoom lands.
    return { zoom: () => this.place(), viewreset: () => this.place(), moveend: () => this.place() };
  }

  override onAdd(map: L.Map): this {
    super.onAdd(map);
    const img = this.getElement()!;
    img.classList.remove('leaflet-zoom-animated');
    img.style.transformOrigin = '0 0';
    img.addEventListener('load', () => this.place());
    this.place();
    return this;
  }

  private place(): void {
    const img = this.getElement();
    const map = (this as unknown as { _map?: L.Map })._map;
    if (!img || !map || !img.naturalWidth) return;
    const [tl, tr, bl] = this.corners.map((c) => map.latLngToLayerPoint(c)) as [L.Point, L.Point, L.Point];
    const w = img.naturalWidth;
    const h = img.naturalHeight;
    img.style.width = `${w}px`;
    img.style.height = `${h}px`;
    img.style.transform = `matrix(${(tr.x - tl.x) / w}, ${(tr.y - tl.y) / w}, ${(bl.x - tl.x) / h}, ${(bl.y - tl.y) / h}, ${tl.x}, ${tl.y})`;
  }
}

/** Plans georeferenced onto this outdoor map, drawn in place under its placements. */
export function GeorefOverlays({ bridge, map, maps }: { bridge: Bridge; map: SiteMap; maps: readonly SiteMap[] }) {
  const leaflet = useMap();
  const plans = maps.filter((m) => m.kind === 'plan' && m.image && m.georef?.mapId === map.id);
  const key = plans.map((p) => `${p.id}:${p.image!.key}:${JSON.stringify(p.georef)}`).join('|');
  useEffect(() => {
    const layers = plans.map((p) => {
      const g = p.georef!;
      const corners = [g.topLeft, g.topRight, g.bottomLeft].map(([lng, lat]) => L.latLng(lat, lng)) as [L.LatLng, L.LatLng, L.LatLng];
      return new CornerOverlay(`${bridge.mediaBase}/api/v1/maps/${p.id}/image?key=${p.image!.key}`, corners).addTo(leaflet);
    });
    for (const [i, l] of layers.entries()) l.getElement()?.setAttribute('data-testid', `map-georef-${plans[i]!.id}`);
    return () => { for (const l of layers) l.remove(); };
  }, [leaflet, key]);
  return null;
}
