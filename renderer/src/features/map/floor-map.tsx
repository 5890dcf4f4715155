import { useEffect, useMemo, useRef, useState } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { CircleMarker, ImageOverlay, MapContainer, Popup, useMapEvents } from 'react-leaflet';
import type { Bridge, MapLayout } from '../../../../shared/bridge.js';
import type { AlarmView } from '../../../../shared/alarms/definitions.js';
import plan1 from '../../../../assets/floorplan-1.svg?url';
import plan2 from '../../../../assets/floorplan-2.svg?url';
import { useConsole } from '../../store/console-store.js';
import { priorityBand } from '../alarms/alarm-panel.js';
import { placeMissing } from './layout.js';

const PLANS = [{ id: 1, name: 'Floor 1', url: plan1 }, { id: 2, name: 'Floor 2', url: plan2 }];
const BOUNDS: L.LatLngBoundsExpression = [[0, 0], [600, 1000]];
const BAND_COLOUR = { critical: '#f85149', high: '#d29922', low: '#58a6ff' } as const;

interface MarkerInfo {
  key: string;
  name: string;
  area: string;
  colour: string;
  state: string;
  blinking: boolean;
  lines: string[];
}

/** Drags a marker in edit mode: canvas markers have no drag of their own. */
function DragLayer({ dragging, onMove, onDrop }: { dragging: string | null; onMove: (x: number, y: number) => void; onDrop: () => void }) {
  const map = useMapEvents({
    mousemove: (e) => { if (dragging) onMove(e.latlng.lng, 600 - e.latlng.lat); },
    mouseup: () => { if (dragging) { map.dragging.enable(); onDrop(); } },
  });
  return null;
}

export function FloorMap({ bridge }: { bridge: Bridge }) {
  const devices = useConsole((s) => s.devices);
  const assets = useConsole((s) => s.assets);
  const alarms = useConsole((s) => s.alarms);
  const session = useConsole((s) => s.session);
  const [plan, setPlan] = useState(1);
  const [layout, setLayout] = useState<MapLayout>({ positions: {} });
  const [editing, setEditing] = useState(false);
  const [dragging, setDragging] = useState<string | null>(null);
  const [blinkOn, setBlinkOn] = useState(true);
  const dirty = useRef(false);

  useEffect(() => { void bridge.mapLayout().then(setLayout).catch(() => undefined); }, [bridge]);
  useEffect(() => { const t = setInterval(() => setBlinkOn((b) => !b), 600); return () => clearInterval(t); }, []);

  const markers = useMemo(() => {
    const worst = new Map<string, AlarmView>();
    for (const a of Object.values(alarms)) {
      const key = a.source.kind === 'device' ? `device:${a.source.deviceId}` : `asset:${a.source.id.replace(/^asset:/, '')}`;
      const prev = worst.get(key);
      if (a.annunciated && (!prev || a.priority < prev.priority)) worst.set(key, a);
    }
    const out: MarkerInfo[] = [];
    for (const d of Object.values(devices)) {
      const alarm = worst.get(`device:${d.id}`);
      out.push({
        key: `device:${d.id}`, name: d.name, area: `${d.deviceId} ${d.location}`, state: alarm ? alarm.name : d.online ? 'Online' : 'Offline',
        colour: alarm ? BAND_COLOUR[priorityBand(alarm.priority)] : d.online ? '#3fb950' : '#8a99a8',
        blinking: Boolean(alarm && (alarm.state === 'unack' || alarm.state === 'rtn-unack')),
        lines: ['Noise', 'PM2.5', 'TVOC', 'CO2cal'].filter((p) => d.latest[p]).map((p) => `${p}: ${d.latest[p]!.v}`).concat(d.customState ? [`State: ${d.customState}`] : []),
      });
    }
    for (const a of Object.values(assets)) {
      if (a.type === 'system' || a.type === 'role' || a.type === 'reader') continue;
      const alarm = worst.get(`asset:${a.id}`);
      out.push({
        key: `asset:${a.id}`, name: a.name, area: a.area, state: a.displayed, colour: alarm ? BAND_COLOUR[priorityBand(alarm.priority)] : a.colour,
        blinking: Boolean(alarm && (alarm.state === 'unack' || alarm.state === 'rtn-unack')),
        lines: a.lastAccess ? [`Last access: ${a.lastAccess.granted ? 'granted' : 'denied'}, ${a.lastAccess.cardholder}`] : [],
      });
    }
    return out;
  }, [devices, assets, alarms]);

  const placed = useMemo(() => placeMissing(markers, layout), [markers, layout]);
  const canEdit = session?.role === 'supervisor' || session?.role === 'admin';

  const save = (): void => {
    setEditing(false);
    if (dirty.current) void bridge.saveMapLayout(placed).then(setLayout);
    dirty.current = false;
  };

  return (
    <section className="panel" aria-label="Floor plan">
      <h2>Floor plan</h2>
      <div className="chart-controls">
        {PLANS.map((p) => <button key={p.id} aria-pressed={plan === p.id} data-testid={`plan-${p.id}`} onClick={() => setPlan(p.id)}>{p.name}</button>)}
        {canEdit && (editing ? <button data-testid="map-save" onClick={save}>Save marker places</button> : <button data-testid="map-edit" onClick={() => setEditing(true)}>Move markers</button>)}
        {editing && <span className="muted">Drag markers to their place, then save.</span>}
      </div>
      <div className="floor-map" data-testid="floor-map">
        <MapContainer key={plan} crs={L.CRS.Simple} bounds={BOUNDS} maxBounds={BOUNDS} minZoom={-1} maxZoom={3} zoomSnap={0.25} preferCanvas attributionControl={false} style={{ height: 420, background: '#0f1419' }}>
          <ImageOverlay url={PLANS.find((p) => p.id === plan)!.url} bounds={BOUNDS} />
          <DragLayer dragging={dragging} onMove={(x, y) => { dirty.current = true; setLayout({ positions: { ...placed.positions, [dragging!]: { plan, x: Math.round(x), y: Math.round(y) } } }); }} onDrop={() => setDragging(null)} />
          {markers.filter((m) => placed.positions[m.key]?.plan === plan).map((m) => {
            const p = placed.positions[m.key]!;
            return (
              <CircleMarker
                key={m.key} center={[600 - p.y, p.x]} radius={m.key.startsWith('device:') ? 9 : 6}
                pathOptions={{ color: '#0f1419', weight: 1.5, fillColor: m.colour, fillOpacity: m.blinking && !blinkOn ? 0.15 : 0.95 }}
                eventHandlers={editing ? { mousedown: (e) => { e.target._map.dragging.disable(); setDragging(m.key); } } : {}}
              >
                {!editing && (
                  <Popup>
                    <strong>{m.name}</strong><br />
                    <span>{m.state}</span>
                    {m.lines.map((l) => <div key={l}>{l}</div>)}
                  </Popup>
                )}
              </CircleMarker>
            );
          })}
        </MapContainer>
      </div>
    </section>
  );
}
