import { memo, useState, type Ref } from 'react';
import type { Bridge } from '../../../../shared/bridge.js';
import type { AlarmView } from '../../../../shared/alarms/definitions.js';
import type { FloodGroup } from '../../../../shared/alarms/flood-groups.js';
import type { AlarmAction } from '../../../../shared/api/routes-alarms.js';
import { alarmActions } from '../../bridge/alarm-actions.js';
import { formatTime } from '../../format.js';
import { priorityBand } from './priority.js';
import { ShelveForm } from './shelve-form.js';
import { ForwardForm } from './forward-form.js';
import { failures } from './alarm-selection.js';
import { isUnacknowledged } from './alarm-order.js';
import { t } from '../../i18n/strings.js';

const hhmm = (t: number): string => new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hour12: false });

/**
 * One row for a whole flood: "Door Forced Open × 14 · Floor 1 – East · since 10:42". Its actions
 * go through the selection routes with every member's version, so each alarm is still acted on,
 * refused and audited by itself.
 */
export const FloodGroupRow = memo(function FloodGroupRow({ bridge, group, open, onToggle, onError, columns, measure, index }: {
  bridge: Bridge; group: FloodGroup; open: boolean; onToggle: (key: string) => void; onError: (message: string | null) => void; columns: number;
  /** For the virtual list: measures the row's height as drawn. */
  measure?: Ref<HTMLTableRowElement>; index?: number;
}) {
  const [form, setForm] = useState<'shelve' | 'assign' | null>(null);
  const unacked = group.members.filter(isUnacknowledged);
  const names = Object.fromEntries(group.members.map((a) => [a.id, `${a.name} (${a.source.name})`]));
  const run = (action: AlarmAction, targets: AlarmView[], body: Record<string, unknown> = {}): void => {
    onError(null);
    setForm(null);
    if (targets.length === 0) return;
    const versions: Record<string, number> = {};
    for (const a of targets) if (a.version !== undefined) versions[String(a.id)] = a.version;
    alarmActions(bridge, targets.map((a) => a.id), action, body, Object.keys(versions).length ? versions : undefined)
      .then((outcomes) => { const f = failures(outcomes, names); if (f) onError(f); })
      .catch((err: unknown) => onError(err instanceof Error ? err.message : String(err)));
  };
  const band = priorityBand(group.priority);
  return (
    <tr ref={measure} data-index={index} data-testid={`flood-group-${group.key}`} className={`alarm flood-group prio-${band}${unacked.length ? ' blink' : ''}`}>
      <td />
      <td><span className={`prio prio-${band}`}>{group.priority}</span></td>
      <td data-testid="flood-group-state">{unacked.length ? t('alarms.unacknowledged3', { length: unacked.length }) : t('alarms.acknowledged')}</td>
      <td className="alarm-name" colSpan={3}>
        <button className="link" aria-expanded={open} data-testid="flood-group-toggle" onClick={() => onToggle(group.key)}>
          <span className="chip warn">{group.kind === 'cause' ? t('alarms.cause') : t('alarms.flood')}</span> <strong data-testid="flood-group-title">{group.title}</strong> {t('alarms.since2')} <span title={formatTime(group.since)}>{hhmm(group.since)}</span> {open ? '▾' : '▸'}
        </button>
      </td>
      <td colSpan={columns - 7} />
      <td className="actions">
        <div className="action-buttons">
          {form === 'shelve' ? <ShelveForm onCancel={() => setForm(null)} onShelve={(reason, durationS) => run('shelve', group.members.filter((a) => !a.shelved), { reason, durationS })} />
            : form === 'assign' ? <ForwardForm bridge={bridge} onCancel={() => setForm(null)} onForward={(to, message) => run('forward', group.members, { to, message: message || `flood: ${group.title}` })} />
              : (
                <>
                  <button data-testid="flood-acknowledge" disabled={unacked.length === 0} onClick={() => run('acknowledge', unacked)}>{t('alarms.acknowledgeAll')} {unacked.length}</button>
                  <button data-testid="flood-shelve" onClick={() => setForm('shelve')}>{t('alarms.shelveAll')}</button>
                  <button data-testid="flood-assign" onClick={() => setForm('assign')}>{t('alarms.assign')}</button>
                </>
              )}
        </div>
      </td>
    </tr>
  );
});
