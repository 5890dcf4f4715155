import { useEffect, useState } from 'react';
import { t, type StringKey } from '../../i18n/strings.js';

const SHORTCUTS: Array<[keys: string, what: StringKey]> = [
  ['A', 'shortcut.acknowledge'],
  ['N', 'shortcut.next'],
  ['/', 'shortcut.events'],
  ['Ctrl+K', 'shortcut.search'],
  ['?', 'shortcut.toggle'],
  ['Esc', 'shortcut.close'],
];

/** Any part of the console may open the list (the Help button) by dispatching this on window. */
export const SHOW_SHORTCUTS = 'watchdesk:shortcuts';

const typing = (t: EventTarget | null): boolean => Boolean((t as HTMLElement | null)?.closest?.('input, textarea, select'));

/** Keyboard shortcuts, and the overlay that lists them. */
export function Shortcuts({ onMonitoring }: { onMonitoring: () => void }) {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    let next = -1;
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') setOpen(false);
      if (typing(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === '?') setOpen((o) => !o);
      if (e.key === '/') {
        e.preventDefault();
        onMonitoring();
        setTimeout(() => document.querySelector<HTMLInputElement>('[data-testid="event-search"]')?.focus(), 50);
      }
      if (e.key.toLowerCase() === 'n') {
        const rows = [...document.querySelectorAll<HTMLElement>('[data-testid^="alarm-row-"]')];
        if (rows.length === 0) return;
        next = (next + 1) % rows.length;
        rows[next]!.scrollIntoView({ block: 'center' });
        rows[next]!.querySelector<HTMLButtonElement>('button')?.focus();
      }
    };
    const show = (): void => setOpen(true);
    window.addEventListener('keydown', onKey);
    window.addEventListener(SHOW_SHORTCUTS, show);
    return () => { window.removeEventListener('keydown', onKey); window.removeEventListener(SHOW_SHORTCUTS, show); };
  }, [onMonitoring]);
  if (!open) return null;
  return (
    <div className="overlay" role="dialog" aria-label={t('help.keyboardShortcuts')} data-testid="shortcuts" onClick={() => setOpen(false)}>
      <div className="panel" onClick={(e) => e.stopPropagation()}>
        <h2>{t('help.keyboardShortcuts')}</h2>
        <table><tbody>{SHORTCUTS.map(([k, w]) => <tr key={k}><td><kbd>{k}</kbd></td><td>{t(w)}</td></tr>)}</tbody></table>
        <div className="chart-controls"><button onClick={() => setOpen(false)}>{t('help.close')}</button></div>
      </div>
    </div>
  );
}
