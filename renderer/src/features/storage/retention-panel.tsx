import { useEffect, useMemo, useState } from 'react';
import type { Bridge } from '../../../../shared/bridge.js';
import { RetentionSchema, type HousekeepingReport, type Retention } from '../../../../shared/storage/settings.js';
import { formatTime } from '../../format.js';
import { splitRefusal } from '../settings/field-errors.js';
import { formatDays, issuesByField } from './storage-format.js';
import { t, type StringKey } from '../../i18n/strings.js';

type Key = keyof Retention;
const CLASSES: Array<[key: Key, label: StringKey]> = [
  ['rawSamplesDays', 'storage.retention.raw'], ['rollupsDays', 'storage.retention.rollups'], ['eventsDays', 'storage.retention.events'],
  ['alarmHistoryDays', 'storage.retention.alarms'], ['auditDays', 'storage.retention.audit'],
];
const DEFAULTS = RetentionSchema.parse({});

const toText = (r: Retention): Record<Key, string> => Object.fromEntries(CLASSES.map(([k]) => [k, r[k] === null ? '' : String(r[k])])) as Record<Key, string>;

/** The form's text as a retention: an empty audit field keeps the audit forever. */
function candidate(text: Record<Key, string>): { value: Record<string, unknown>; notWhole: Record<string, string> } {
  const value: Record<string, unknown> = {};
  const notWhole: Record<string, string> = {};
  for (const [k] of CLASSES) {
    const v = text[k].trim();
    if (k === 'auditDays' && v === '') value[k] = null;
    else if (/^\d+$/.test(v)) value[k] = Number(v);
    else notWhole[k] = t('storage.retention.wholeDays');
  }
  return { value, notWhole };
}

/** How long each class of history is kept: checked as the admin types, with the same schema the core uses. */
export function RetentionPanel({ bridge }: { bridge: Bridge }) {
  const [saved, setSaved] = useState<Retention | null>(null);
  const [housekeeping, setHousekeeping] = useState<HousekeepingReport | null>(null);
  const [text, setText] = useState<Record<Key, string>>(toText(DEFAULTS));
  const [refused, setRefused] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    void bridge.call('retention.get').then(({ housekeeping: h, ...r }) => { setSaved(r); setText(toText(r)); setHousekeeping(h); }).catch((e: unknown) => setMessage(e instanceof Error ? e.message : String(e)));
  }, [bridge]);

  const { parsed, errors } = useMemo(() => {
    const { value, notWhole } = candidate(text);
    const result = RetentionSchema.safeParse(value);
    return { parsed: result.success ? result.data : null, errors: { ...(result.success ? {} : issuesByField(result.error.issues)), ...notWhole } };
  }, [text]);
  const changed = saved && parsed ? CLASSES.filter(([k]) => parsed[k] !== saved[k]).map(([k]) => k) : [];

  const save = async (): Promise<void> => {
    if (!parsed || !saved) return;
    setMessage(null);
    setRefused({});
    try {
      const body = Object.fromEntries(changed.map((k) => [k, parsed[k]]));
      const after = await bridge.call('retention.set', { body });
      setMessage(t('storage.retention.saved', { changes: changed.map((k) => t('storage.retention.change', { what: t(CLASSES.find(([c]) => c === k)![1]).toLowerCase(), now: formatDays(after[k]), was: formatDays(saved[k]) })).join('; ') }));
      setSaved(after);
      setText(toText(after));
    } catch (e) {
      const { marks, other } = splitRefusal(e, CLASSES);
      setRefused(marks);
      setMessage(other.length ? t('storage.notSavedReasons', { reasons: other.join('; ') }) : t('storage.notSavedFields'));
    }
  };

  return (
    <section className="panel" data-testid="retention-panel">
      <h2>{t('storage.retentionHowLongHistory')}</h2>
      <form className="settings-form" onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <table className="retention-table">
          <thead><tr><th>{t('storage.class')}</th><th>{t('storage.keepDays')}</th><th>{t('storage.now')}</th><th>{t('storage.default')}</th></tr></thead>
          <tbody>
            {CLASSES.map(([k, label]) => {
              const error = errors[k] ?? refused[k];
              return (
                <tr key={k}>
                  <td><label htmlFor={`retention-${k}`}>{t(label)}</label></td>
                  <td><div className={error ? 'field invalid' : 'field'}>
                    <input id={`retention-${k}`} data-testid={`retention-${k}`} inputMode="numeric" value={text[k]} placeholder={k === 'auditDays' ? t('storage.forever') : ''}
                      onChange={(e) => setText({ ...text, [k]: e.target.value })} aria-invalid={Boolean(error)} aria-describedby={error ? `retention-error-${k}` : undefined} />
                    {error && <span className="field-error" id={`retention-error-${k}`} data-testid={`retention-error-${k}`}>✗ {error}</span>}
                  </div></td>
                  <td className="muted">{saved ? formatDays(saved[k]) : '…'}</td>
                  <td className="muted">{formatDays(DEFAULTS[k])}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <div className="muted">{t('storage.leaveTheAuditTrail')}</div>
        <div className="command-row">
          <button type="submit" data-testid="retention-save" disabled={!parsed || changed.length === 0}>{t('storage.saveRetention')}</button>
          {changed.length > 0 && parsed && <span className="muted">{t(changed.length > 1 ? 'storage.changesNotSaved' : 'storage.changeNotSaved', { n: changed.length })}</span>}
        </div>
        {message && <div role="status" data-testid="retention-message">{message}</div>}
        {housekeeping && (
          <div className="muted" data-testid="housekeeping">
            {t('storage.housekeeping', {
              at: formatTime(housekeeping.at),
              deleted: Object.entries(housekeeping.deleted).filter(([, n]) => n > 0).map(([name, n]) => `${n} ${name}`).join(', ') || t('storage.nothingToDelete'),
              slices: housekeeping.slices,
              longest: housekeeping.maxSliceMs.toFixed(1),
              stopped: housekeeping.error ? t('storage.stopped', { error: housekeeping.error }) : '',
            })}
          </div>
        )}
      </form>
    </section>
  );
}
