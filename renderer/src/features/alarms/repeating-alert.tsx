import { useEffect, useRef, useState } from 'react';
import type { Bridge } from '../../../../shared/bridge.js';
import { DEFAULT_ALERT_REPEAT, repeating, type AlertRepeat } from '../../../../shared/alarms/alert-repeat.js';
import { useConsole } from '../../store/console-store.js';
import { t } from '../../i18n/strings.js';
import { beep } from './annunciator.js';

const REFRESH_MS = 60_000;
/** Saved in this console: the others read it within a minute, this one at once. */
const CHANGED = 'watchdesk:alert-repeat';

/** The site's setting, asked at sign-in and every minute (it changes rarely). */
function useAlertRepeat(bridge: Bridge, signedIn: boolean): [AlertRepeat, (s: AlertRepeat) => void] {
  const [setting, setSetting] = useState<AlertRepeat>(DEFAULT_ALERT_REPEAT);
  useEffect(() => {
    if (!signedIn) return;
    const load = (): void => { void bridge.call('alertRepeat.get').then(setSetting).catch(() => undefined); };
    load();
    const timer = setInterval(load, REFRESH_MS);
    window.addEventListener(CHANGED, load);
    return () => { clearInterval(timer); window.removeEventListener(CHANGED, load); };
  }, [bridge, signedIn]);
  return [setting, setSetting];
}

/**
 * Sounds the alert again, every few seconds, while an alarm of a priority the site chose stands
 * unacknowledged: the annunciator's own tone, silent when the operator muted the console.
 */
export function useRepeatingAlert(bridge: Bridge, signedIn: boolean): void {
  const [setting] = useAlertRepeat(bridge, signedIn);
  const alarms = useConsole((s) => s.alarms);
  const muted = useConsole((s) => s.muted);
  const state = useRef({ alarms, muted });
  state.current = { alarms, muted };
  useEffect(() => {
    if (!signedIn || setting.upToPriority <= 0) return;
    const timer = setInterval(() => {
      const due = repeating(Object.values(state.current.alarms), setting);
      if (!due.length || state.current.muted) return;
      const worst = Math.min(...due.map((a) => a.priority));
      beep(worst <= 50 ? 'critical' : 'warning');
      // When it last sounded, on the page: what an e2e test (which hears nothing) can check.
      document.documentElement.dataset.alertRepeat = String(Date.now());
    }, setting.everyS * 1000);
    return () => clearInterval(timer);
  }, [signedIn, setting]);
}

/** Settings: which priorities repeat, and how often (administrators change it). */
export function AlertRepeatPanel({ bridge, admin }: { bridge: Bridge; admin: boolean }) {
  const [setting, setSetting] = useAlertRepeat(bridge, true);
  const [draft, setDraft] = useState<AlertRepeat | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const d = draft ?? setting;
  const save = (): void => {
    setNote(null);
    bridge.call('alertRepeat.set', { body: d }).then((saved) => {
      setSetting(saved);
      setDraft(null);
      window.dispatchEvent(new Event(CHANGED));
      setNote(t('alert.saved', { what: saved.upToPriority ? `1–${saved.upToPriority}, ${saved.everyS} s` : 'off' }));
    }).catch((err: unknown) => setNote(err instanceof Error ? err.message : String(err)));
  };
  return (
    <section className="panel" data-testid="alert-repeat">
      <h2>{t('alert.title')}</h2>
      <div className="detail-body">
        <div className="muted">{t('alert.explain')}</div>
        <div className="form-grid">
          <label>{t('alert.upTo')}
            <span><input type="number" min={0} max={1000} data-testid="alert-repeat-priority" disabled={!admin} value={d.upToPriority} onChange={(e) => setDraft({ ...d, upToPriority: Number(e.target.value) })} /> <span className="muted">{t('alert.off')}</span></span>
          </label>
          <label>{t('alert.every')}
            <input type="number" min={5} max={600} data-testid="alert-repeat-every" disabled={!admin} value={d.everyS} onChange={(e) => setDraft({ ...d, everyS: Number(e.target.value) })} />
          </label>
        </div>
        {admin && <button data-testid="alert-repeat-save" disabled={!draft} onClick={save}>{t('alert.save')}</button>}
        {note && <span className="muted" role="status" data-testid="alert-repeat-note"> {note}</span>}
      </div>
    </section>
  );
}
