import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Bridge } from '../../../../shared/bridge.js';
import { BackupSettingsSchema, type BackupSettings, type BackupView } from '../../../../shared/storage/settings.js';
import { formatTime } from '../../format.js';
import { splitRefusal } from '../settings/field-errors.js';
import { formatBytes, issuesByField } from './storage-format.js';
import { t, type StringKey } from '../../i18n/strings.js';

type Backups = { folder: string; settings: BackupSettings; lastError: string | null; backups: BackupView[] };
const FIELDS: Array<[key: 'everyHours' | 'keep' | 'folder', label: StringKey]> = [['everyHours', 'storage.backup.every'], ['keep', 'storage.backup.keep'], ['folder', 'storage.backup.folder']];
const toText = (s: BackupSettings): Record<string, string> => ({ everyHours: String(s.everyHours), keep: String(s.keep), folder: s.folder ?? '' });

/** The schedule, the folder, the copies kept; a backup now; the backups there are and the last failure. */
export function BackupsPanel({ bridge }: { bridge: Bridge }) {
  const [view, setView] = useState<Backups | null>(null);
  const [text, setText] = useState<Record<string, string>>({ everyHours: '24', keep: '7', folder: '' });
  const [refused, setRefused] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const reload = useCallback(async (): Promise<Backups | null> => {
    try {
      const v = await bridge.call('backups.list');
      setView(v);
      return v;
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
      return null;
    }
  }, [bridge]);
  useEffect(() => { void reload().then((v) => { if (v) setText(toText(v.settings)); }); }, [reload]);

  const { parsed, errors } = useMemo(() => {
    const number = (t: string): number => (t.trim() === '' ? Number.NaN : Number(t));
    const result = BackupSettingsSchema.safeParse({ everyHours: number(text.everyHours!), keep: number(text.keep!), folder: text.folder!.trim() || null });
    return { parsed: result.success ? result.data : null, errors: result.success ? {} : issuesByField(result.error.issues) };
  }, [text]);
  const changed = Boolean(view && parsed && (['everyHours', 'keep', 'folder'] as const).some((k) => parsed[k] !== view.settings[k]));

  const save = async (): Promise<void> => {
    if (!parsed) return;
    setMessage(null);
    setRefused({});
    try {
      const after = await bridge.call('backups.settings', { body: parsed });
      const v = await reload();
      setText(toText(after));
      setMessage(t('storage.backup.saved', { when: after.everyHours > 0 ? t('storage.backup.everyHours', { hours: after.everyHours }) : t('storage.backup.onDemand'), keep: after.keep, folder: v?.folder ?? after.folder ?? t('storage.backup.defaultFolder') }));
    } catch (e) {
      const { marks, other } = splitRefusal(e, FIELDS);
      setRefused(marks);
      setMessage(other.length ? t('storage.notSavedReasons', { reasons: other.join('; ') }) : t('storage.notSavedFields'));
    }
  };

  const backUpNow = async (): Promise<void> => {
    setBusy(true);
    setMessage(null);
    try {
      const b = await bridge.call('backups.take');
      setMessage(t('storage.backup.done', { file: b.file, size: formatBytes(b.bytes) }));
    } catch (e) {
      setMessage(t('storage.backup.failed', { error: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(false);
      await reload();
    }
  };

  const newest = view?.backups[0];
  const next = view && view.settings.everyHours > 0 ? (newest ? Math.max(Date.now(), newest.at + view.settings.everyHours * 3_600_000) : Date.now()) : null;
  return (
    <section className="panel" data-testid="backups-panel">
      <h2>{t('storage.backups')}</h2>
      <form className="settings-form" onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <div className="muted">{t('storage.backupsGoTo')} <code data-testid="backup-folder-now">{view?.folder ?? '…'}</code></div>
        <div className="form-row backup-fields">
          {FIELDS.map(([key, label]) => {
            const error = errors[key] ?? refused[key];
            return (
              <label key={key} className={`${error ? 'field invalid' : 'field'} backup-${key}`}>
                <span>{t(label)}</span>
                <input data-testid={`backup-${key}`} inputMode={key === 'folder' ? undefined : 'decimal'} value={text[key] ?? ''} placeholder={key === 'folder' ? view?.folder : ''}
                  onChange={(e) => setText({ ...text, [key]: e.target.value })} aria-invalid={Boolean(error)} />
                {error && <span className="field-error" data-testid={`backup-error-${key}`}>✗ {error}</span>}
              </label>
            );
          })}
        </div>
        <div className="command-row">
          <button type="submit" data-testid="backup-save" disabled={!parsed || !changed}>{t('storage.saveSchedule')}</button>
          <button type="button" data-testid="backup-now" disabled={busy} onClick={() => void backUpNow()}>{busy ? t('storage.backingUp') : t('storage.backUpNow')}</button>
          <span className="muted">{next === null ? t('storage.noScheduledBackups') : t('storage.nextScheduledBackupOr', { when: formatTime(next) })}</span>
        </div>
        {message && <div role="status" data-testid="backup-message">{message}</div>}
        {view?.lastError && <div className="error" data-testid="backup-last-error">{t('storage.lastBackupFailed')} {view.lastError}</div>}
      </form>
      <table data-testid="backup-list">
        <thead><tr><th>{t('storage.backup')}</th><th>{t('storage.taken')}</th><th>{t('storage.size')}</th></tr></thead>
        <tbody>
          {view?.backups.length === 0 && <tr><td colSpan={3} className="muted">{t('storage.noBackupsInThis')}</td></tr>}
          {view?.backups.map((b) => (
            <tr key={b.file} data-testid="backup-row"><td>{b.file}</td><td>{formatTime(b.at)}</td><td>{formatBytes(b.bytes)}</td></tr>
          ))}
        </tbody>
      </table>
      <div className="muted note">{t('storage.restoreOneWith')} <code>{t('storage.npmRunServeRestore')}</code>{t('storage.orInTheDesktop')}</div>
    </section>
  );
}
