import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import './map.css';
import { MapContainer, Marker, useMap, useMapEvents } from 'react-leaflet';
import type { Bridge } from '../../../../shared/bridge.js';
import { placementObject, type Placement, type PlacementInput, type SiteMap } from '../../../../shared/maps/model.js';
import { useConsole, type MarkerKey } from '../../store/console-store.js';
import { DRAG_TYPE, DragPalette, EditorBar, placementFor } from './map-editor.js';
import { GeorefOverlays } from './georef-overlay.js';
import { crsOf, fovEdgeTo, fovTipTo, homeMap, planBounds, toLatLng } from './map-geometry.js';
import { MapNav } from './map-nav.js';
import { buildMarkers } from './markers.js';
import { MarkerPopup } from './marker-popup.js';
import { ClusteredPlacements } from './cluster-layer.js';
import { PlanLayer } from './plan-layer.js';
import { NewMapForm } from './plan-upload.js';
import { MapSettings } from './map-settings.js';
import { MapTransfer } from './map-transfer.js';
import { useMaps, useRollup } from './use-maps.js';
import { labelObstacles, shownCount } from './label-place.js';
import { t } from '../../i18n/strings.js';

const FLASH_MS = 4000;
const FOCUS_BEFORE_MOUNT_MS = 5000;
/** A ring in the DOM, over the canvas: it pulses while the source is being pointed at. */
const FLASH_ICON = L.divIcon({ className: 'map-flash', iconSize: [36, 36] });

/** Drags a placement in edit mode: canvas markers have no drag of their own. */
function DragLayer({ dragging, onMove, onDrop }: { dragging: string | null; onMove: (x: number, y: number) => void; onDrop: () => void }) {
  const map = useMapEvents({
    mousemove: (e) => { if (dragging) onMove(e.latlng.lng, e.latlng.lat); },
    mouseup: () => { if (dragging) { map.dragging.enable(); onDrop(); } },
  });
  return null;
}

/**
 * Takes an object dragged from the palette (HTML5 drag and drop, which Leaflet does not know):
 * the drop point becomes map coordinates.
 */
function DropTarget({ onDrop }: { onDrop: (key: string, x: number, y: number) => void }) {
  const map = useMap();
  const drop = useRef(onDrop);
  drop.current = onDrop;
  useEffect(() => {
    const el = map.getContainer();
    const ours = (e: DragEvent): boolean => Boolean(e.dataTransfer?.types.includes(DRAG_TYPE));
    const over = (e: DragEvent): void => {
      if (!ours(e)) return;
      e.preventDefault();
      e.dataTransfer!.dropEffect = 'copy';
      el.parentElement?.classList.add('drop-over');
    };
    const leave = (): void => el.parentElement?.classList.remove('drop-over');
    const dropped = (e: DragEvent): void => {
      leave();
      if (!ours(e)) return;
      e.preventDefault();
      const at = map.mouseEventToLatLng(e);
      drop.current(e.dataTransfer!.getData(DRAG_TYPE), at.lng, at.lat);
    };
    el.addEventListener('dragover', over);
    el.addEventListener('dragleave', leave);
    el.addEventListener('drop', dropped);
    return () => { el.removeEventListener('dragover', over); el.removeEventListener('dragleave', leave); el.removeEventListener('drop', dropped); };
  }, [map]);
  return null;
}

/** Hands the Leaflet map up, for "place at the centre of the view". */
function MapHandle({ onMap }: { onMap: (map: L.Map) => void }) {
  const map = useMap();
  useEffect(() => onMap(map), [map, onMap]);
  return null;
}

/** Centres on the object an event or alarm asked for, opens its popup and flashes it. */
function FocusOn({ target, markers, done }: { target: { key: MarkerKey; x: number; y: number; at: number } | null; markers: Map<MarkerKey, L.CircleMarker>; done: { current: number } }) {
  const map = useMap();
  useEffect(() => {
    if (!target || done.current === target.at) return;
    done.current = target.at;
    // Centre a little below the marker: its popup opens upwards.
    const zoom = map.getZoom();
    map.setView(map.unproject(map.project(toLatLng(target.x, target.y), zoom).subtract([0, 110]), zoom), zoom, { animate: false });
    // One popup at a time: the one asked for now, not beside the last one asked for.
    map.closePopup();
    markers.get(target.key)?.openPopup();
  });
  return null;
}

