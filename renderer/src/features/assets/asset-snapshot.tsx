import { useCallback, useEffect, useState } from 'react';
import type { Bridge } from '../../../../shared/bridge.js';
import type { AssetView } from '../../../../shared/site/views.js';
import { assetSnapshotUrl } from '../../bridge/media.js';

const SNAPSHOT_EVERY_MS = 2000;

/**
 * A camera asset's picture: its MJPEG stream where the camera offers one, else a snapshot
 * refreshed every 2 s. The camera's credentials stay in the core.
 */
export function AssetSnapshot({ bridge, asset, small = false }: { bridge: Bridge; asset: AssetView; small?: boolean }) {
  const [src, setSrc] = useState<string | null>(null);
  const reachable = asset.communication;
  const live = asset.attributes.mjpeg === true && !small;
  useEffect(() => {
    if (!reachable) return;
    let cancelled = false;
    const load = (): void => { void assetSnapshotUrl(bridge, asset.id, live ? 'stream' : 'snapshot').then((u) => { if (!cancelled) setSrc(u); }).catch(() => undefined); };
    load();
    const timer = live ? null : setInterval(load, SNAPSHOT_EVERY_MS);
    return () => { cancelled = true; if (timer) clearInterval(timer); };
  }, [bridge, asset.id, reachable, live]);
  // A live <img> keeps its stream open until it points elsewhere (the browser's six connections).
  const endStream = useCallback((element: HTMLImageElement | null) => {
    if (!element) return;
    return () => { element.src = 'data:,'; };
  }, []);
  if (!src) return null;
  return (
    <figure className={`asset-snapshot${small ? ' small' : ''}`} data-testid="asset-snapshot">
      <img ref={endStream} src={src} alt={`${asset.name} ${live ? 'live' : 'snapshot'}`} />
      {live && <figcaption className="muted">LIVE (MJPEG)</figcaption>}
    </figure>
  );
}

