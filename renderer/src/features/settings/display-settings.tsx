import { useState } from 'react';
import { LANGUAGES, setLanguage, t, type StringKey } from '../../i18n/strings.js';

/** How this operator likes the console in this browser: for 24/7 rooms, day and night. */
export interface Display { theme: 'night' | 'day'; fontScale: number; language: string }

export const DEFAULT_DISPLAY: Display = { theme: 'night', fontScale: 1, language: 'en' };
export const FONT_SCALES: ReadonlyArray<[scale: number, label: StringKey]> = [[0.9, 'display.small'], [1, 'display.normal'], [1.15, 'display.large'], [1.3, 'display.larger'], [1.5, 'display.largest']];

const storageKey = (username: string): string => `watchdesk.display.${username}`;

export function loadDisplay(username: string): Display {
  try {
    const raw = JSON.parse(localStorage.getItem(storageKey(username)) ?? 'null') as Partial<Display> | null;
    if (!raw) return DEFAULT_DISPLAY;
    return {
      theme: raw.theme === 'day' ? 'day' : 'night',
      fontScale: FONT_SCALES.some(([s]) => s === raw.fontScale) ? raw.fontScale! : 1,
      language: typeof raw.language === 'string' && raw.language in LANGUAGES ? raw.language : 'en',
    };
  } catch {
    // Storage blocked or damaged: the defaults, never a broken console.
    return DEFAULT_DISPLAY;
  }
}

export function saveDisplay(username: string, display: Display): void {
  try { localStorage.setItem(storageKey(username), JSON.stringify(display)); } catch { /* private mode: this session only */ }
}

/** The theme and text size are CSS variables on the document; the language is the catalogue in use. */
export function applyDisplay(display: Display): void {
  const root = document.documentElement;
  root.dataset.theme = display.theme;
  root.style.setProperty('--font-scale', String(display.fontScale));
  root.lang = display.language;
  setLanguage(display.language);
}

export function DisplaySettings({ username, display, onChange, onClose }: { username: string; display: Display; onChange: (d: Display) => void; onClose: () => void }) {
  const [d, setD] = useState(display);
  const change = (next: Display): void => { setD(next); onChange(next); };
  return (
    <div className="overlay" role="dialog" aria-label={t('display.title')} data-testid="display-settings" onClick={onClose}>
      <div className="panel" onClick={(e) => e.stopPropagation()}>
        <h2>{t('display.title')}</h2>
        <div className="form-grid">
          <label>{t('display.theme')}
            <select data-testid="display-theme" value={d.theme} onChange={(e) => change({ ...d, theme: e.target.value === 'day' ? 'day' : 'night' })}>
              <option value="night">{t('display.night')}</option>
              <option value="day">{t('display.day')}</option>
            </select>
          </label>
          <label>{t('display.fontSize')}
            <select data-testid="display-font" value={String(d.fontScale)} onChange={(e) => change({ ...d, fontScale: Number(e.target.value) })}>
              {FONT_SCALES.map(([s, name]) => <option key={s} value={String(s)}>{t(name)} ({Math.round(s * 100)} %)</option>)}
            </select>
          </label>
          <label>{t('display.language')}
            <select data-testid="display-language" value={d.language} onChange={(e) => change({ ...d, language: e.target.value })}>
              {Object.entries(LANGUAGES).map(([code, l]) => <option key={code} value={code}>{l.name}</option>)}
            </select>
          </label>
        </div>
        <div className="muted">{t('display.note', { user: username })}</div>
        <div className="chart-controls"><button data-testid="display-close" onClick={onClose}>{t('display.close')}</button></div>
      </div>
    </div>
  );
}
