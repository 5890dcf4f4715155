import { useState } from 'react';
import type { Bridge } from '../../../../shared/bridge.js';
import type { Georef } from '../../../../shared/maps/georef.js';
import type { SiteMap } from '../../../../shared/maps/model.js';
import { uploadPlan } from './plan-upload.js';
import { t, type StringKey } from '../../i18n/strings.js';

type Corner = 'topLeft' | 'topRight' | 'bottomLeft';
const CORNERS: ReadonlyArray<[Corner, StringKey]> = [['topLeft', 'map.topLeft'], ['topRight', 'map.topRight'], ['bottomLeft', 'map.bottomLeft']];
type Corners = Record<Corner, [string, string]>;

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** The middle of an outdoor map: its default view, or its MBTiles' bounds. */
function centreOf(geo: SiteMap): [number, number] {
  if (geo.defaultView) return [geo.defaultView.x, geo.defaultView.y];
  const b = geo.mbtiles?.bounds;
  return b ? [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2] : [0, 0];
}

/** A first guess for a plan not yet placed: about 100 m wide in the middle of the outdoor map, upright, in the plan's proportions. */
export function startingCorners(plan: SiteMap, geo: SiteMap): Corners {
  const [lng, lat] = centreOf(geo);
  const w = 100 / (111_320 * Math.cos((lat * Math.PI) / 180));
  const h = (100 * (plan.image ? plan.image.height / plan.image.width : 0.6)) / 110_540;
  const f = (v: number): string => v.toFixed(7);
  return { topLeft: [f(lng - w / 2), f(lat + h / 2)], topRight: [f(lng + w / 2), f(lat + h / 2)], bottomLeft: [f(lng - w / 2), f(lat - h / 2)] };
}

const asCorners = (g: Georef): Corners => ({ topLeft: [String(g.topLeft[0]), String(g.topLeft[1])], topRight: [String(g.topRight[0]), String(g.topRight[1])], bottomLeft: [String(g.bottomLeft[0]), String(g.bottomLeft[1])] });

/**
 * A map's settings for supervisors: a geo map's offline tiles (an MBTiles file), a plan's image,
 * and where a plan lies on an outdoor map by three corners. The core checks and audits each.
 */
