// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from '../../renderer/src/app.js';
import { useConsole } from '../../renderer/src/store/console-store.js';
import { setLanguage, t } from '../../renderer/src/i18n/strings.js';
import type { Bridge } from '../../shared/bridge.js';

/** Every route answers an empty list, except who is signed in: enough for the top bar and an empty tab. */
const bridge = {
  call: (name: string) => Promise.resolve(name === 'sessions.current' ? { username: 'olga', role: 'operator', expiresAt: Date.now() + 60_000 } : []),
  subscribe: () => () => undefined,
  mediaBase: '',
} as unknown as Bridge;

beforeEach(() => {
  localStorage.clear();
  location.hash = '#incidents';
  useConsole.setState({ session: null });
});
afterEach(() => { cleanup(); setLanguage('en'); });

describe('the language setting', () => {
  it('switches the tab names to French in Display, and keeps them for this operator', async () => {
    render(<App bridge={bridge} />);
    await waitFor(() => expect(screen.getByTestId('tab-monitoring').textContent).toBe('Monitoring'));
    fireEvent.click(screen.getByTestId('display-open'));
    fireEvent.change(screen.getByTestId('display-language'), { target: { value: 'fr' } });
    expect(screen.getByTestId('tab-monitoring').textContent).toBe('Surveillance');
    expect(screen.getByTestId('tab-settings').textContent).toBe('Paramètres');
    expect(screen.getByTestId('display-close').textContent).toBe('Fermer');
    expect(JSON.parse(localStorage.getItem('watchdesk.display.olga')!)).toMatchObject({ language: 'fr' });
  });

  it('falls back to English for a word French does not have yet', () => {
    setLanguage('fr');
    expect(t('tab.rules')).toBe('Règles');
    expect(t('rules.and')).toBe('and');
    setLanguage('xx');
    expect(t('tab.rules')).toBe('Rules');
  });
});