function fitView(map: SiteMap): { bounds?: L.LatLngBoundsExpression; center?: L.LatLngTuple; zoom?: number } {
  if (map.defaultView) return { center: toLatLng(map.defaultView.x, map.defaultView.y), zoom: map.defaultView.zoom };
  const bounds = planBounds(map);
  if (bounds) return { bounds };
  return { center: [0, 0], zoom: map.kind === 'geo' ? 2 : 0 };
}

export function FloorMap({ bridge }: { bridge: Bridge }) {
  const devices = useConsole((s) => s.devices);
  const assets = useConsole((s) => s.assets);
  const alarms = useConsole((s) => s.alarms);
  const session = useConsole((s) => s.session);
  const focus = useConsole((s) => s.focus);
  const { maps, reload } = useMaps(bridge);
  const [currentId, setCurrentId] = useState<number | null>(null);
  const [draft, setDraft] = useState<Placement[] | null>(null);
  const [history, setHistory] = useState<Placement[][]>([]);
  const [dragging, setDragging] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [settings, setSettings] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [blinkOn, setBlinkOn] = useState(true);
  const [flash, setFlash] = useState<{ key: MarkerKey; until: number } | null>(null);
  const leaflet = useRef<L.Map | null>(null);
  const focused = useRef(0);
  const [mountedAt] = useState(() => Date.now());
  const leafletMarkers = useRef(new Map<MarkerKey, L.CircleMarker>()).current;
  const register = useMemo(() => (key: MarkerKey, m: L.CircleMarker | null) => { if (m) leafletMarkers.set(key, m); else leafletMarkers.delete(key); }, [leafletMarkers]);
  const onMap = useCallback((m: L.Map) => { leaflet.current = m; }, []);

  useEffect(() => { const t = setInterval(() => setBlinkOn((b) => !b), 600); return () => clearInterval(t); }, []);
  useEffect(() => {
    if (!flash) return;
    const t = setTimeout(() => setFlash(null), Math.max(0, flash.until - Date.now()));
    return () => clearTimeout(t);
  }, [flash]);

  const all = maps ?? [];
  const map = all.find((m) => m.id === currentId) ?? homeMap(all);
  const editing = draft !== null;
  const placements = draft ?? map?.placements ?? [];
  const markerList = useMemo(() => buildMarkers(devices, assets, alarms), [devices, assets, alarms]);
  const markers = useMemo(() => new Map(markerList.map((m) => [m.key, m])), [markerList]);
  const mapNames = useMemo(() => new Map(all.map((m) => [m.id, m.name])), [all]);
  const { index, rollup, standing } = useRollup(all);
  const elsewhere = useMemo(() => (map ? index.elsewhere(map.id, standing) : { count: 0, worst: null }), [index, map, standing]);
  const canEdit = session?.role === 'supervisor' || session?.role === 'admin';

  // An alarm or event asks for its source: open the map that holds it (this one if it does).
  const holders = focus ? index.mapsOf(focus.key) : [];
  const focusMapId = focus && holders.length ? (map && holders.includes(map.id) ? map.id : holders[0]!) : null;
  // A focus asked for just before this panel opened (a notification's click shows the monitoring
  // view) is carried out once the maps have loaded; one from an earlier visit is done with.
  const live = focus !== null && focus.at > mountedAt - FOCUS_BEFORE_MOUNT_MS;
  const loaded = maps !== null;
  useEffect(() => {
    if (!focus || !live || !loaded) return;
    if (focusMapId !== null && focusMapId !== map?.id && !editing) setCurrentId(focusMapId);
    setFlash({ key: focus.key, until: Date.now() + FLASH_MS });
  }, [focus?.at, loaded]);
  const focusSpot = live && map && focusMapId === map.id ? map.placements.find((p) => placementObject(p) === focus.key) : undefined;
  const target = focus && focusSpot && 'x' in focusSpot ? { key: focus.key, x: focusSpot.x, y: focusSpot.y, at: focus.at } : null;
  const flashSpot = flash ? placements.find((p) => placementObject(p) === flash.key) : undefined;

  const open = (id: number): void => { if (!editing) setCurrentId(id); };
  const change = (next: Placement[]): void => { setHistory((h) => [...h.slice(-49), placements as Placement[]]); setDraft(next); };
  const add = (make: (x: number, y: number) => PlacementInput): void => {
    const c = leaflet.current?.getCenter();
    const p = make(c?.lng ?? 0, c?.lat ?? 0) as Placement;
    change([...placements, { ...p, id: `new-${Date.now()}-${placements.length}` }]);
  };
  // A drop lands where it was let go; on a plan, kept on the plan.
  const dropAt = (key: string, x: number, y: number): void => {
    if (!map) return;
    const info = markers.get(key as MarkerKey);
    if (!info || placements.some((p) => placementObject(p) === key)) return;
    const w = map.image?.width ?? Infinity;
    const h = map.image?.height ?? Infinity;
    const r = (v: number): number => (map.kind === 'geo' ? Math.round(v * 1e7) / 1e7 : Math.round(v * 10) / 10);
    const [px, py] = map.kind === 'plan' ? [Math.min(Math.max(x, 0), w), Math.min(Math.max(y, 0), h)] : [x, y];
    change([...placements, { ...placementFor(map, key, info, r(px), r(py)), id: `new-${Date.now()}-${placements.length}` } as Placement]);
  };
  const addArea = (linkMapId: number | null, name: string): void => {
    const b = leaflet.current?.getBounds();
    if (!b) return;
    const c = b.getCenter();
    const w = (b.getEast() - b.getWest()) / 6;
    const h = (b.getNorth() - b.getSouth()) / 6;
    const polygon: Array<[number, number]> = [[c.lng - w, c.lat - h], [c.lng + w, c.lat - h], [c.lng + w, c.lat + h], [c.lng - w, c.lat + h]];
    change([...placements, { kind: 'area', id: `new-${Date.now()}`, name, polygon, linkMapId } as Placement]);
  };
  // A drag moves a point, or a handle: a field of view's tip or edge, an area's corner.
  const move = (x: number, y: number): void => {
    if (!dragging || !draft || !map) return;
    const [id, part] = dragging.split('#') as [string, string | undefined];
    const r = (v: number): number => (map.kind === 'geo' ? Math.round(v * 1e7) / 1e7 : Math.round(v * 10) / 10);
    setDraft(draft.map((p) => {
      if (p.id !== id) return p;
      if (part === 'tip' && p.kind === 'fov') return { ...p, ...fovTipTo(map, p, x, y) };
      if (part === 'edge' && p.kind === 'fov') return { ...p, ...fovEdgeTo(map, p, x, y) };
      if (part?.startsWith('v') && p.kind === 'area') return { ...p, polygon: p.polygon.map((c, i) => (i === Number(part.slice(1)) ? [r(x), r(y)] as [number, number] : c)) };
      return 'x' in p && !part ? { ...p, x: r(x), y: r(y) } : p;
    }));
  };
  const save = async (): Promise<void> => {
    if (!map || !draft) return;
    setSaving(true);
    setError(null);
    try {
      await bridge.call('maps.placements', { params: { id: map.id }, body: { placements: draft } });
      setDraft(null);
      setHistory([]);
      reload();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setSaving(false);
    }
  };
  const runPreset = async (assetId: string, presetId: string): Promise<void> => {
    setError(null);
    try {
      await bridge.call('assets.command', { params: { id: assetId }, body: { command: 'ptz-preset', params: { presetId } } });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  const onPlan = new Set(placements.map(placementObject));
  const unplaced = editing ? markerList.filter((m) => !onPlan.has(m.key)).sort((a, b) => a.name.localeCompare(b.name)) : [];
  const shown = useMemo(() => shownCount(placements), [placements]);
  const obstacles = useMemo(() => (map ? labelObstacles(map, placements, all) : []), [map, placements, all]);

  return (
    <section className="panel" aria-label={t('map.floorPlan2')}>
      <h2>{t('map.maps')} <span className="muted" data-testid="marker-count">({shown})</span></h2>
      {map && <MapNav maps={all} map={map} rollup={rollup} elsewhere={elsewhere} onOpen={open} />}
      <div className="chart-controls">
        {canEdit && !editing && map && <button data-testid="map-edit" onClick={() => { setDraft([...map.placements]); setHistory([]); }}>{t('map.editMap')}</button>}
        {canEdit && !editing && map && <button data-testid="map-settings-open" aria-pressed={settings} onClick={() => setSettings(!settings)}>{t('map.mapSettings')}</button>}
        {canEdit && !editing && <button data-testid="map-new" onClick={() => setCreating(true)}>{t('map.newMap')}</button>}
        {canEdit && !editing && maps && <MapTransfer bridge={bridge} empty={all.length === 0} onDone={reload} />}
      </div>
      {creating && <NewMapForm bridge={bridge} maps={all} parentId={map?.id ?? null} onDone={(m) => { if (m) { setCurrentId(m.id); reload(); } setCreating(false); }} />}
      {settings && canEdit && !editing && map && <MapSettings key={map.id} bridge={bridge} map={map} maps={all} onDone={(changed) => { if (changed) reload(); else setSettings(false); }} />}
      {editing && map && <EditorBar map={map} maps={all} unplaced={unplaced} assets={assets} canUndo={history.length > 0} saving={saving} onAdd={add} onArea={addArea} onUndo={() => { setDraft(history.at(-1) ?? draft); setHistory((h) => h.slice(0, -1)); }} onSave={() => void save()} onCancel={() => { setDraft(null); setHistory([]); setError(null); }} />}
      {error && <div className="error" role="alert" data-testid="map-error">{error}</div>}
      {focus && !holders.length && <NotPlaced bridge={bridge} markerKey={focus.key} />}
      <div className="floor-map" data-testid="floor-map" data-map-id={map?.id}>
        {!map && maps && <p className="muted" data-testid="map-empty">{t('map.noMapsYet')}{canEdit ? t('map.createOneWithNew') : t('map.aSupervisorCreatesThem')}</p>}
        {map && (
          <MapContainer key={`${map.id}-${map.image?.key ?? map.mbtiles?.key ?? map.tileKey ?? map.kind}`} crs={crsOf(map)} {...fitView(map)} minZoom={map.kind === 'geo' ? 1 : -2} maxZoom={map.kind === 'geo' ? (map.mbtiles ? map.mbtiles.maxZoom + 2 : (map.tileSource?.maxZoom ?? 19)) : (map.image?.maxZoom ?? 2) + 2} zoomSnap={0.25} preferCanvas attributionControl={map.kind === 'geo'} style={{ height: 420, background: '#0f1419' }}>
            <MapHandle onMap={onMap} />
            <PlanLayer bridge={bridge} map={map} />
            {map.kind === 'geo' && <GeorefOverlays bridge={bridge} map={map} maps={all} />}
            <DragLayer dragging={dragging} onMove={move} onDrop={() => setDragging(null)} />
            {editing && <DropTarget onDrop={dropAt} />}
            <ClusteredPlacements maxZoom={map.kind === 'geo' ? (map.mbtiles ? map.mbtiles.maxZoom + 2 : (map.tileSource?.maxZoom ?? 19)) : (map.image?.maxZoom ?? 2) + 2} bridge={bridge} map={map} placements={placements} markers={markers} assets={assets} mapNames={mapNames} rollup={rollup} blinkOn={blinkOn} editing={editing}
              onGrab={(id) => { setHistory((h) => [...h.slice(-49), placements as Placement[]]); setDragging(id); }} onOpen={open} onPreset={(assetId, presetId) => void runPreset(assetId, presetId)} register={register} obstacles={obstacles} />
            {flashSpot && 'x' in flashSpot && <Marker key={`flash-${flash!.until}`} position={toLatLng(flashSpot.x, flashSpot.y)} icon={FLASH_ICON} interactive={false} keyboard={false} />}
            <FocusOn target={target} markers={leafletMarkers} done={focused} />
          </MapContainer>
        )}
      </div>
      {editing && <DragPalette unplaced={unplaced} />}
    </section>
  );
}

/** A source that is on no map yet still shows what it is. */
function NotPlaced({ bridge, markerKey }: { bridge: Bridge; markerKey: MarkerKey }) {
  return (
    <div className="map-unplaced" data-testid="map-unplaced">
      <div className="muted">{t('map.notPlacedOnAny')}</div>
      <MarkerPopup bridge={bridge} markerKey={markerKey} />
    </div>
  );
}
