import { useState } from 'react';
import type { Bridge, TcpServerInfo } from '../../../../shared/bridge.js';
import type { CameraView, DeviceStatus } from '../../../../shared/domain.js';
import { t } from '../../i18n/strings.js';

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export interface DeviceDraft { name: string; deviceId: string; typeId: string; serverId: number; location: string; cameraIds: number[]; offlineAfterS: number }

/** What is wrong with a device draft before it is sent, or null. */
export function deviceProblem(d: DeviceDraft, taken: ReadonlyArray<{ deviceId: string; serverId: number; id?: number }>, editing?: number): string | null {
  if (!d.name.trim()) return t('integration.nameNeeded');
  if (!d.deviceId.trim()) return t('integration.device.idNeeded');
  if (/\s/.test(d.deviceId.trim())) return t('integration.device.idSpace');
  if (taken.some((t) => t.deviceId === d.deviceId.trim() && t.serverId === d.serverId && t.id !== editing)) return t('integration.device.idTaken', { id: d.deviceId.trim() });
  if (!Number.isInteger(d.offlineAfterS) || d.offlineAfterS < 1) return t('integration.device.offlineAfter');
  return null;
}

/** Create or edit a device: name, the id it sends, its type, server, location and cameras, all by name. */
export function DeviceForm({ bridge, initial, editing, devices, types, servers, cameras, onDone }: {
  bridge: Bridge; initial: DeviceDraft; editing?: number; devices: DeviceStatus[]; types: Array<{ id: string; name: string }>; servers: TcpServerInfo[]; cameras: CameraView[];
  onDone: (note: string | null) => void;
}) {
  const [d, setD] = useState<DeviceDraft>(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const problem = deviceProblem(d, devices, editing);
  const save = (): void => {
    setError(null);
    setBusy(true);
    const body = { ...d, name: d.name.trim(), deviceId: d.deviceId.trim() };
    const call = editing === undefined ? bridge.call('devices.create', { body }) : bridge.call('devices.update', { params: { id: editing }, body });
    call.then((s) => onDone(editing === undefined ? t('integration.device.created', { name: s.name }) : t('integration.saved', { name: s.name })))
      .catch((e: unknown) => setError(message(e))).finally(() => setBusy(false));
  };
  return (
    <form className="settings-form device-form" data-testid="device-form" onSubmit={(e) => { e.preventDefault(); if (!problem) save(); }}>
      <strong>{editing === undefined ? t('integration.newDevice') : t('integration.edit2', { name: initial.name })}</strong>
      <label className="field"><span>{t('integration.name')}</span><input data-testid="device-name" value={d.name} onChange={(e) => setD({ ...d, name: e.target.value })} autoFocus /></label>
      <label className="field"><span>{t('integration.deviceIdWhatIt')}</span><input data-testid="device-id" value={d.deviceId} onChange={(e) => setD({ ...d, deviceId: e.target.value })} /></label>
      <label className="field"><span>{t('integration.deviceType')}</span>
        <select data-testid="device-type" value={d.typeId} onChange={(e) => setD({ ...d, typeId: e.target.value })}>{types.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}</select>
      </label>
      <label className="field"><span>{t('integration.tcpServer')}</span>
        <select data-testid="device-server" value={d.serverId} onChange={(e) => setD({ ...d, serverId: Number(e.target.value) })}>{servers.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}</select>
      </label>
      <label className="field"><span>{t('integration.locationArea')}</span><input data-testid="device-location" value={d.location} onChange={(e) => setD({ ...d, location: e.target.value })} /></label>
      <label className="field"><span>{t('integration.offlineAfterS')}</span><input data-testid="device-offline" inputMode="numeric" value={String(d.offlineAfterS)} onChange={(e) => setD({ ...d, offlineAfterS: Number(e.target.value) })} /></label>
      {cameras.length > 0 && (
        <fieldset className="field" data-testid="device-cameras"><legend>{t('integration.cameras')}</legend>
          {cameras.map((c) => (
            <label key={c.id}><input type="checkbox" checked={d.cameraIds.includes(c.id)} onChange={(e) => setD({ ...d, cameraIds: e.target.checked ? [...d.cameraIds, c.id] : d.cameraIds.filter((x) => x !== c.id) })} /> {c.name}</label>
          ))}
        </fieldset>
      )}
      {problem && (d.name || d.deviceId) && <span className="field-error" data-testid="device-problem">{problem}</span>}
      {error && <span className="error" role="alert" data-testid="device-error">{error}</span>}
      <div>
        <button type="submit" data-testid="device-save" disabled={Boolean(problem) || busy}>{busy ? t('integration.saving') : editing === undefined ? t('integration.createDevice') : t('integration.saveDevice')}</button>
        <button type="button" onClick={() => onDone(null)}>{t('integration.cancel')}</button>
      </div>
    </form>
  );
}
