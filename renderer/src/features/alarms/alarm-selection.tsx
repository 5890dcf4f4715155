import { useState } from 'react';
import type { AlarmActionOutcome, Bridge } from '../../../../shared/bridge.js';
import type { AlarmView } from '../../../../shared/alarms/definitions.js';
import { ShelveForm } from './shelve-form.js';
import { alarmActions } from '../../bridge/alarm-actions.js';
import type { AlarmAction } from '../../../../shared/api/routes-alarms.js';

/** What failed in a bulk action, one line per alarm; empty when every alarm took it. */
export function failures(outcomes: AlarmActionOutcome[], names: Record<number, string>): string {
  return outcomes.filter((o) => !o.ok).map((o) => `${names[o.id] ?? `Alarm ${o.id}`}: ${o.ok ? '' : o.error}`).join('; ');
}

/** Acknowledge, shelve or reset every selected alarm at once; each alarm answers for itself. */
export function AlarmSelection({ bridge, selected, alarms, onDone, onError }: { bridge: Bridge; selected: number[]; alarms: Record<number, AlarmView>; onDone: () => void; onError: (message: string | null) => void }) {
  const [shelving, setShelving] = useState(false);
  const names = Object.fromEntries(selected.map((id) => [id, alarms[id]?.name ?? `Alarm ${id}`]));
  const run = (action: AlarmAction, body: Record<string, unknown> = {}): void => {
    onError(null);
    alarmActions(bridge, selected, action, body)
      .then((outcomes) => { const f = failures(outcomes, names); if (f) onError(f); else onDone(); })
      .catch((err: unknown) => onError(err instanceof Error ? err.message : String(err)));
  };
  const rows = selected.map((id) => alarms[id]).filter((a): a is AlarmView => a !== undefined);
  const unacked = rows.filter((a) => a.state === 'unack' || a.state === 'rtn-unack').length;
  const latched = rows.filter((a) => a.state === 'latched').length;
  return (
    <div className="selection-bar" role="toolbar" aria-label="Selected alarms" data-testid="alarm-selection">
      <strong>{selected.length} selected</strong>
      {shelving ? (
        <ShelveForm onCancel={() => setShelving(false)} onShelve={(reason, durationS) => { setShelving(false); run('shelve', { reason, durationS }); }} />
      ) : (
        <>
          <button data-testid="bulk-acknowledge" disabled={unacked === 0} onClick={() => run('acknowledge')}>Acknowledge {unacked}</button>
          <button data-testid="bulk-shelve" onClick={() => setShelving(true)}>Shelve…</button>
          <button data-testid="bulk-reset" disabled={latched === 0} onClick={() => run('reset')}>Reset {latched}</button>
          <button onClick={onDone}>Clear selection</button>
        </>
      )}
    </div>
  );
}
