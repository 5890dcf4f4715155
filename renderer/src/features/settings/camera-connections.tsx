import { useCallback, useEffect, useState } from 'react';
import type { Bridge } from '../../../../shared/bridge.js';
import type { ConnectionView, DiscoveredDevice } from '../../../../shared/site/views.js';
import { splitRefusal } from './field-errors.js';
import { t, type StringKey } from '../../i18n/strings.js';

const FIELDS: Array<[key: string, label: StringKey, type: string]> = [
  ['address', 'settings.onvif.address', 'text'], ['port', 'settings.onvif.port', 'number'], ['username', 'settings.userName', 'text'], ['password', 'settings.password', 'password'], ['name', 'settings.onvif.name', 'text'], ['area', 'settings.onvif.area', 'text'],
];
const EMPTY = { address: '', port: '80', username: '', password: '', name: '', area: 'Cameras' };

/**
 * ONVIF cameras and other connections beside the security system: their state, adding a camera
 * by address (each refused field marked), an on-demand discovery, removing one.
 */
export function CameraConnections({ bridge, admin }: { bridge: Bridge; admin: boolean }) {
  const [connections, setConnections] = useState<ConnectionView[]>([]);
  const [values, setValues] = useState<Record<string, string>>(EMPTY);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [found, setFound] = useState<DiscoveredDevice[] | null>(null);
  const [busy, setBusy] = useState(false);

  const reload = useCallback(() => { void bridge.call('connections.list').then((l) => setConnections(l.filter((c) => !c.primary))).catch(() => undefined); }, [bridge]);
  useEffect(reload, [reload]);

  const add = async (): Promise<void> => {
    setFieldErrors({});
    setMessage(null);
    setBusy(true);
    try {
      const c = await bridge.call('connections.create', { body: {
        driver: 'onvif', address: values.address!, port: Number(values.port), username: values.username!,
        ...(values.password ? { password: values.password } : {}), ...(values.name ? { name: values.name } : {}), ...(values.area ? { area: values.area } : {}),
      } });
      setMessage(`${c.name}: ${c.state}${c.error ? ` — ${c.error}` : ''}`);
      if (c.state === 'connected') setValues(EMPTY);
      reload();
    } catch (e) {
      const { marks, other } = splitRefusal(e, FIELDS);
      if (other.length) setMessage(other[other.length - 1]!);
      setFieldErrors(marks);
    } finally {
      setBusy(false);
    }
  };

  const discover = async (): Promise<void> => {
    setBusy(true);
    setFound(null);
    try {
      setFound(await bridge.call('connections.discover', { body: {} }));
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (c: ConnectionView): Promise<void> => {
    try {
      await bridge.call('connections.delete', { params: { id: c.id } });
      reload();
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <section className="panel" data-testid="camera-connections">
      <h2>{t('settings.camerasAndOtherConnections')}</h2>
      {connections.length === 0 && <div className="muted">{t('settings.onlyTheSecuritySystem')}</div>}
      <ul className="connection-list">
        {connections.map((c) => (
          <li key={c.id} data-testid={`settings-connection-${c.id}`}>
            <strong>{c.name}</strong> <span className="muted">{c.driver} · {String(c.settings?.address ?? c.settings?.directoryServer ?? '')}{c.settings?.port ? `:${String(c.settings.port)}` : ''} · {t('settings.assetS', { n: c.assets })}</span>{' '}
            <span className={c.communication ? 'ok' : 'bad'}>{c.communication ? c.state : c.state === 'connected' ? t('settings.noCommunication') : c.state}</span>
            {c.error && <span className="error"> — {c.error}</span>}
            {admin && <button onClick={() => void remove(c)} aria-label={t('settings.remove', { name: c.name })}>{t('settings.remove2')}</button>}
          </li>
        ))}
      </ul>
      {admin && (
        <form className="settings-form" onSubmit={(e) => { e.preventDefault(); void add(); }}>
          <h3>{t('settings.addAnOnvifCamera')}</h3>
          {FIELDS.map(([key, label, type]) => (
            <label key={key} className={fieldErrors[key] ? 'field invalid' : 'field'}>
              <span>{t(label)}</span>
              <input type={type} data-testid={`camera-${key}`} value={values[key] ?? ''} onChange={(e) => setValues({ ...values, [key]: e.target.value })} aria-invalid={Boolean(fieldErrors[key])} />
              {fieldErrors[key] && <span className="field-error" data-testid={`camera-error-${key}`}>✗ {fieldErrors[key]}</span>}
            </label>
          ))}
          <div className="command-row">
            <button type="submit" data-testid="camera-add" disabled={busy}>{t('settings.addAndConnect')}</button>
            <button type="button" data-testid="camera-discover" disabled={busy} onClick={() => void discover()}>{t('settings.findCamerasOnThis')}</button>
          </div>
          {message && <div role="status" data-testid="camera-message">{message}</div>}
          {found && (
            <ul className="connection-list" data-testid="discovered">
              {found.length === 0 && <li className="muted">{t('settings.noNewOnvifDevice')}</li>}
              {found.map((d) => (
                <li key={d.urn}>{d.name ?? t('settings.onvifDevice')} {d.hardware && <span className="muted">{d.hardware}</span>} · {d.address}:{d.port}{' '}
                  <button type="button" onClick={() => setValues({ ...values, address: d.address, port: String(d.port), name: d.name ?? '' })}>{t('settings.use')}</button>
                </li>
              ))}
            </ul>
          )}
        </form>
      )}
    </section>
  );
}
