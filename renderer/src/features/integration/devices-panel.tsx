import { useEffect, useMemo, useState } from 'react';
import type { Bridge, TcpServerInfo } from '../../../../shared/bridge.js';
import type { CameraView, DeviceStatus } from '../../../../shared/domain.js';
import { useConsole } from '../../store/console-store.js';
import { DeviceForm, type DeviceDraft } from './device-form.js';
import { CameraLinkEditor } from '../video/linked-cameras.js';
import { t } from '../../i18n/strings.js';

/** A device to create from an unmatched id: the form opens with what the frames already told. */
export interface Prefill { deviceId: string; serverId: number }

/** Devices: add, edit, rename and delete them by name (admin); an unmatched id opens the form filled in. */
export function DevicesPanel({ bridge, admin, servers, types, prefill, onPrefillUsed }: {
  bridge: Bridge; admin: boolean; servers: TcpServerInfo[]; types: Array<{ id: string; name: string }>; prefill: Prefill | null; onPrefillUsed: () => void;
}) {
  const live = useConsole((s) => s.devices);
  const links = useConsole((s) => s.cameraLinks);
  const assets = useConsole((s) => s.assets);
  const devices = useMemo(() => Object.values(live).sort((a, b) => a.name.localeCompare(b.name)), [live]);
  const [cameras, setCameras] = useState<CameraView[]>([]);
  const [form, setForm] = useState<{ initial: DeviceDraft; editing?: number } | null>(null);
  const [note, setNote] = useState<string | null>(null);
  useEffect(() => { void bridge.call('cameras.list').then(setCameras).catch(() => undefined); }, [bridge, form]);
  useEffect(() => {
    if (!prefill) return;
    setForm({ initial: { name: prefill.deviceId, deviceId: prefill.deviceId, typeId: types[0]?.id ?? 'halo', serverId: prefill.serverId, location: '', cameraIds: [], offlineAfterS: 180 } });
    onPrefillUsed();
  }, [prefill, types, onPrefillUsed]);
  const edit = (d: DeviceStatus): void => setForm({ editing: d.id, initial: { name: d.name, deviceId: d.deviceId, typeId: d.typeId, serverId: d.serverId, location: d.location, cameraIds: d.cameraIds, offlineAfterS: d.offlineAfterS } });
  const remove = (d: DeviceStatus): void => {
    if (!window.confirm(t('integration.deleteWithItsStored', { name: d.name }))) return;
    bridge.call('devices.delete', { params: { id: d.id } }).then(() => setNote(t('integration.deleted', { name: d.name }))).catch((e: unknown) => setNote(e instanceof Error ? e.message : String(e)));
  };
  const blank: DeviceDraft = { name: '', deviceId: '', typeId: types[0]?.id ?? 'halo', serverId: servers[0]?.id ?? 1, location: '', cameraIds: [], offlineAfterS: 180 };
  const typeName = (id: string): string => types.find((t) => t.id === id)?.name ?? id;
  return (
    <section className="panel" aria-label={t('integration.devices')} data-testid="devices-panel">
      <h2>{t('integration.devices')} {admin && !form && <button data-testid="device-add" onClick={() => setForm({ initial: blank })}>{t('integration.addDevice')}</button>}</h2>
      {note && <div role="status" data-testid="devices-note">{note}</div>}
      {form && <DeviceForm key={form.editing ?? `new-${form.initial.deviceId}`} bridge={bridge} initial={form.initial} editing={form.editing} devices={devices} types={types} servers={servers} cameras={cameras} onDone={(n) => { setForm(null); if (n) setNote(n); }} />}
      {devices.length === 0 ? <div className="empty">{t('integration.noDevicesYet')}</div> : (
        <div className="table-scroll">
          <table data-testid="devices-list">
            <thead><tr><th>{t('integration.name')}</th><th>{t('integration.deviceId')}</th><th>{t('integration.type')}</th><th>{t('integration.location')}</th><th>{t('integration.cameras')}</th><th /></tr></thead>
            <tbody>{devices.map((d) => (
              <tr key={d.id} data-testid={`device-entry-${d.deviceId}`}>
                <td>{d.name}{d.demo && <span className="chip"> {t('integration.demo')}</span>}</td><td><code>{d.deviceId}</code></td><td>{typeName(d.typeId)}</td><td>{d.location}</td>
                <td>{[...d.cameraIds.map((c) => cameras.find((x) => x.id === c)?.name ?? `#${c}`), ...(links[`device:${d.id}`] ?? []).map((r) => (r.startsWith('camera:') ? cameras.find((x) => `camera:${x.id}` === r)?.name : assets[r.slice(6)]?.name) ?? r)].join(', ')}</td>
                <td>{admin && <><button data-testid={`device-edit-${d.deviceId}`} onClick={() => edit(d)}>{t('integration.edit')}</button><button onClick={() => remove(d)}>{t('integration.delete')}</button><CameraLinkEditor bridge={bridge} source={`device:${d.id}`} label={d.name} /></>}</td>
              </tr>
            ))}</tbody>
          </table>
        </div>
      )}
    </section>
  );
}
