import type { Bridge } from '../../../../shared/bridge.js';
import type { AlarmView } from '../../../../shared/alarms/definitions.js';
import type { CameraView } from '../../../../shared/domain.js';
import { useConsole } from '../../store/console-store.js';
import { useVideoSource } from '../video/video-wall.js';
import { LinkedCameras, useLinkedCameras } from '../video/linked-cameras.js';
import { t } from '../../i18n/strings.js';

function Snapshot({ bridge, camera }: { bridge: Bridge; camera: CameraView }) {
  const [src] = useVideoSource(bridge, camera, false);
  return (
    <figure className="alarm-camera" data-testid="alarm-camera">
      {src ? <img src={src} alt={t('alarms.snapshot', { name: camera.name })} /> : <div className="muted">{t('alarms.loading')} {camera.name}…</div>}
      <figcaption className="muted">{camera.name} · {camera.state}</figcaption>
    </figure>
  );
}

/** The cameras linked to an alarm's device, as snapshots refreshed every few seconds: what the room looks like now. */
export function AlarmCameras({ bridge, alarm }: { bridge: Bridge; alarm: AlarmView }) {
  const device = useConsole((s) => (alarm.source.deviceId === null ? undefined : s.devices[alarm.source.deviceId]));
  const cameras = useConsole((s) => s.cameras);
  const assetId = alarm.source.kind === 'asset' ? alarm.source.id.replace(/^asset:/, '') : null;
  const asset = useConsole((s) => (assetId ? s.assets[assetId] : undefined));
  // A door's cameras (its own, then its area's) and a device's PTZ cameras come from the camera links.
  const others = useLinkedCameras(asset ? `asset:${asset.id}` : device ? `device:${device.id}` : '', asset?.area ?? null).filter((r) => r.startsWith('asset:'));
  const linked = device ? cameras.filter((c) => device.cameraIds.includes(c.id)) : [];
  if (!linked.length && !others.length) return null;
  return (
    <div className="alarm-cameras">
      {linked.slice(0, 2).map((c) => <Snapshot key={c.id} bridge={bridge} camera={c} />)}
      <LinkedCameras bridge={bridge} refs={others} limit={Math.max(1, 2 - linked.length)} />
    </div>
  );
}
