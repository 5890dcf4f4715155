import { Fragment, memo, useMemo } from 'react';
import type L from 'leaflet';
import { CircleMarker, Polygon, Popup, Tooltip } from 'react-leaflet';
import type { Bridge } from '../../../../shared/bridge.js';
import { placementObject, type Placement, type SiteMap } from '../../../../shared/maps/model.js';
import type { Rollup } from '../../../../shared/maps/rollup.js';
import type { AssetView } from '../../../../shared/site/views.js';
import type { MarkerKey } from '../../store/console-store.js';
import { fovHandles, fovPolygon, toLatLng } from './map-geometry.js';
import { MarkerPopup } from './marker-popup.js';
import type { MarkerInfo } from './markers.js';
import { RollupBadge } from './rollup-badge.js';
import { labelSide } from './label-place.js';
import { priorityBand } from '../alarms/priority.js';

interface DotProps {
  bridge: Bridge;
  id: string;
  markerKey: MarkerKey;
  x: number;
  y: number;
  colour: string;
  dim: boolean;
  radius: number;
  editing: boolean;
  onGrab: (id: string) => void;
  register: (key: MarkerKey, marker: L.CircleMarker | null) => void;
}

/**
 * One object on the canvas. Memoised on plain values: with thousands of markers a blink or
 * one device's new colour re-renders only the markers whose look changed.
 */
const Dot = memo(function Dot({ bridge, id, markerKey, x, y, colour, dim, radius, editing, onGrab, register }: DotProps) {
  const pathOptions = useMemo(() => ({ color: '#0f1419', weight: 1.5, fillColor: colour, fillOpacity: dim ? 0.15 : 0.95 }), [colour, dim]);
  const handlers = useMemo<L.LeafletEventHandlerFnMap>(() => (editing ? { mousedown: (e) => { (e.target as L.CircleMarker & { _map: L.Map })._map.dragging.disable(); onGrab(id); } } : {}), [editing, id, onGrab]);
  return (
    <CircleMarker ref={(m) => register(markerKey, m)} center={toLatLng(x, y)} radius={radius} pathOptions={pathOptions} eventHandlers={handlers}>
      {!editing && <Popup minWidth={220} maxWidth={440} autoPanPadding={[8, 8]}><MarkerPopup bridge={bridge} markerKey={markerKey} /></Popup>}
    </CircleMarker>
  );
});

export interface PlacementLayerProps {
  bridge: Bridge;
  map: SiteMap;
  placements: readonly Placement[];
  markers: ReadonlyMap<string, MarkerInfo>;
  assets: Record<string, AssetView>;
  mapNames: ReadonlyMap<number, string>;
  rollup: ReadonlyMap<number, Rollup>;
  blinkOn: boolean;
  editing: boolean;
  onGrab: (id: string) => void;
  onOpen: (mapId: number) => void;
  onPreset: (assetId: string, presetId: string) => void;
  register: (key: MarkerKey, marker: L.CircleMarker | null) => void;
  /** Areas and georeferenced plans that link and preset labels keep clear of. */
  obstacles?: ReadonlyArray<ReadonlyArray<readonly [number, number]>>;
}

const GONE = '#8a99a8';

/** An edit handle: a small square-ish dot that starts a drag of one part of a placement (`<id>#tip`, `<id>#v2`). */
function Handle({ id, x, y, onGrab }: { id: string; x: number; y: number; onGrab: (id: string) => void }) {
  return <CircleMarker center={toLatLng(x, y)} radius={5} pathOptions={{ color: '#f0f6fc', weight: 2, fillColor: '#0f1419', fillOpacity: 1 }} eventHandlers={{ mousedown: (e) => { (e.target as L.CircleMarker & { _map: L.Map })._map.dragging.disable(); onGrab(id); } }} />;
}
const isPtz = (a: AssetView | undefined): boolean => Boolean(a && (a.attributes.ptz || Array.isArray(a.attributes.presets)));
const BAND = { critical: '#f85149', high: '#d29922', low: '#58a6ff' } as const;

