import { useState } from 'react';
import type { Bridge } from '../../../../shared/bridge.js';
import { AcknowledgeAlarm, worstOf } from '../alarms/acknowledge-alarm.js';
import { commandLabel } from '../../../../shared/site/asset-model.js';
import type { AssetView } from '../../../../shared/site/views.js';
import type { CameraView } from '../../../../shared/domain.js';
import { useConsole, type MarkerKey } from '../../store/console-store.js';
import { formatTime } from '../../format.js';
import { useVideoSource } from '../video/video-wall.js';
import { LinkedCameras, useLinkedCameras } from '../video/linked-cameras.js';
import { AssetSnapshot, ConfirmCommand, Outcome } from '../assets/asset-detail.js';
import { useAssetCommands } from '../assets/use-asset-commands.js';
import { isOneClick } from '../assets/command-kinds.js';
import { readingOrder } from '../devices/reading-order.js';
import { t } from '../../i18n/strings.js';

const ALARM_STATE: Record<string, string> = { unack: 'active, unacknowledged', ack: 'active', 'rtn-unack': 'cleared, unacknowledged', latched: 'latched' };


function LinkedCamera({ bridge, camera }: { bridge: Bridge; camera: CameraView }) {
  const [src] = useVideoSource(bridge, camera, false);
  const [large, setLarge] = useState(false);
  return (
    <figure className={`popup-camera${large ? ' enlarged' : ''}`} data-testid="popup-camera">
      {src && <img src={src} alt={t('map.snapshot', { name: camera.name })} title={large ? t('map.clickToShrink') : t('map.clickToEnlarge')} data-testid="popup-camera-image" onClick={() => setLarge(!large)} />}
      <figcaption>{camera.name} · {camera.state}</figcaption>
    </figure>
  );
}

function DevicePopup({ bridge, id }: { bridge: Bridge; id: number }) {
  const device = useConsole((s) => s.devices[id]);
  const cameras = useConsole((s) => s.cameras);
  const alarms = useConsole((s) => s.alarms);
  const showOnChart = useConsole((s) => s.showOnChart);
  // Its other cameras (a PTZ camera of the room) come from the camera links.
  const ptz = useLinkedCameras(`device:${id}`, null).filter((r) => r.startsWith('asset:'));
  if (!device) return <span>{t('map.removed')}</span>;
  // Every standing alarm counts here, shelved ones too: the popup is where the operator looks closer.
  const alarm = worstOf(alarms, (a) => a.source.deviceId === id);
  const points = readingOrder(Object.keys(device.latest), 9);
  const linked = cameras.filter((c) => device.cameraIds.includes(c.id));
  return (
    <div className="marker-popup" data-testid="map-popup">
      <strong>{device.name}</strong> <span className="muted">{device.deviceId}</span>
      <div data-testid="popup-state">{alarm ? `${alarm.name} · ${ALARM_STATE[alarm.state]}${alarm.shelved ? ` · ${t('map.shelved')}` : ''}` : device.online ? t('map.online') : t('map.offline')}{device.customState && ` · ${device.customState}`}</div>
      <div className="popup-body">
        <table className="popup-values"><tbody>
          {points.map((p) => <tr key={p}><td>{p}</td><td data-testid={`popup-value-${p}`}>{device.latest[p]!.v}</td></tr>)}
        </tbody></table>
        {linked.slice(0, 1).map((c) => <LinkedCamera key={c.id} bridge={bridge} camera={c} />)}
        <LinkedCameras bridge={bridge} refs={ptz} small limit={1} />
      </div>
      <div className="muted">{t('map.lastSeen')} {formatTime(device.lastSeen)}</div>
      <div className="command-row">
        <AcknowledgeAlarm bridge={bridge} alarm={alarm} />
        <button data-testid="popup-chart" onClick={() => { showOnChart(id); document.querySelector('[data-testid="chart"]')?.scrollIntoView({ block: 'center' }); }}>{t('map.showOnChart')}</button>
      </div>
    </div>
  );
}

function AssetPopup({ bridge, asset }: { bridge: Bridge; asset: AssetView }) {
  const { rules, run, confirming, confirm, cancel, error } = useAssetCommands(bridge, asset);
  const presets = asset.type === 'camera' && rules['ptz-preset']?.allowed ? ((asset.attributes.presets ?? []) as Array<{ id: string; name: string }>) : [];
  const buttons = Object.entries(rules).filter(([c, r]) => r.allowed && isOneClick(c));
  const alarms = useConsole((s) => s.alarms);
  const alarm = worstOf(alarms, (a) => a.source.kind === 'asset' && a.source.id.replace(/^asset:/, '') === asset.id);
  const cameras = useLinkedCameras(`asset:${asset.id}`, asset.area);
  return (
    <div className="marker-popup" data-testid="map-popup">
      <strong>{asset.name}</strong> <span className="muted">{asset.area}</span>
      <div><span className="chip" style={{ background: asset.colour, color: '#111' }} data-testid="popup-state">{asset.displayed}</span></div>
      {asset.lastAccess && <div>{t('map.lastAccess')} {asset.lastAccess.granted ? t('map.granted') : t('map.denied')}, {asset.lastAccess.cardholder}, {formatTime(asset.lastAccess.at)}</div>}
      {alarm && <div data-testid="popup-alarm">{t('map.alarm')} {alarm.name} · {ALARM_STATE[alarm.state]}</div>}
      {asset.type === 'camera' && asset.attributes.snapshot === true && <AssetSnapshot bridge={bridge} asset={asset} small />}
      {asset.type !== 'camera' && <LinkedCameras bridge={bridge} refs={cameras} small limit={1} />}
      <div className="command-row">
        <AcknowledgeAlarm bridge={bridge} alarm={alarm} />
        {buttons.map(([c]) => <button key={c} data-testid={`popup-command-${c}`} onClick={() => run(c)}>{commandLabel(asset.type, c)}</button>)}
        {presets.slice(0, 6).map((p) => <button key={p.id} data-testid={`popup-preset-${p.id}`} onClick={() => run('ptz-preset', { presetId: p.id })}>{p.name}</button>)}
      </div>
      {confirming && <ConfirmCommand asset={asset} command={confirming.command} onConfirm={confirm} onCancel={cancel} />}
      <Outcome asset={asset} />
      {error && <div className="error" role="alert">{error}</div>}
    </div>
  );
}

/** A marker's popup: state, latest values, linked camera and command buttons, live from the store. */
export function MarkerPopup({ bridge, markerKey }: { bridge: Bridge; markerKey: MarkerKey }) {
  const assetId = markerKey.startsWith('asset:') ? markerKey.slice(6) : null;
  const asset = useConsole((s) => (assetId ? s.assets[assetId] : undefined));
  if (assetId) return asset ? <AssetPopup bridge={bridge} asset={asset} /> : <span>{t('map.removed')}</span>;
  return <DevicePopup bridge={bridge} id={Number(markerKey.slice(7))} />;
}
