import { useEffect, useState } from 'react';
import type { Bridge } from '../../../../shared/bridge.js';
import { DEFAULT_FLOOD_SETTINGS, type FloodSettings } from '../../../../shared/alarms/flood-groups.js';
import { t } from '../../i18n/strings.js';

/** When alarms collapse into flood groups: N alarms in M minutes (the admin's; everyone sees them). */
export function FloodSettingsPanel({ bridge, admin }: { bridge: Bridge; admin: boolean }) {
  const [saved, setSaved] = useState<FloodSettings>(DEFAULT_FLOOD_SETTINGS);
  const [count, setCount] = useState(String(DEFAULT_FLOOD_SETTINGS.count));
  const [minutes, setMinutes] = useState(String(DEFAULT_FLOOD_SETTINGS.minutes));
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    void bridge.call('floods.settings').then((s) => { setSaved(s); setCount(String(s.count)); setMinutes(String(s.minutes)); }).catch(() => undefined);
  }, [bridge]);
  const save = (): void => {
    setMessage(null);
    bridge.call('floods.updateSettings', { body: { count: Number(count), minutes: Number(minutes) } })
      .then((s) => { setSaved(s); setMessage('Saved: consoles use it when they next open.'); })
      .catch((e: unknown) => setMessage(e instanceof Error ? e.message : String(e)));
  };
  return (
    <section className="panel">
      <h2>{t('settings.alarmFloods')} <span className="muted">{t('settings.floodRule', { count: saved.count, minutes: saved.minutes })}</span></h2>
      <form className="settings-form" onSubmit={(e) => { e.preventDefault(); save(); }}>
        <label className="field"><span>{t('settings.moreThanNAlarms')}</span>
          <input type="number" min={2} max={1000} data-testid="flood-count" disabled={!admin} value={count} onChange={(e) => setCount(e.target.value)} /></label>
        <label className="field"><span>{t('settings.activatingWithinMMinutes')}</span>
          <input type="number" min={1} max={240} data-testid="flood-minutes" disabled={!admin} value={minutes} onChange={(e) => setMinutes(e.target.value)} /></label>
        {admin && <button type="submit" data-testid="flood-save">{t('settings.save')}</button>}
        {message && <div role="status" data-testid="flood-message">{message}</div>}
      </form>
    </section>
  );
}
