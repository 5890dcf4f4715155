import { useEffect, useMemo, useState } from 'react';
import type { Bridge } from '../../../../shared/bridge.js';
import { ASSET_TYPE_LABEL, ASSET_TYPES } from '../../../../shared/site/asset-model.js';
import type { AssetView } from '../../../../shared/site/views.js';
import { useConsole } from '../../store/console-store.js';
import { AssetDetail } from './asset-detail.js';
import { AssetGroup } from './asset-group.js';
import { ConnectionsBar } from './connections-bar.js';
import { CameraLinkEditor } from '../video/linked-cameras.js';
import { useMaps } from '../map/use-maps.js';
import { t } from '../../i18n/strings.js';
import { RollupIndex } from '../../../../shared/maps/rollup.js';

/** The video monitors; a tile showing a camera opens that camera's panel (presets, PTZ) on a click. */
function Monitors({ onCamera }: { onCamera: (assetId: string) => void }) {
  const monitors = useConsole((s) => s.monitors);
  const assets = useConsole((s) => s.assets);
  if (!monitors.length) return null;
  const openTitle = t('assets.openCamera');
  return (
    <section className="panel">
      <h2>{t('assets.monitors')}</h2>
      <div className="monitors">
        {monitors.map((m) => (
          <div key={m.id} className="monitor" data-testid={`monitor-${m.id}`}>
            <div className="muted">{m.name} · {m.columns}×{m.rows}</div>
            <div className="monitor-grid" style={{ gridTemplateColumns: `repeat(${m.columns}, 1fr)` }}>
              {m.tiles.map((t) => {
                const label = `${t.tile}: ${t.cameraAssetId ? `${assets[t.cameraAssetId]?.name ?? t.cameraAssetId}${t.mode === 'playback' ? ' (playback)' : ''}` : '—'}`;
                return t.cameraAssetId && assets[t.cameraAssetId]
                  ? <button key={t.tile} className={`monitor-tile ${t.mode}`} data-testid={`monitor-tile-${m.id}-${t.tile}`} title={openTitle} onClick={() => onCamera(t.cameraAssetId!)}>{label}</button>
                  : <div key={t.tile} className={`monitor-tile ${t.mode}`}>{label}</div>;
              })}
            </div>
          </div>
        ))}
      </div>
    </section>
  );
}

/**
 * Where an area is on the site's maps: Map opens the map holding its assets; an area none of
 * whose assets is placed says so, and shows a supervisor how to place it.
 */
function AreaMap({ list, index }: { list: AssetView[]; index: RollupIndex | null }) {
  const focusOn = useConsole((s) => s.focusOn);
  const role = useConsole((s) => s.session?.role);
  if (!index) return null;
  const placed = list.find((a) => index.mapsOf(`asset:${a.id}`).length > 0);
  const go = (id: string): void => { focusOn(`asset:${id}`); location.hash = '#monitoring'; };
  if (placed) return <button className="area-map" data-testid="area-map" title={t('assets.mapTitle')} onClick={() => go(placed.id)}>{t('assets.map')}</button>;
  return (
    <span className="area-map">
      <span className="chip" data-testid="area-not-on-map">{t('assets.notOnMap')}</span>
      {role !== 'operator' && list[0] && <button data-testid="area-place" title={t('assets.placeTitle')} onClick={() => go(list[0]!.id)}>{t('assets.place')}</button>}
    </span>
  );
}

/** How many cameras show an area, and (administrators) which. */
function AreaCameras({ bridge, area }: { bridge: Bridge; area: string }) {
  const linked = useConsole((s) => s.cameraLinks[`area:${area}`]);
  return <span className="area-cameras">{linked?.length ? t('assets.camera', { n: linked.length, s: linked.length > 1 ? 's' : '' }) : ''} <CameraLinkEditor bridge={bridge} source={`area:${area}`} label={area} /></span>;
}

/** An asset another view asked to open (the search): taken by the Assets view as it opens, or at once if open. */
let pendingAsset: string | null = null;
const OPEN_ASSET = 'watchdesk:open-asset';
export function openAssetPanel(id: string): void {
  pendingAsset = id;
  window.dispatchEvent(new Event(OPEN_ASSET));
}

