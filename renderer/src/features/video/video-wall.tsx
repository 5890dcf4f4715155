import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Bridge } from '../../../../shared/bridge.js';
import type { CameraView } from '../../../../shared/domain.js';
import type { AssetView } from '../../../../shared/site/views.js';
import { useConsole } from '../../store/console-store.js';
import { assetSnapshotUrl, videoUrl } from '../../bridge/media.js';
import { t } from '../../i18n/strings.js';

/**
 * A browser opens at most 6 HTTP/1.1 connections per host, and each MJPEG stream holds one
 * open. Past this many live tiles the console's own commands would queue behind the video.
 */
const MAX_LIVE_TILES = 4;
const SNAPSHOT_EVERY_MS = 2000;

const STATE_LABEL: Record<CameraView['state'], string> = {
  idle: 'IDLE', connecting: 'CONNECTING', live: 'LIVE', reconnecting: 'RECONNECTING', unauthorised: 'UNAUTHORISED', unreachable: 'UNREACHABLE',
};

export function useVideoSource(bridge: Bridge, camera: CameraView, live: boolean): [string | null, () => void] {
  const [src, setSrc] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let cancelled = false;
    // Each URL carries a single-use ticket: a new one per stream connection or snapshot.
    const load = (): void => {
      void videoUrl(bridge, camera.id, live ? 'stream' : 'snapshot').then((url) => { if (!cancelled) setSrc(url); }).catch(() => undefined);
    };
    load();
    const timer = live ? null : setInterval(load, SNAPSHOT_EVERY_MS);
    return () => { cancelled = true; if (timer) clearInterval(timer); };
  }, [bridge, camera.id, live, attempt]);
  return [src, () => setTimeout(() => setAttempt((n) => n + 1), SNAPSHOT_EVERY_MS)];
}

function VideoTile({ bridge, camera, live }: { bridge: Bridge; camera: CameraView; live: boolean }) {
  const [src, retry] = useVideoSource(bridge, camera, live);
  const label = live ? STATE_LABEL[camera.state] : 'SNAPSHOT';
  // A removed <img> may keep its MJPEG stream open; pointing it elsewhere as it goes ends the
  // request, so leaving and reopening Monitoring does not use up the browser's six connections
  // per host (then the console's own requests would wait behind the video). A stable callback:
  // its cleanup runs only when the image leaves the page, not on each new source.
  const endStream = useCallback((element: HTMLImageElement | null) => {
    if (!element) return;
    return () => { element.src = 'data:,'; };
  }, []);
  return (
    <figure className="video-tile" data-testid={`video-${camera.id}`}>
      {src && <img ref={endStream} src={src} alt={`${camera.name} ${live ? t('video.live') : t('video.snapshotAlt')}`} onError={live ? retry : undefined} />}
      <figcaption>
        <span>{camera.name}</span>
        <span className={`chip video-${live ? camera.state : 'snapshot'}`} data-testid={`video-state-${camera.id}`} title={camera.error ?? undefined}>{label}</span>
      </figcaption>
    </figure>
  );
}

/** A camera asset of a real camera (ONVIF): its snapshot every 2 s, through the core. */
function AssetTile({ bridge, asset }: { bridge: Bridge; asset: AssetView }) {
  const [src, setSrc] = useState<string | null>(null);
  const reachable = asset.communication;
  useEffect(() => {
    if (!reachable) return;
    let cancelled = false;
    const load = (): void => { void assetSnapshotUrl(bridge, asset.id).then((u) => { if (!cancelled) setSrc(u); }).catch(() => undefined); };
    load();
    const timer = setInterval(load, SNAPSHOT_EVERY_MS);
    return () => { cancelled = true; clearInterval(timer); };
  }, [bridge, asset.id, reachable]);
  return (
    <figure className="video-tile" data-testid={`video-asset-${asset.id}`}>
      {src && reachable && <img src={src} alt={t('video.snapshot', { name: asset.name })} />}
      <figcaption>
        <span>{asset.name}</span>
        <span className={`chip video-${reachable ? 'snapshot' : 'unreachable'}`}>{reachable ? t('video.snapshot2') : t('video.noCommunication')}</span>
      </figcaption>
    </figure>
  );
}

export function VideoWall({ bridge }: { bridge: Bridge }) {
  const cameras = useConsole((s) => s.cameras);
  const assets = useConsole((s) => s.assets);
  // Ids only, so a camera's position moving does not redraw the wall. The security system's own
  // cameras (connection 'site') show on its monitors, their panels and what they are linked to:
  // twenty snapshot tiles would hold the browser's few connections to the console.
  const assetIds = useMemo(() => Object.values(assets).filter((a) => a.type === 'camera' && a.attributes.snapshot === true && a.connection !== 'site').map((a) => a.id).join('\n'), [assets]);
  const cameraAssets = assetIds ? assetIds.split('\n').map((id) => assets[id]).filter((a): a is AssetView => a !== undefined) : [];
  if (cameras.length === 0 && cameraAssets.length === 0) return null;
  return (
    <section className="panel">
      <h2>{t('video.video')}</h2>
      <div className="video-wall" role="list">
        {cameras.map((c, i) => <VideoTile key={c.id} bridge={bridge} camera={c} live={i < MAX_LIVE_TILES} />)}
        {cameraAssets.map((a) => <AssetTile key={a.id} bridge={bridge} asset={a} />)}
      </div>
    </section>
  );
}
