import { useEffect, useState } from 'react';
import type { Bridge } from '../../../../shared/bridge.js';
import type { CameraView } from '../../../../shared/domain.js';
import type { AssetView } from '../../../../shared/site/views.js';
import { camerasFor, MAX_LINKED_CAMERAS } from '../../../../shared/video/camera-links.js';
import { useConsole } from '../../store/console-store.js';
import { AssetSnapshot } from '../assets/asset-snapshot.js';
import { useVideoSource } from './video-wall.js';
import { t } from '../../i18n/strings.js';

/** Fetches the camera links whenever the stream says they changed; mounted once. */
export function useCameraLinksSync(bridge: Bridge, signedIn: boolean): void {
  const revision = useConsole((s) => s.cameraLinksRevision);
  const setLinks = useConsole((s) => s.setCameraLinks);
  useEffect(() => {
    if (!signedIn) return;
    let live = true;
    void bridge.call('cameraLinks.list').then((l) => { if (live) setLinks(l); }).catch(() => undefined);
    return () => { live = false; };
  }, [bridge, revision, signedIn, setLinks]);
}

/** The cameras to show for a source (its own, then its area's), as camera:N / asset:ID, existing ones only. */
export function useLinkedCameras(source: string, area: string | null, deviceCameraIds: readonly number[] = []): string[] {
  const links = useConsole((s) => s.cameraLinks);
  const cameras = useConsole((s) => s.cameras);
  const assets = useConsole((s) => s.assets);
  const map = new Map(Object.entries(links));
  return camerasFor(map, source, area, deviceCameraIds).filter((ref) => (ref.startsWith('camera:') ? cameras.some((c) => `camera:${c.id}` === ref) : assets[ref.slice(6)]?.type === 'camera'));
}

function VideoSnapshot({ bridge, camera, small }: { bridge: Bridge; camera: CameraView; small: boolean }) {
  const [src] = useVideoSource(bridge, camera, false);
  const [large, setLarge] = useState(false);
  return (
    <figure className={`linked-camera${small ? ' small' : ''}${large ? ' enlarged' : ''}`} data-testid="linked-camera">
      {src ? <img src={src} alt={t('video.snapshot', { name: camera.name })} title={large ? t('cameras.shrink') : t('cameras.enlarge')} onClick={() => setLarge(!large)} /> : <div className="muted">{t('cameras.loading', { name: camera.name })}</div>}
      <figcaption className="muted">{camera.name} · {camera.state}</figcaption>
    </figure>
  );
}

function AssetCamera({ bridge, asset, small, onOpen }: { bridge: Bridge; asset: AssetView; small: boolean; onOpen?: (assetId: string) => void }) {
  return (
    <figure className={`linked-camera${small ? ' small' : ''}`} data-testid="linked-camera">
      <AssetSnapshot bridge={bridge} asset={asset} small={small} />
      <figcaption className="muted">
        {onOpen ? <button className="link" data-testid={`open-camera-${asset.id}`} onClick={() => onOpen(asset.id)}>{asset.name}</button> : asset.name} · {asset.displayed}
      </figcaption>
    </figure>
  );
}

/** Snapshots of linked cameras, refreshed every few seconds: what the place looks like now. */
export function LinkedCameras({ bridge, refs, small = false, limit = 2, onOpen }: { bridge: Bridge; refs: readonly string[]; small?: boolean; limit?: number; onOpen?: (assetId: string) => void }) {
  const cameras = useConsole((s) => s.cameras);
  const assets = useConsole((s) => s.assets);
  if (!refs.length) return null;
  return (
    <div className="linked-cameras" data-testid="linked-cameras">
      {refs.slice(0, limit).map((ref) => {
        if (ref.startsWith('camera:')) {
          const camera = cameras.find((c) => `camera:${c.id}` === ref);
          return camera ? <VideoSnapshot key={ref} bridge={bridge} camera={camera} small={small} /> : null;
        }
        const asset = assets[ref.slice(6)];
        return asset ? <AssetCamera key={ref} bridge={bridge} asset={asset} small={small} onOpen={onOpen} /> : null;
      })}
    </div>
  );
}

/** An administrator picks, by name, which cameras show a device, a door or an area. */
export function CameraLinkEditor({ bridge, source, label }: { bridge: Bridge; source: string; label: string }) {
  const role = useConsole((s) => s.session?.role);
  const current = useConsole((s) => s.cameraLinks[source]);
  const cameras = useConsole((s) => s.cameras);
  const assets = useConsole((s) => s.assets);
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  if (role !== 'admin') return null;
  const options = [
    ...Object.values(assets).filter((a) => a.type === 'camera').sort((a, b) => a.name.localeCompare(b.name)).map((a) => ({ ref: `asset:${a.id}`, name: a.name, where: a.area })),
    ...cameras.map((c) => ({ ref: `camera:${c.id}`, name: c.name, where: c.location })),
  ];
  const start = (): void => { setChosen([...(current ?? [])]); setError(null); setOpen(true); };
  const save = (): void => {
    bridge.call('cameraLinks.set', { body: { source, cameras: chosen } }).then(() => setOpen(false)).catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  };
  if (!open) return <button data-testid="link-cameras" onClick={start} title={t('cameras.pickTitle', { what: label })}>{t('cameras.pick')}</button>;
  return (
    <div className="camera-link-editor panel" role="dialog" aria-label={t('video.camerasFor', { label: label })} data-testid="camera-link-editor">
      <div><strong>{t('cameras.for', { what: label })}</strong> <span className="muted">{t('cameras.count', { n: chosen.length, max: MAX_LINKED_CAMERAS })}</span></div>
      <div className="camera-choices">
        {options.map((o) => (
          <label key={o.ref}>
            <input type="checkbox" checked={chosen.includes(o.ref)} disabled={!chosen.includes(o.ref) && chosen.length >= MAX_LINKED_CAMERAS}
              onChange={(e) => setChosen(e.target.checked ? [...chosen, o.ref] : chosen.filter((x) => x !== o.ref))} /> {o.name} <span className="muted">{o.where}</span>
          </label>
        ))}
      </div>
      <button data-testid="camera-links-save" onClick={save}>{t('cameras.save')}</button> <button onClick={() => setOpen(false)}>{t('cameras.cancel')}</button>
      {error && <div className="error" role="alert">{error}</div>}
    </div>
  );
}
