import { useEffect, useState } from 'react';
import type { Bridge } from '../../../../shared/bridge.js';
import type { IntegrationAccountView } from '../../../../shared/api/views.js';
import { formatTime } from '../../format.js';
import { t } from '../../i18n/strings.js';

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Accounts that may only send generic events (Nx scripts, other systems); admin only. */
export function IntegrationAccountsPanel({ bridge }: { bridge: Bridge }) {
  const [accounts, setAccounts] = useState<IntegrationAccountView[]>([]);
  const [note, setNote] = useState<string | null>(null);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const load = (): void => { void bridge.call('integrationAccounts.list').then(setAccounts).catch((e: unknown) => setNote(message(e))); };
  useEffect(load, [bridge]);
  const problem = !username.trim() ? t('accounts.userNameNeeded') : /[\s:]/.test(username.trim()) ? t('accounts.userNameSpaces') : password.length < 8 ? t('accounts.passwordShort') : null;
  const create = (): void => {
    setNote(null);
    bridge.call('integrationAccounts.create', { body: { username: username.trim(), password } })
      .then((a) => { setNote(t('accounts.integrationCreated', { username: a.username })); setUsername(''); setPassword(''); load(); })
      .catch((e: unknown) => setNote(message(e)));
  };
  const remove = (a: IntegrationAccountView): void => {
    if (!window.confirm(t('accounts.deleteSystemsUsingIt', { username: a.username }))) return;
    bridge.call('integrationAccounts.delete', { params: { id: a.id } }).then(() => { setNote(t('accounts.deleted', { username: a.username })); load(); }).catch((e: unknown) => setNote(message(e)));
  };
  return (
    <section className="panel" aria-label={t('accounts.integrationAccounts')} data-testid="integration-accounts-panel">
      <h2>{t('accounts.integrationAccounts')} <span className="muted">{t('accounts.genericEventsOnlyHttp')}</span></h2>
      {note && <div role="status" data-testid="integration-accounts-note">{note}</div>}
      {accounts.length === 0 ? <div className="empty">{t('accounts.noIntegrationAccounts')}</div> : (
        <table data-testid="integration-accounts-table">
          <thead><tr><th>{t('accounts.userName')}</th><th>{t('accounts.may')}</th><th>{t('accounts.created')}</th><th /></tr></thead>
          <tbody>{accounts.map((a) => (
            <tr key={a.id} data-testid={`integration-account-${a.username}`}><td>{a.username}</td><td>{t('accounts.sendGenericEvents')}</td><td>{formatTime(a.createdAt)}</td><td><button onClick={() => remove(a)}>{t('accounts.delete')}</button></td></tr>
          ))}</tbody>
        </table>
      )}
      <form className="inline-form" onSubmit={(e) => { e.preventDefault(); if (!problem) create(); }}>
        <strong>{t('accounts.newAccount')}</strong>
        <input aria-label={t('accounts.accountUserName')} placeholder={t('accounts.userName')} data-testid="new-account-username" value={username} onChange={(e) => setUsername(e.target.value)} />
        <input aria-label={t('accounts.accountPassword')} placeholder={t('accounts.password8Characters')} type="password" data-testid="new-account-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        <button type="submit" data-testid="new-account-create" disabled={Boolean(problem)} title={problem ?? undefined}>{t('accounts.createAccount')}</button>
      </form>
    </section>
  );
}
