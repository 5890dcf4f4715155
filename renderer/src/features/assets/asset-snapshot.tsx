import { useCallback, useEffect, useState } from 'react';
import type { Bridge } from '../../../../shared/bridge.js';
import type { AssetView } from '../../../../shared/site/views.js';
import { assetSnapshotUrl } from '../../bridge/media.js';
import { t } from '../../i18n/strings.js';

const SNAPSHOT_EVERY_MS = 2000;
/** The camera's own panel refreshes faster: a preset run or a pan is watched there. */
const PANEL_EVERY_MS = 1000;

/**
 * A camera asset's picture: its MJPEG stream where the camera offers one, else a snapshot
 * refreshed every 2 s (every second in the camera's own panel). The camera's credentials stay in the core.
 */
export function AssetSnapshot({ bridge, asset, small = false }: { bridge: Bridge; asset: AssetView; small?: boolean }) {
  const [src, setSrc] = useState<string | null>(null);
  const reachable = asset.communication;
  const live = asset.attributes.mjpeg === true && !small;
  // The next snapshot is asked for only once the last one arrived (or failed): a request is never
  // cut short, so a slow camera or a busy browser (six connections per host) cannot starve the
  // picture, and the old picture stays on screen while the next loads.
  const [arrived, setArrived] = useState(0);
  useEffect(() => {
    if (!reachable) return;
    let cancelled = false;
    const load = (): void => { void assetSnapshotUrl(bridge, asset.id, live ? 'stream' : 'snapshot').then((u) => { if (!cancelled) setSrc(u); }).catch(() => undefined); };
    const timer = setTimeout(load, arrived === 0 ? 0 : small ? SNAPSHOT_EVERY_MS : PANEL_EVERY_MS);
    // Nothing arrived for a long time (a lost request): ask again.
    const watchdog = live ? null : setTimeout(load, SNAPSHOT_EVERY_MS * 8);
    return () => { cancelled = true; clearTimeout(timer); if (watchdog) clearTimeout(watchdog); };
  }, [bridge, asset.id, reachable, live, arrived, small]);
  const settled = (): void => { if (!live) setArrived((n) => n + 1); };
  // A live <img> keeps its stream open until it points elsewhere (the browser's six connections).
  const endStream = useCallback((element: HTMLImageElement | null) => {
    if (!element) return;
    return () => { element.src = 'data:,'; };
  }, []);
  if (!reachable && !src) return null;
  // The picture's box is there before the first picture: the PTZ presets under it never jump
  // away from an operator's click when it arrives.
  return (
    <figure className={`asset-snapshot${small ? ' small' : ''}`} data-testid="asset-snapshot" data-loaded={src !== null}>
      {src ? <img ref={endStream} src={src} onLoad={settled} onError={settled} alt={`${asset.name} ${live ? t('assets.live') : t('assets.snapshot')}`} /> : <div className="picture-pending" />}
      {live && <figcaption className="muted">{t('assets.liveMjpeg')}</figcaption>}
    </figure>
  );
}

