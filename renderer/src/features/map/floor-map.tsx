import { memo, useEffect, useMemo, useRef, useState } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { CircleMarker, ImageOverlay, MapContainer, Popup, useMap, useMapEvents } from 'react-leaflet';
import type { Bridge, MapLayout } from '../../../../shared/bridge.js';
import plan1 from '../../../../assets/floorplan-1.svg?url';
import plan2 from '../../../../assets/floorplan-2.svg?url';
import { useConsole, type MarkerKey } from '../../store/console-store.js';
import { placeMissing } from './layout.js';
import { buildMarkers } from './markers.js';
import { MarkerPopup } from './marker-popup.js';

const PLANS = [{ id: 1, name: 'Floor 1', url: plan1 }, { id: 2, name: 'Floor 2', url: plan2 }];
const HEIGHT = 600;
const BOUNDS: L.LatLngBoundsExpression = [[0, 0], [HEIGHT, 1000]];
/** Room to pan past the plan's edge, so a popup on an edge marker fits on screen. */
const PAN_BOUNDS: L.LatLngBoundsExpression = [[-200, -200], [HEIGHT + 200, 1200]];

/** Drags a marker in edit mode: canvas markers have no drag of their own. */
function DragLayer({ dragging, onMove, onDrop }: { dragging: string | null; onMove: (x: number, y: number) => void; onDrop: () => void }) {
  const map = useMapEvents({
    mousemove: (e) => { if (dragging) onMove(e.latlng.lng, HEIGHT - e.latlng.lat); },
    mouseup: () => { if (dragging) { map.dragging.enable(); onDrop(); } },
  });
  return null;
}

interface DotProps {
  bridge: Bridge;
  markerKey: MarkerKey;
  x: number;
  y: number;
  colour: string;
  /** The dark half of a blink. */
  dim: boolean;
  editing: boolean;
  onGrab: (key: MarkerKey) => void;
  register: (key: MarkerKey, marker: L.CircleMarker | null) => void;
}

/**
 * One marker on the canvas. Memoised on plain values: with 5,000 markers a blink or one
 * device's new colour re-renders only the markers whose look changed.
 */
const Dot = memo(function Dot({ bridge, markerKey, x, y, colour, dim, editing, onGrab, register }: DotProps) {
  const pathOptions = useMemo(() => ({ color: '#0f1419', weight: 1.5, fillColor: colour, fillOpacity: dim ? 0.15 : 0.95 }), [colour, dim]);
  const handlers = useMemo<L.LeafletEventHandlerFnMap>(() => (editing ? { mousedown: (e) => { (e.target as L.CircleMarker & { _map: L.Map })._map.dragging.disable(); onGrab(markerKey); } } : {}), [editing, markerKey, onGrab]);
  return (
    <CircleMarker ref={(m) => register(markerKey, m)} center={[HEIGHT - y, x]} radius={markerKey.startsWith('device:') ? 9 : 6} pathOptions={pathOptions} eventHandlers={handlers}>
      {!editing && <Popup minWidth={220} maxWidth={440} autoPanPadding={[8, 8]}><MarkerPopup bridge={bridge} markerKey={markerKey} /></Popup>}
    </CircleMarker>
  );
});

/** Centres on the marker an event or alarm asked for and opens its popup. */
function FocusOn({ target, markers, done }: { target: { key: MarkerKey; x: number; y: number; at: number } | null; markers: Map<MarkerKey, L.CircleMarker>; done: { current: number } }) {
  const map = useMap();
  useEffect(() => {
    if (!target || done.current === target.at) return;
    done.current = target.at;
    // Centre a little below the marker: its popup opens upwards.
    const zoom = Math.max(map.getZoom(), 1);
    map.setView(map.unproject(map.project([HEIGHT - target.y, target.x], zoom).subtract([0, 110]), zoom), zoom, { animate: false });
    markers.get(target.key)?.openPopup();
  });
  return null;
}