export function AssetsView({ bridge }: { bridge: Bridge }) {
  const assets = useConsole((s) => s.assets);
  const site = useConsole((s) => s.site);
  const [selected, setSelected] = useState<string | null>(() => { const id = pendingAsset; pendingAsset = null; return id; });
  useEffect(() => {
    const open = (): void => { if (pendingAsset) { setMulti([]); setSelected(pendingAsset); pendingAsset = null; } };
    window.addEventListener(OPEN_ASSET, open);
    return () => window.removeEventListener(OPEN_ASSET, open);
  }, []);
  useEffect(() => { if (selected) document.querySelector(`[data-testid="asset-${CSS.escape(selected)}"]`)?.scrollIntoView({ block: 'nearest' }); }, [selected]);
  /** Ctrl-click builds a selection for one command to many assets; cameras are not multi-selected. */
  const [multi, setMulti] = useState<string[]>([]);
  const [note, setNote] = useState<string | null>(null);
  const pick = (a: AssetView, add: boolean): void => {
    setNote(null);
    if (!add) { setMulti([]); setSelected(a.id); return; }
    if (a.type === 'camera') { setNote(t('assets.noCameraMulti')); return; }
    const base = multi.length ? multi : selected && assets[selected]?.type !== 'camera' ? [selected] : [];
    const next = base.includes(a.id) ? base.filter((id) => id !== a.id) : [...base, a.id];
    setMulti(next);
    setSelected(next.length === 1 ? next[0]! : null);
  };
  const groups = useMemo(() => {
    const byType = new Map<string, Map<string, AssetView[]>>();
    for (const a of Object.values(assets)) {
      const areas = byType.get(a.type) ?? new Map<string, AssetView[]>();
      areas.set(a.area, [...(areas.get(a.area) ?? []), a]);
      byType.set(a.type, areas);
    }
    return ASSET_TYPES.filter((t) => byType.has(t)).map((t) => [t, [...byType.get(t)!].sort(([x], [y]) => x.localeCompare(y))] as const);
  }, [assets]);
  const current = selected ? assets[selected] : undefined;
  const { maps } = useMaps(bridge);
  const mapIndex = useMemo(() => (maps ? new RollupIndex(maps) : null), [maps]);

  return (
    <main className="assets-layout">
      <div>
        <div className="site-bar" data-testid="site-connection">{t('assets.securitySystem')} <strong>{site?.state ?? t('assets.notConfigured')}</strong>{site?.error && <span className="error"> — {site.error}</span>}</div>
        <ConnectionsBar bridge={bridge} />
        <div className="muted" role="status">{note ?? t('assets.multiHint')}</div>
        {groups.length === 0 && <div className="empty">{t('assets.none')}</div>}
        {groups.map(([type, areas]) => (
          <section key={type} className="panel">
            <h2>{ASSET_TYPE_LABEL[type]}s</h2>
            {areas.map(([area, list]) => (
              <div key={area} className="area">
                <div className="muted area-name">{area} <AreaMap list={list} index={mapIndex} /> <AreaCameras bridge={bridge} area={area} /></div>
                <div className="tiles" role="list">
                  {list.sort((a, b) => a.name.localeCompare(b.name)).map((a) => (
                    <button key={a.id} role="listitem" className={`tile${selected === a.id ? ' selected' : ''}${multi.includes(a.id) ? ' multi' : ''}`} data-testid={`asset-${a.id}`} aria-selected={selected === a.id || multi.includes(a.id)} onClick={(e) => pick(a, e.ctrlKey || e.metaKey || e.shiftKey)} style={{ borderLeftColor: a.colour }}>
                      <span className="tile-name">{a.name}</span>
                      <span className="tile-state" style={{ color: a.colour }} data-testid={`asset-state-${a.id}`}>{a.displayed}</span>
                    </button>
                  ))}
                </div>
              </div>
            ))}
          </section>
        ))}
        <Monitors onCamera={(id) => { setMulti([]); setSelected(id); }} />
      </div>
      {multi.length > 1 ? <AssetGroup bridge={bridge} ids={multi} onClose={() => setMulti([])} />
        : current && <AssetDetail bridge={bridge} asset={current} onClose={() => setSelected(null)} onOpen={(id) => { setMulti([]); setSelected(id); }} />}
    </main>
  );
}
