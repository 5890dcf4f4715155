import { useState } from 'react';
import type { Bridge } from '../../../../shared/bridge.js';
import { passwordProblem } from './operators-panel.js';
import { t } from '../../i18n/strings.js';

/** Every operator changes their own password here; their other sessions end. */
export function MyPassword({ bridge, onClose }: { bridge: Bridge; onClose: () => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const problem = !current ? t('accounts.giveCurrentPassword') : passwordProblem(next, again);
  const save = (): void => {
    setNote(null);
    bridge.call('sessions.changePassword', { body: { current, new: next } })
      .then(() => { setNote({ ok: true, text: t('accounts.passwordChanged') }); setCurrent(''); setNext(''); setAgain(''); })
      .catch((e: unknown) => setNote({ ok: false, text: e instanceof Error ? e.message : String(e) }));
  };
  return (
    <div className="overlay" role="dialog" aria-label={t('accounts.changeMyPassword')} data-testid="my-password" onClick={onClose}>
      <form className="panel settings-form" onClick={(e) => e.stopPropagation()} onSubmit={(e) => { e.preventDefault(); if (!problem) save(); }}>
        <h2>{t('accounts.changeMyPassword')}</h2>
        <label className="field"><span>{t('accounts.currentPassword')}</span><input type="password" data-testid="my-password-current" value={current} onChange={(e) => setCurrent(e.target.value)} autoFocus /></label>
        <label className="field"><span>{t('accounts.newPassword8Characters')}</span><input type="password" data-testid="my-password-new" value={next} onChange={(e) => setNext(e.target.value)} /></label>
        <label className="field"><span>{t('accounts.newPasswordAgain')}</span><input type="password" data-testid="my-password-again" value={again} onChange={(e) => setAgain(e.target.value)} /></label>
        {(next || again) && problem && <span className="field-error">{problem}</span>}
        <div>
          <button type="submit" data-testid="my-password-save" disabled={Boolean(problem)}>{t('accounts.changePassword')}</button>
          <button type="button" onClick={onClose}>{t('accounts.close')}</button>
        </div>
        {note && <div role="status" className={note.ok ? '' : 'error'} data-testid="my-password-note">{note.text}</div>}
      </form>
    </div>
  );
}