export function FloorMap({ bridge }: { bridge: Bridge }) {
  const devices = useConsole((s) => s.devices);
  const assets = useConsole((s) => s.assets);
  const alarms = useConsole((s) => s.alarms);
  const session = useConsole((s) => s.session);
  const focus = useConsole((s) => s.focus);
  const [plan, setPlan] = useState(1);
  const [layout, setLayout] = useState<MapLayout>({ positions: {} });
  const [editing, setEditing] = useState(false);
  const [dragging, setDragging] = useState<MarkerKey | null>(null);
  const [blinkOn, setBlinkOn] = useState(true);
  const dirty = useRef(false);
  /** The focus request already shown, so switching floors later does not jump back to it. */
  const focused = useRef(0);
  const leafletMarkers = useRef(new Map<MarkerKey, L.CircleMarker>()).current;
  const register = useMemo(() => (key: MarkerKey, m: L.CircleMarker | null) => { if (m) leafletMarkers.set(key, m); else leafletMarkers.delete(key); }, [leafletMarkers]);

  useEffect(() => { void bridge.call('mapLayout.get').then(setLayout).catch(() => undefined); }, [bridge]);
  useEffect(() => { const t = setInterval(() => setBlinkOn((b) => !b), 600); return () => clearInterval(t); }, []);

  const markers = useMemo(() => buildMarkers(devices, assets, alarms), [devices, assets, alarms]);
  const placed = useMemo(() => placeMissing(markers, layout), [markers, layout]);
  const canEdit = session?.role === 'supervisor' || session?.role === 'admin';
  const target = focus && placed.positions[focus.key] ? { key: focus.key, ...placed.positions[focus.key]!, at: focus.at } : null;

  // A focused source on the other floor switches the plan first.
  useEffect(() => { if (target && target.plan !== plan) setPlan(target.plan); }, [focus?.at]);

  const save = (): void => {
    setEditing(false);
    if (dirty.current) void bridge.call('mapLayout.set', { body: placed }).then(setLayout);
    dirty.current = false;
  };

  const shown = markers.filter((m) => placed.positions[m.key]?.plan === plan);
  return (
    <section className="panel" aria-label="Floor plan">
      <h2>Floor plan <span className="muted" data-testid="marker-count">({shown.length.toLocaleString()} {shown.length === 1 ? 'marker' : 'markers'})</span></h2>
      <div className="chart-controls">
        {PLANS.map((p) => <button key={p.id} aria-pressed={plan === p.id} data-testid={`plan-${p.id}`} onClick={() => setPlan(p.id)}>{p.name}</button>)}
        {canEdit && (editing ? <button data-testid="map-save" onClick={save}>Save marker places</button> : <button data-testid="map-edit" onClick={() => setEditing(true)}>Move markers</button>)}
        {editing && <span className="muted">Drag markers to their place, then save.</span>}
      </div>
      <div className="floor-map" data-testid="floor-map">
        <MapContainer key={plan} crs={L.CRS.Simple} bounds={BOUNDS} maxBounds={PAN_BOUNDS} minZoom={-1} maxZoom={3} zoomSnap={0.25} preferCanvas attributionControl={false} style={{ height: 420, background: '#0f1419' }}>
          <ImageOverlay url={PLANS.find((p) => p.id === plan)!.url} bounds={BOUNDS} />
          <DragLayer dragging={dragging} onMove={(x, y) => { dirty.current = true; setLayout({ positions: { ...placed.positions, [dragging!]: { plan, x: Math.round(x), y: Math.round(y) } } }); }} onDrop={() => setDragging(null)} />
          {shown.map((m) => {
            const p = placed.positions[m.key]!;
            return <Dot key={m.key} bridge={bridge} markerKey={m.key} x={p.x} y={p.y} colour={m.colour} dim={m.blinking && !blinkOn} editing={editing} onGrab={setDragging} register={register} />;
          })}
          <FocusOn target={target && target.plan === plan ? target : null} markers={leafletMarkers} done={focused} />
        </MapContainer>
      </div>
    </section>
  );
}
