import { useEffect, useState } from 'react';
import type { Bridge } from '../../../../shared/bridge.js';
import type { OperatorView } from '../../../../shared/api/views.js';
import type { Role } from '../../../../shared/api/define.js';
import { useConsole } from '../../store/console-store.js';
import { OperatorAreasForm, areasText, useSiteAreas } from './operator-areas.js';
import { t } from '../../i18n/strings.js';

const ROLES: Role[] = ['operator', 'supervisor', 'admin'];
const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** A password typed twice; what it is wrong with, or null when it will do. */
export function passwordProblem(password: string, again: string): string | null {
  if (password.length < 8) return 'needs at least 8 characters';
  if (password !== again) return 'the two entries differ';
  return null;
}

function ResetPassword({ operator, onDone }: { operator: OperatorView; onDone: (password: string | null) => void }) {
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const problem = passwordProblem(password, again);
  return (
    <form className="inline-form" data-testid={`reset-form-${operator.username}`} onSubmit={(e) => { e.preventDefault(); if (!problem) onDone(password); }}>
      <input type="password" aria-label={t('accounts.newPasswordFor', { username: operator.username })} data-testid="reset-password" value={password} onChange={(e) => setPassword(e.target.value)} autoFocus />
      <input type="password" aria-label={t('accounts.newPasswordAgain')} data-testid="reset-password-again" value={again} onChange={(e) => setAgain(e.target.value)} />
      {password && problem && <span className="field-error">{problem}</span>}
      <button type="submit" data-testid="reset-confirm" disabled={Boolean(problem)}>{t('accounts.setPassword')}</button>
      <button type="button" onClick={() => onDone(null)}>{t('accounts.cancel')}</button>
    </form>
  );
}

/** Operators: an admin creates them, changes their role, disables them and resets their password. */
export function OperatorsPanel({ bridge }: { bridge: Bridge }) {
  const session = useConsole((s) => s.session);
  const admin = session?.role === 'admin';
  const [operators, setOperators] = useState<OperatorView[]>([]);
  const [note, setNote] = useState<string | null>(null);
  const [resetting, setResetting] = useState<number | null>(null);
  const [zoning, setZoning] = useState<number | null>(null);
  const siteAreas = useSiteAreas();
  const [draft, setDraft] = useState({ username: '', password: '', role: 'operator' as Role });

  const load = (): void => { void bridge.call('operators.list').then(setOperators).catch((e: unknown) => setNote(message(e))); };
  useEffect(load, [bridge]);

  const change = (o: OperatorView, body: { role?: Role; disabled?: boolean; password?: string; areas?: string[] }, done: string): void => {
    setNote(null);
    bridge.call('operators.update', { params: { id: o.id }, body }).then(() => { setNote(done); load(); }).catch((e: unknown) => setNote(message(e)));
  };
  const create = (): void => {
    setNote(null);
    bridge.call('operators.create', { body: draft })
      .then((o) => { setNote(`Created ${o.username} (${o.role}).`); setDraft({ username: '', password: '', role: 'operator' }); load(); })
      .catch((e: unknown) => setNote(message(e)));
  };
  const draftProblem = !draft.username.trim() ? 'a user name is needed' : /\s/.test(draft.username.trim()) ? 'the user name has a space' : draft.password.length < 8 ? 'the password needs at least 8 characters' : null;

  return (
    <section className="panel" aria-label={t('accounts.operators')} data-testid="operators-panel">
      <h2>{t('accounts.operators')} <span className="muted">· {admin ? t('accounts.createChangeRoleAnd') : t('accounts.anAdministratorChangesThem')}</span></h2>
      {note && <div role="status" data-testid="operators-note">{note}</div>}
      <table data-testid="operators-table">
        <thead><tr><th>{t('accounts.userName')}</th><th>{t('accounts.role')}</th><th title={t('accounts.theFloodBannerCounts')}>{t('accounts.areas')}</th><th>{t('accounts.status')}</th><th>{t('accounts.actions')}</th></tr></thead>
        <tbody>{operators.map((o) => {
          const self = o.username === session?.username;
          return [
            <tr key={o.id} data-testid={`operator-row-${o.username}`}>
              <td>{o.username}{self && <span className="muted"> {t('accounts.you')}</span>}</td>
              <td>
                <select aria-label={t('accounts.roleOf', { username: o.username })} data-testid={`operator-role-${o.username}`} value={o.role} disabled={!admin || self} title={self ? t('accounts.youCannotChangeYour') : undefined}
                  onChange={(e) => change(o, { role: e.target.value as Role }, `${o.username} is now ${e.target.value}.`)}>
                  {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
                </select>
              </td>
              <td data-testid={`operator-areas-${o.username}`}>{areasText(o.areas ?? [])}</td>
              <td data-testid={`operator-status-${o.username}`}>{o.disabled ? <span className="error">{t('accounts.disabled')}</span> : t('accounts.active')}</td>
              <td><div className="row-actions">
                {resetting === o.id ? (
                  <ResetPassword operator={o} onDone={(p) => { setResetting(null); if (p) change(o, { password: p }, `New password set for ${o.username}; their sessions ended.`); }} />
                ) : admin && zoning !== o.id && (
                  <>
                    <button data-testid={`operator-areas-edit-${o.username}`} onClick={() => setZoning(o.id)}>{t('accounts.areas2')}</button>
                    {!self && <button data-testid={`operator-disable-${o.username}`} onClick={() => change(o, { disabled: !o.disabled }, o.disabled ? `${o.username} may sign in again.` : `${o.username} is disabled; their sessions ended.`)}>{o.disabled ? t('accounts.enable') : t('accounts.disable')}</button>}
                    <button data-testid={`operator-reset-${o.username}`} onClick={() => setResetting(o.id)}>{t('accounts.resetPassword')}</button>
                  </>
                )}
              </div></td>
            </tr>,
            // The areas get a row of their own under the operator: a site has many.
            zoning === o.id && (
              <tr key={`${o.id}-areas`}><td colSpan={5}>
                <OperatorAreasForm operator={{ ...o, areas: o.areas ?? [] }} siteAreas={siteAreas} onDone={(areas) => { setZoning(null); if (areas) change(o, { areas }, `${o.username} watches ${areas.length ? [...areas].sort((x, y) => x.localeCompare(y)).join(', ') : 'all areas'}.`); }} />
              </td></tr>
            ),
          ];
        })}</tbody>
      </table>
      {admin && (
        <form className="inline-form" data-testid="operator-create" onSubmit={(e) => { e.preventDefault(); if (!draftProblem) create(); }}>
          <strong>{t('accounts.newOperator')}</strong>
          <input aria-label={t('accounts.userName')} placeholder={t('accounts.userName')} data-testid="new-operator-username" value={draft.username} onChange={(e) => setDraft({ ...draft, username: e.target.value })} />
          <input aria-label={t('accounts.password')} placeholder={t('accounts.password8Characters')} type="password" data-testid="new-operator-password" value={draft.password} onChange={(e) => setDraft({ ...draft, password: e.target.value })} />
          <select aria-label={t('accounts.role')} data-testid="new-operator-role" value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value as Role })}>{ROLES.map((r) => <option key={r} value={r}>{r}</option>)}</select>
          <button type="submit" data-testid="new-operator-create" disabled={Boolean(draftProblem)} title={draftProblem ?? undefined}>{t('accounts.createOperator')}</button>
          {(draft.username || draft.password) && draftProblem && <span className="muted">{draftProblem}</span>}
        </form>
      )}
    </section>
  );
}
