import { useEffect, useState } from 'react';
import type { Bridge } from '../../../../shared/bridge.js';
import { useConsole } from '../../store/console-store.js';
import { t } from '../../i18n/strings.js';

/** Forward to an operator who is signed in now, picked from a list: no name to mistype, no message lost. */
export function ForwardForm({ bridge, onForward, onCancel }: { bridge: Bridge; onForward: (to: string, message: string) => void; onCancel: () => void }) {
  const me = useConsole((s) => s.session?.username);
  const [online, setOnline] = useState<string[] | null>(null);
  const [to, setTo] = useState('');
  const [message, setMessage] = useState('');
  useEffect(() => {
    void bridge.call('operators.signedIn').then((list) => {
      const others = list.map((o) => o.username).filter((u) => u !== me);
      setOnline(others);
      setTo((t) => t || (others[0] ?? ''));
    }).catch(() => setOnline([]));
  }, [bridge, me]);
  return (
    <form className="inline-form" data-testid="forward-form" onSubmit={(e) => { e.preventDefault(); if (to) onForward(to, message); }}>
      <select aria-label={t('alarms.forwardToOperator')} data-testid="forward-to" value={to} onChange={(e) => setTo(e.target.value)} disabled={!online?.length}>
        {online === null ? <option value="">{t('alarms.loading2')}</option> : online.length === 0 ? <option value="">{t('alarms.noOtherOperatorIs')}</option> : online.map((u) => <option key={u} value={u}>{u}</option>)}
      </select>
      <input placeholder={t('alarms.message')} aria-label={t('alarms.message')} data-testid="forward-message" value={message} onChange={(e) => setMessage(e.target.value)} autoFocus />
      <button type="submit" data-testid="forward-confirm" disabled={!to}>{t('alarms.forward2')}</button>
      <button type="button" onClick={onCancel}>{t('alarms.cancel')}</button>
    </form>
  );
}
