import { useEffect, useState } from 'react';
import type { Bridge } from '../../../../shared/bridge.js';
import type { CameraView } from '../../../../shared/domain.js';
import { t, type StringKey } from '../../i18n/strings.js';

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));
type Draft = { name: string; mjpegUrl: string; snapshotUrl: string; username: string; password: string; location: string };
const EMPTY: Draft = { name: '', mjpegUrl: '', snapshotUrl: '', username: '', password: '', location: '' };
const FIELDS: Array<[keyof Draft, StringKey, string]> = [
  ['name', 'integration.camera.name', 'text'], ['location', 'integration.camera.location', 'text'], ['mjpegUrl', 'integration.camera.mjpegUrl', 'url'], ['snapshotUrl', 'integration.camera.snapshotUrl', 'url'], ['username', 'integration.camera.username', 'text'], ['password', 'integration.camera.password', 'password'],
];

/** Whether a camera URL is acceptable: empty, or http(s). */
export function cameraUrlProblem(url: string): string | null {
  if (!url) return null;
  try {
    return ['http:', 'https:'].includes(new URL(url).protocol) ? null : t('integration.camera.notHttp');
  } catch {
    return t('integration.camera.notUrl');
  }
}

/** Cameras: add, edit and remove them (admin); the password is write-only. */
export function CamerasPanel({ bridge, admin }: { bridge: Bridge; admin: boolean }) {
  const [cameras, setCameras] = useState<CameraView[]>([]);
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [note, setNote] = useState<string | null>(null);
  const load = (): void => { void bridge.call('cameras.list').then(setCameras).catch((e: unknown) => setNote(message(e))); };
  useEffect(load, [bridge]);
  const problem = !draft.name.trim() ? t('integration.nameNeeded')
    : cameraUrlProblem(draft.mjpegUrl) ? t('integration.camera.mjpegProblem', { problem: cameraUrlProblem(draft.mjpegUrl)! })
      : cameraUrlProblem(draft.snapshotUrl) ? t('integration.camera.snapshotProblem', { problem: cameraUrlProblem(draft.snapshotUrl)! }) : null;

  const save = (): void => {
    setNote(null);
    const { password, ...rest } = draft;
    // An empty password field on an edit keeps the stored one.
    const body = { ...rest, name: rest.name.trim(), ...(password ? { password } : {}) };
    const call = editing === 'new' || editing === null ? bridge.call('cameras.create', { body }) : bridge.call('cameras.update', { params: { id: editing }, body });
    call.then((c) => { setNote(t('integration.camera.saved', { name: c.name })); setEditing(null); load(); }).catch((e: unknown) => setNote(message(e)));
  };
  const remove = (c: CameraView): void => {
    if (!window.confirm(t('integration.removeCamera', { name: c.name }))) return;
    bridge.call('cameras.delete', { params: { id: c.id } }).then(() => { setNote(t('integration.removed', { name: c.name })); load(); }).catch((e: unknown) => setNote(message(e)));
  };
  const edit = (c: CameraView | null): void => {
    setEditing(c ? c.id : 'new');
    setDraft(c ? { name: c.name, mjpegUrl: c.mjpegUrl, snapshotUrl: c.snapshotUrl, username: c.username, password: '', location: c.location } : EMPTY);
  };

  return (
    <section className="panel" aria-label={t('integration.cameras')} data-testid="cameras-panel">
      <h2>{t('integration.cameras')} {admin && editing === null && <button data-testid="camera-add" onClick={() => edit(null)}>{t('integration.addCamera')}</button>}</h2>
      {note && <div role="status" data-testid="cameras-note">{note}</div>}
      {editing !== null && (
        <form className="settings-form" data-testid="camera-form" onSubmit={(e) => { e.preventDefault(); if (!problem) save(); }}>
          {FIELDS.map(([key, label, type]) => (
            <label key={key} className="field"><span>{t(label)}</span>
              <input type={type === 'password' ? 'password' : 'text'} data-testid={`camera-${key}`} value={draft[key]} placeholder={key === 'password' && editing !== 'new' ? t('integration.unchanged') : ''} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} />
            </label>
          ))}
          {problem && draft.name && <span className="field-error">{problem}</span>}
          <div><button type="submit" data-testid="camera-save" disabled={Boolean(problem)} title={problem ?? undefined}>{t('integration.saveCamera')}</button><button type="button" onClick={() => setEditing(null)}>{t('integration.cancel')}</button></div>
        </form>
      )}
      <div className="table-scroll">
        <table data-testid="cameras-table">
          <thead><tr><th>{t('integration.name')}</th><th>{t('integration.location')}</th><th>{t('integration.stream')}</th><th>{t('integration.state')}</th><th /></tr></thead>
          <tbody>{cameras.map((c) => (
            <tr key={c.id} data-testid={`camera-row-${c.name}`}>
              <td>{c.name}{c.demo && <span className="chip"> {t('integration.demo')}</span>}</td><td>{c.location}</td><td className="muted">{c.mjpegUrl || c.snapshotUrl || '—'}</td><td>{c.state}{c.error ? ` — ${c.error}` : ''}</td>
              <td>{admin && !c.demo && <><button onClick={() => edit(c)}>{t('integration.edit')}</button><button onClick={() => remove(c)}>{t('integration.remove')}</button></>}</td>
            </tr>
          ))}</tbody>
        </table>
      </div>
    </section>
  );
}
