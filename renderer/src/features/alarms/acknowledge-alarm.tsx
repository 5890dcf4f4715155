import { useState } from 'react';
import type { Bridge } from '../../../../shared/bridge.js';
import type { AlarmView } from '../../../../shared/alarms/definitions.js';
import { alarmAction } from '../../bridge/alarm-actions.js';
import { t } from '../../i18n/strings.js';

/** The alarm's own acknowledge, first in any popup that shows an alarm: not the asset's "Acknowledge state". */
export function AcknowledgeAlarm({ bridge, alarm }: { bridge: Bridge; alarm: AlarmView | undefined }) {
  const [error, setError] = useState<string | null>(null);
  if (!alarm || (alarm.state !== 'unack' && alarm.state !== 'rtn-unack')) return null;
  return (
    <>
      <button className="primary" data-testid="popup-ack-alarm" onClick={() => { setError(null); alarmAction(bridge, alarm.id, 'acknowledge').catch((e: unknown) => setError(e instanceof Error ? e.message : String(e))); }}>{t('alarms.acknowledgeAlarm')}</button>
      {error && <span className="error" role="alert">{error}</span>}
    </>
  );
}

/** The most urgent standing alarm of a marker's source. */
export const worstOf = (alarms: Record<number, AlarmView>, match: (a: AlarmView) => boolean): AlarmView | undefined =>
  Object.values(alarms).filter(match).sort((a, b) => a.priority - b.priority || a.id - b.id)[0];

