import { useState } from 'react';
import type { Bridge } from '../../../../shared/bridge.js';
import { pickIncident } from './incident-links.js';
import { t } from '../../i18n/strings.js';

/** Opens an incident from one alarm or several (a flood group), then shows it in the Incidents tab. */
export function OpenIncidentButton({ bridge, alarmIds, label = t('incidents.openIncident') }: { bridge: Bridge; alarmIds: number[]; label?: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <span className="open-incident">
      <button data-testid={`open-incident-${alarmIds.join('-')}`} disabled={busy || alarmIds.length === 0} onClick={() => {
        setBusy(true);
        setError(null);
        bridge.call('incidents.open', { body: { alarmIds } }).then((i) => {
          pickIncident(i.id);
          location.hash = '#incidents';
        }, (err: unknown) => setError(err instanceof Error ? err.message : String(err))).finally(() => setBusy(false));
      }}>{label}</button>
      {error && <span className="error" role="alert">{error}</span>}
    </span>
  );
}