export function MapSettings({ bridge, map, maps, onDone }: { bridge: Bridge; map: SiteMap; maps: readonly SiteMap[]; onDone: (changed: boolean) => void }) {
  const geos = maps.filter((m) => m.kind === 'geo');
  const [file, setFile] = useState<File | null>(null);
  const [on, setOn] = useState<number | null>(map.georef?.mapId ?? null);
  const [corners, setCorners] = useState<Corners | null>(map.georef ? asCorners(map.georef) : null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const run = async (what: string, job: () => Promise<unknown>): Promise<void> => {
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      await job();
      setSaved(what);
      onDone(true);
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  };
  const upload = (): Promise<void> => run(map.kind === 'geo' ? t('map.tilesUploaded') : t('map.planUploaded'), async () => { if (file) await uploadPlan(bridge, map.id, file); });
  const fields = { name: map.name, kind: map.kind, parentId: map.parentId, order: map.order, defaultView: map.defaultView, tileSource: map.tileSource };
  const saveGeoref = (georef: Georef | null): Promise<void> => run(georef ? t('map.cornersSaved') : t('map.georefRemoved'), () => bridge.call('maps.update', { params: { id: map.id }, body: { ...fields, georef } }));
  const chooseGeo = (id: number | null): void => {
    setOn(id);
    const geo = geos.find((g) => g.id === id);
    if (geo && !corners) setCorners(startingCorners(map, geo));
  };
  const edit = (corner: Corner, i: 0 | 1, value: string): void => {
    if (!corners) return;
    const next: [string, string] = [...corners[corner]];
    next[i] = value;
    setCorners({ ...corners, [corner]: next });
  };
  const georef = (): Georef | null => {
    if (on === null || !corners) return null;
    const pair = (c: Corner): [number, number] => [Number(corners[c][0]), Number(corners[c][1])];
    return { mapId: on, topLeft: pair('topLeft'), topRight: pair('topRight'), bottomLeft: pair('bottomLeft') };
  };

  return (
    <div className="map-settings" data-testid="map-settings">
      <div className="map-settings-row">
        {map.kind === 'geo' ? (
          <>
            <span>{t('map.offlineTiles')} {map.mbtiles ? <span data-testid="map-mbtiles-info">{t('map.mbtilesZoom')} {map.mbtiles.minZoom}–{map.mbtiles.maxZoom}, {map.mbtiles.format.toUpperCase()}</span> : <span className="muted">{t('map.none')}{map.tileSource ? t('map.tilesFrom', { host: /^https?:\/\/([^/]+)/.exec(map.tileSource.url)?.[1] ?? t('map.theTileUrl') }) : ''}</span>}</span>
            <label>{t('map.mbtilesFile')} <input data-testid="map-mbtiles-file" type="file" accept=".mbtiles,application/vnd.sqlite3,application/x-sqlite3" onChange={(e) => setFile(e.target.files?.[0] ?? null)} /></label>
            <button data-testid="map-mbtiles-upload" disabled={busy || !file} onClick={() => void upload()}>{busy ? t('map.uploading') : t('map.uploadTiles')}</button>
          </>
        ) : (
          <>
            <label>{t('map.newPlanImage')} <input data-testid="map-plan-file" type="file" accept="image/png,image/jpeg,image/webp,image/svg+xml,application/pdf" onChange={(e) => setFile(e.target.files?.[0] ?? null)} /></label>
            <button data-testid="map-plan-upload" disabled={busy || !file} onClick={() => void upload()}>{busy ? t('map.uploading') : t('map.replacePlan')}</button>
          </>
        )}
      </div>
      {map.kind === 'plan' && (
        <fieldset className="map-georef" data-testid="map-georef-form">
          <legend>{t('map.showThisPlanOn')}</legend>
          <label>{t('map.outdoorMap')} <select data-testid="map-georef-map" value={on ?? ''} onChange={(e) => chooseGeo(e.target.value ? Number(e.target.value) : null)}>
            <option value="">{t('map.notPlaced')}</option>
            {geos.map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
          </select></label>
          {on !== null && corners && CORNERS.map(([c, key]) => [c, t(key)] as const).map(([c, label]) => (
            <span key={c} className="map-georef-corner">{label} {t('map.corner')}
              <input aria-label={t('map.longitude', { label: label })} data-testid={`map-georef-${c}-lng`} type="number" step="any" min={-180} max={180} value={corners[c][0]} onChange={(e) => edit(c, 0, e.target.value)} />
              <input aria-label={t('map.latitude', { label: label })} data-testid={`map-georef-${c}-lat`} type="number" step="any" min={-90} max={90} value={corners[c][1]} onChange={(e) => edit(c, 1, e.target.value)} />
            </span>
          ))}
          <button data-testid="map-georef-save" disabled={busy || on === null || !corners} onClick={() => void saveGeoref(georef())}>{t('map.saveCorners')}</button>
          {map.georef && <button data-testid="map-georef-remove" disabled={busy} onClick={() => { setOn(null); setCorners(null); void saveGeoref(null); }}>{t('map.removeFromOutdoorMap')}</button>}
          <span className="muted">{t('map.cornersHint')}</span>
        </fieldset>
      )}
      <div className="map-settings-row">
        <button data-testid="map-settings-close" onClick={() => onDone(false)}>{t('map.close')}</button>
        {saved && <span className="ok" role="status" data-testid="map-settings-saved">{saved}</span>}
        {error && <span className="error" role="alert" data-testid="map-settings-error">{error}</span>}
      </div>
    </div>
  );
}
