import { useEffect, useState } from 'react';
import type { Bridge } from '../../../../shared/bridge.js';
import type { SiteConnectionView } from '../../../../shared/site/views.js';
import { useConsole } from '../../store/console-store.js';
import { formatTime } from '../../format.js';
import { CameraConnections } from './camera-connections.js';
import { OperatorsPanel } from '../accounts/operators-panel.js';
import { AlertRepeatPanel } from '../alarms/repeating-alert.js';
import { IntegrationAccountsPanel } from '../accounts/integration-accounts-panel.js';
import { splitRefusal } from './field-errors.js';
import { StorageSettings } from '../storage/storage-settings.js';
import { FloodSettingsPanel } from './flood-settings-panel.js';
import { t, type StringKey } from '../../i18n/strings.js';

const FIELDS: Array<[key: string, label: StringKey, type: string]> = [
  ['directoryServer', 'settings.site.directoryServer', 'text'], ['username', 'settings.userName', 'text'], ['password', 'settings.password', 'password'], ['dataServerPort', 'settings.site.dataServerPort', 'number'],
];

/** Connection settings with a mark on each field the core refused (the seed's red X), and the driver log. */
export function SettingsView({ bridge }: { bridge: Bridge }) {
  const session = useConsole((s) => s.session);
  const [connection, setConnection] = useState<SiteConnectionView | null>(null);
  const [values, setValues] = useState<Record<string, string>>({ directoryServer: '', username: '', password: '', dataServerPort: '9010' });
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [log, setLog] = useState<Array<{ t: number; level: string; source: string; message: string }>>([]);
  const admin = session?.role === 'admin';

  useEffect(() => {
    void bridge.call('site.connection').then((c) => {
      setConnection(c);
      if (c.settings) setValues({ directoryServer: c.settings.directoryServer, username: c.settings.username, password: '', dataServerPort: String(c.settings.dataServerPort) });
    }).catch(() => undefined);
    if (session?.role !== 'operator') void bridge.call('site.log').then(setLog).catch(() => undefined);
  }, [bridge, session?.role]);

  const save = async (): Promise<void> => {
    setFieldErrors({});
    setMessage(null);
    try {
      const c = await bridge.call('site.configure', { body: {
        directoryServer: values.directoryServer, username: values.username, dataServerPort: Number(values.dataServerPort),
        ...(values.password ? { password: values.password } : {}), activity: connection?.settings?.activity ?? true,
      } });
      setConnection(c);
      setMessage(t('settings.site.saved', { state: c.state, error: c.error ? ` — ${c.error}` : '' }));
    } catch (e) {
      const { marks, other } = splitRefusal(e, FIELDS);
      if (other.length) setMessage(other[other.length - 1]!);
      setFieldErrors(marks);
    }
  };

  return (
    <main className="integration">
      {session?.role !== 'operator' && <OperatorsPanel bridge={bridge} />}
      {admin && <IntegrationAccountsPanel bridge={bridge} />}
      <section className="panel">
        <h2>{t('settings.securitySystemConnection')} <span className="muted">{connection ? connection.state : ''}</span></h2>
        <form className="settings-form" onSubmit={(e) => { e.preventDefault(); void save(); }}>
          {FIELDS.map(([key, label, type]) => (
            <label key={key} className={fieldErrors[key] ? 'field invalid' : 'field'}>
              <span>{t(label)}</span>
              <input type={type} data-testid={`setting-${key}`} disabled={!admin} value={values[key] ?? ''} placeholder={key === 'password' && connection?.settings?.hasPassword ? t('settings.unchanged') : ''} onChange={(e) => setValues({ ...values, [key]: e.target.value })} aria-invalid={Boolean(fieldErrors[key])} />
              {fieldErrors[key] && <span className="field-error" data-testid={`setting-error-${key}`}>✗ {fieldErrors[key]}</span>}
            </label>
          ))}
          {admin && <button type="submit" data-testid="setting-save">{t('settings.saveAndConnect')}</button>}
          {message && <div role="status" data-testid="setting-message">{message}</div>}
          {connection && <div className="muted">{t('settings.ports', { video: connection.ports.video, server: connection.ports.server, dataServer: connection.ports.dataServer, debugTools: connection.ports.debugTools })}</div>}
        </form>
      </section>
      <CameraConnections bridge={bridge} admin={admin} />
      {admin && <StorageSettings bridge={bridge} />}
      <FloodSettingsPanel bridge={bridge} admin={admin} />
      <AlertRepeatPanel bridge={bridge} admin={admin} />
      {log.length > 0 && (
        <section className="panel">
          <h2>{t('settings.driverLog')}</h2>
          <div className="event-scroller" data-testid="driver-log">
            {log.map((l, i) => <div key={i} className={`event-row log-${l.level}`}><span className="muted">{formatTime(l.t)}</span> · {l.source} · {l.message}</div>)}
          </div>
        </section>
      )}
    </main>
  );
}
