import { useState } from 'react';
import type { AlarmActionOutcome, Bridge } from '../../../../shared/bridge.js';
import type { AlarmView } from '../../../../shared/alarms/definitions.js';
import { ShelveForm } from './shelve-form.js';
import { alarmActions } from '../../bridge/alarm-actions.js';
import type { AlarmAction } from '../../../../shared/api/routes-alarms.js';
import { OpenIncidentButton } from '../incidents/open-incident.js';
import { t } from '../../i18n/strings.js';

/** What failed in a bulk action, one line per alarm, each by its name; empty when every alarm took it. */
export function failures(outcomes: AlarmActionOutcome[], names: Record<number, string>): string {
  return outcomes.filter((o) => !o.ok).map((o) => {
    const error = o.ok ? '' : o.error;
    const name = names[o.id];
    return name && !error.startsWith(name) ? `${name}: ${error}` : error;
  }).join('; ');
}

/** Acknowledge, shelve or reset every selected alarm at once; each alarm answers for itself. */
export function AlarmSelection({ bridge, selected, alarms, seen, onDone, onError }: { bridge: Bridge; selected: number[]; alarms: Record<number, AlarmView>; seen?: ReadonlyMap<number, number | undefined>; onDone: () => void; onError: (message: string | null) => void }) {
  const [shelving, setShelving] = useState(false);
  const rows = selected.map((id) => alarms[id]).filter((a): a is AlarmView => a !== undefined);
  const names = Object.fromEntries(rows.map((a) => [a.id, `${a.name} (${a.source.name})`]));
  // Each action goes only to the alarms it fits, as the operator saw them: their versions travel
  // with the ids, and one that changed since is refused by name rather than acted on.
  const run = (action: AlarmAction, targets: AlarmView[], body: Record<string, unknown> = {}): void => {
    onError(null);
    if (targets.length === 0) return;
    const versions: Record<string, number> = {};
    for (const a of targets) {
      const v = seen?.has(a.id) ? seen.get(a.id) : a.version;
      if (v !== undefined) versions[String(a.id)] = v;
    }
    alarmActions(bridge, targets.map((a) => a.id), action, body, Object.keys(versions).length ? versions : undefined)
      .then((outcomes) => { const f = failures(outcomes, names); if (f) onError(f); else onDone(); })
      .catch((err: unknown) => onError(err instanceof Error ? err.message : String(err)));
  };
  const unacked = rows.filter((a) => a.state === 'unack' || a.state === 'rtn-unack');
  const latched = rows.filter((a) => a.state === 'latched');
  return (
    <div className="selection-bar" role="toolbar" aria-label={t('alarms.selectedAlarms')} data-testid="alarm-selection">
      <strong>{selected.length} {t('alarms.selected')}</strong>
      {shelving ? (
        <ShelveForm onCancel={() => setShelving(false)} onShelve={(reason, durationS) => { setShelving(false); run('shelve', rows, { reason, durationS }); }} />
      ) : (
        <>
          <button data-testid="bulk-acknowledge" disabled={unacked.length === 0} onClick={() => run('acknowledge', unacked)}>{t('alarms.acknowledge')} {unacked.length}</button>
          <button data-testid="bulk-shelve" onClick={() => setShelving(true)}>{t('alarms.shelve')}</button>
          <button data-testid="bulk-reset" disabled={latched.length === 0} onClick={() => run('reset', latched)}>{t('alarms.reset')} {latched.length}</button>
          <OpenIncidentButton bridge={bridge} alarmIds={selected} label={t('alarms.openIncident', { length: selected.length })} />
          <button onClick={onDone}>{t('alarms.clearSelection')}</button>
        </>
      )}
    </div>
  );
}