/** Everything placed on one map: devices, assets, camera views, areas, links and labels. */
export function PlacementLayer({ bridge, map, placements, markers, assets, mapNames, rollup, blinkOn, editing, onGrab, onOpen, onPreset, register, obstacles = [] }: PlacementLayerProps) {
  const side = (x: number, y: number) => labelSide(x, y, obstacles, map.kind === 'geo');
  return (
    <>
      {placements.map((p) => {
        const key = placementObject(p) as MarkerKey | null;
        const info = key ? markers.get(key) : undefined;
        switch (p.kind) {
          case 'area': {
            const linked = p.linkMapId !== null && mapNames.has(p.linkMapId);
            const worst = linked ? rollup.get(p.linkMapId!)?.worst : null;
            const alarmed = worst !== null && worst !== undefined ? BAND[priorityBand(worst)] : null;
            return (
              <Fragment key={p.id}>
              {editing && p.polygon.map(([x, y], i) => <Handle key={`${p.id}#v${i}`} id={`${p.id}#v${i}`} x={x} y={y} onGrab={onGrab} />)}
              <Polygon positions={p.polygon.map(([x, y]) => toLatLng(x, y))} pathOptions={{ color: alarmed ?? (linked ? '#58a6ff' : '#6e7b88'), weight: alarmed ? 3 : 2, fillColor: alarmed ?? (linked ? '#58a6ff' : '#6e7b88'), fillOpacity: alarmed ? 0.25 : 0.12, dashArray: linked ? undefined : '4 4' }}
                eventHandlers={linked && !editing ? { click: () => onOpen(p.linkMapId!) } : {}}>
                {(p.name || linked) && <RollupBadge rollup={linked ? rollup.get(p.linkMapId!) : undefined} label={p.name || mapNames.get(p.linkMapId!) || ''} testId={`map-area-${p.id}`} onClick={linked && !editing ? () => onOpen(p.linkMapId!) : undefined} />}
              </Polygon>
              </Fragment>
            );
          }
          case 'link':
            if (!mapNames.has(p.linkMapId)) return null;
            return (
              <CircleMarker key={p.id} center={toLatLng(p.x, p.y)} radius={8} pathOptions={{ color: '#58a6ff', weight: 3, fillColor: '#0f1419', fillOpacity: 0.9 }}
                eventHandlers={editing ? { mousedown: (e) => { (e.target as L.CircleMarker & { _map: L.Map })._map.dragging.disable(); onGrab(p.id); } } : { click: () => onOpen(p.linkMapId) }}>
                <RollupBadge rollup={rollup.get(p.linkMapId)} label={`${p.label || mapNames.get(p.linkMapId)} ›`} testId={`map-link-${p.linkMapId}`} onClick={editing ? undefined : () => onOpen(p.linkMapId)} side={side(p.x, p.y)} />
              </CircleMarker>
            );
          case 'preset': {
            const camera = assets[p.assetId];
            const name = p.label || ((camera?.attributes.presets ?? []) as Array<{ id: string; name: string }>).find((x) => x.id === p.presetId)?.name || p.presetId;
            return (
              <CircleMarker key={p.id} center={toLatLng(p.x, p.y)} radius={5} pathOptions={{ color: '#bc8cff', weight: 2, fillColor: '#bc8cff', fillOpacity: 0.6 }}
                eventHandlers={editing ? { mousedown: (e) => { (e.target as L.CircleMarker & { _map: L.Map })._map.dragging.disable(); onGrab(p.id); } } : { click: () => onPreset(p.assetId, p.presetId) }}>
                <RollupBadge rollup={undefined} label={`PTZ ${camera?.name ?? p.assetId}: ${name}`} testId={`map-preset-${p.id}`} onClick={editing ? undefined : () => onPreset(p.assetId, p.presetId)} side={side(p.x, p.y)} />
              </CircleMarker>
            );
          }
          case 'label':
            return (
              <CircleMarker key={p.id} center={toLatLng(p.x, p.y)} radius={editing ? 4 : 0} pathOptions={{ color: '#8a99a8', fillOpacity: editing ? 0.6 : 0, opacity: editing ? 1 : 0 }}
                eventHandlers={editing ? { mousedown: (e) => { (e.target as L.CircleMarker & { _map: L.Map })._map.dragging.disable(); onGrab(p.id); } } : {}}>
                <Tooltip permanent direction="center" className="map-label">{p.text}</Tooltip>
              </CircleMarker>
            );
          case 'fov': {
            const ptz = isPtz(assets[p.assetId]);
            const handles = editing ? fovHandles(map, p) : null;
            return (
              <Fragment key={p.id}>
                <Polygon positions={fovPolygon(map, p)} interactive={false} pathOptions={{ color: ptz ? '#3fb950' : '#58a6ff', weight: 1, fillOpacity: 0.18 }} />
                {handles && <Handle id={`${p.id}#tip`} x={handles.tip[0]} y={handles.tip[1]} onGrab={onGrab} />}
                {handles && <Handle id={`${p.id}#edge`} x={handles.edge[0]} y={handles.edge[1]} onGrab={onGrab} />}
                <Dot bridge={bridge} id={p.id} markerKey={key!} x={p.x} y={p.y} colour={info?.colour ?? GONE} dim={Boolean(info?.blinking && !blinkOn)} radius={6} editing={editing} onGrab={onGrab} register={register} />
              </Fragment>
            );
          }
          default:
            return <Dot key={p.id} bridge={bridge} id={p.id} markerKey={key!} x={p.x} y={p.y} colour={info?.colour ?? GONE} dim={Boolean(info?.blinking && !blinkOn)} radius={p.kind === 'device' ? 9 : 6} editing={editing} onGrab={onGrab} register={register} />;
        }
      })}
    </>
  );
}
