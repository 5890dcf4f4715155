import { useState } from 'react';
import type { PlacementInput, SiteMap } from '../../../../shared/maps/model.js';
import type { AssetView } from '../../../../shared/site/views.js';
import type { MarkerInfo } from './markers.js';
import { t } from '../../i18n/strings.js';

interface EditorBarProps {
  map: SiteMap;
  maps: readonly SiteMap[];
  /** Objects not yet on this map. */
  unplaced: readonly MarkerInfo[];
  assets: Record<string, AssetView>;
  canUndo: boolean;
  saving: boolean;
  /** Adds at the centre of the view; the operator drags it to its place. */
  onAdd: (make: (x: number, y: number) => PlacementInput) => void;
  /** A square area in the middle of the view, linked to a map or not; its corners are then dragged into shape. */
  onArea: (linkMapId: number | null, name: string) => void;
  onUndo: () => void;
  onSave: () => void;
  onCancel: () => void;
}

/** The drag's payload: which unplaced object is on its way to the map. */
export const DRAG_TYPE = 'application/x-watchdesk-object';

/** An object's placement at a point: a HALO, an asset, or a camera with its field of view. */
export function placementFor(map: SiteMap, key: string, info: MarkerInfo | undefined, x: number, y: number): PlacementInput {
  const [kind, id] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
  if (kind === 'device') return { kind: 'device', deviceId: Number(id), x, y };
  return info?.camera ? { kind: 'fov', assetId: id, x, y, direction: 0, angle: 60, range: map.kind === 'geo' ? 30 : 80 } : { kind: 'asset', assetId: id, x, y };
}

/** Unplaced objects as chips to drag onto the map, narrowed by a filter when there are many. */
export function DragPalette({ unplaced }: { unplaced: readonly MarkerInfo[] }) {
  const [filter, setFilter] = useState('');
  const f = filter.trim().toLowerCase();
  const shown = (f ? unplaced.filter((u) => u.name.toLowerCase().includes(f) || u.area.toLowerCase().includes(f)) : unplaced).slice(0, 60);
  if (!unplaced.length) return null;
  return (
    <div className="map-palette" data-testid="map-drag-palette">
      <input data-testid="map-palette-filter" placeholder={t('map.findAmongUnplaced', { length: unplaced.length })} value={filter} onChange={(e) => setFilter(e.target.value)} />
      {shown.map((u) => (
        <span key={u.key} className="map-palette-item" draggable data-testid={`map-drag-${u.key}`} title={t('map.dragOntoTheMap', { name: u.name })}
          onDragStart={(e) => { e.dataTransfer.setData(DRAG_TYPE, u.key); e.dataTransfer.setData('text/plain', u.name); e.dataTransfer.effectAllowed = 'copy'; }}>
          <i style={{ background: u.colour }} />{u.name}
        </span>
      ))}
    </div>
  );
}

/** Edit mode's palette: place an object, a link or a label; undo the last change; save. */
export function EditorBar({ map, maps, unplaced, assets, canUndo, saving, onAdd, onArea, onUndo, onSave, onCancel }: EditorBarProps) {
  const [object, setObject] = useState('');
  const [target, setTarget] = useState('');
  const [text, setText] = useState('');
  const [preset, setPreset] = useState('');
  const presets = Object.values(assets).filter((a) => a.type === 'camera').flatMap((a) => ((a.attributes.presets ?? []) as Array<{ id: string; name: string }>).map((p) => ({ value: `${a.id}|${p.id}`, label: `${a.name}: ${p.name}` })));
  const others = maps.filter((m) => m.id !== map.id);
  const place = (): void => {
    const key = object || unplaced[0]?.key;
    if (!key) return;
    const info = unplaced.find((u) => u.key === key);
    onAdd((x, y) => placementFor(map, key, info, x, y));
    setObject('');
  };
  return (
    <div className="map-editor" data-testid="map-editor">
      <select data-testid="map-palette" value={object} onChange={(e) => setObject(e.target.value)} aria-label={t('map.objectToPlace')}>
        {unplaced.length === 0 && <option value="">{t('map.everythingIsOnThis')}</option>}
        {unplaced.map((u) => <option key={u.key} value={u.key}>{u.name}</option>)}
      </select>
      <button data-testid="map-place" disabled={!unplaced.length} onClick={place}>{t('map.place')}</button>
      <select data-testid="map-link-target" value={target} onChange={(e) => setTarget(e.target.value)} aria-label={t('map.mapToLink')}>
        <option value="">{t('map.linkToMap')}</option>
        {others.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
      </select>
      <button data-testid="map-add-link" disabled={!target} onClick={() => { onAdd((x, y) => ({ kind: 'link', linkMapId: Number(target), label: '', x, y })); setTarget(''); }}>{t('map.addLink')}</button>
      <button data-testid="map-add-area" onClick={() => { onArea(target ? Number(target) : null, others.find((m) => m.id === Number(target))?.name ?? ''); setTarget(''); }}>{target ? t('map.addLinkedArea') : t('map.addArea')}</button>
      <input data-testid="map-label-text" placeholder={t('map.label')} value={text} maxLength={200} onChange={(e) => setText(e.target.value)} />
      <button data-testid="map-add-label" disabled={!text.trim()} onClick={() => { onAdd((x, y) => ({ kind: 'label', text: text.trim(), x, y })); setText(''); }}>{t('map.addLabel')}</button>
      {presets.length > 0 && <>
        <select data-testid="map-preset-choice" value={preset} onChange={(e) => setPreset(e.target.value)} aria-label={t('map.ptzPresetToPlace')}>
          <option value="">{t('map.ptzPreset')}</option>
          {presets.map((p) => <option key={p.value} value={p.value}>{p.label}</option>)}
        </select>
        <button data-testid="map-add-preset" disabled={!preset} onClick={() => { const [assetId, presetId] = preset.split('|') as [string, string]; onAdd((x, y) => ({ kind: 'preset', assetId, presetId, label: '', x, y })); setPreset(''); }}>{t('map.placePreset')}</button>
      </>}
      <button data-testid="map-undo" disabled={!canUndo} onClick={onUndo}>{t('map.undo')}</button>
      <button data-testid="map-save" disabled={saving} onClick={onSave}>{t('map.save')}</button>
      <button data-testid="map-cancel" onClick={onCancel}>{t('map.cancel')}</button>
      <span className="muted">{t('map.dragObjectsFromThe')}</span>
    </div>
  );
}
