import { useState, type FormEvent } from 'react';
import type { Bridge } from '../../../../shared/bridge.js';
import { useConsole } from '../../store/console-store.js';
import { t } from '../../i18n/strings.js';

export function Login({ bridge }: { bridge: Bridge }) {
  const setSession = useConsole((s) => s.setSession);
  const signedOut = useConsole((s) => s.signedOut);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setSession(await bridge.call('sessions.create', { body: { username, password } }));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="login" onSubmit={(e) => void submit(e)} data-testid="login-form">
      <h1>{t('login.watchdesk')}</h1>
      {signedOut && <div className="notice" role="status" data-testid="signed-out">{signedOut}</div>}
      <label>
        {t('login.operator')}
        <input data-testid="login-username" value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" autoFocus />
      </label>
      <label>
        {t('login.password')}
        <input data-testid="login-password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" />
      </label>
      {error && <div className="error" role="alert" data-testid="login-error">{error}</div>}
      <button type="submit" disabled={busy} data-testid="login-submit">{t('login.logIn')}</button>
    </form>
  );
}
