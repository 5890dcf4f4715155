import { useCallback, useEffect } from 'react';
import type { Bridge } from '../../shared/bridge.js';
import { useConsole } from './store/console-store.js';
import { streamGaps } from './store/stream-gaps.js';
import { streamBatcher } from './store/stream-batcher.js';
import { Login } from './features/login/login.js';
import { IngestOverview } from './features/ingest/ingest-overview.js';
import { AssetsView } from './features/assets/assets-view.js';
import { DashboardView } from './features/dashboard/dashboard-view.js';
import { IntegrationView } from './features/integration/integration-view.js';
import { ReportsView } from './features/reports/reports-view.js';
import { RulesView } from './features/rules/rules-view.js';
import { SettingsView } from './features/settings/settings-view.js';
import { IncidentsView } from './features/incidents/incidents-view.js';
import { SHOW_SHORTCUTS, Shortcuts } from './features/help/shortcuts.js';
import { Fragment, useState } from 'react';
import type { PreloadBridge } from './bridge/ipc-bridge.js';
import { currentSession } from './bridge/media.js';
import { MyPassword } from './features/accounts/my-password.js';
import { DrillMenu } from './features/alarms/drill-menu.js';
import { NotificationsButton, openAlarm, useBrowserNotifications } from './features/alarms/alarm-notifications.js';
import { useCameraLinksSync } from './features/video/linked-cameras.js';
import { CommandPalette, OPEN_PALETTE, type Jump } from './features/search/command-palette.js';
import { openAssetPanel } from './features/assets/assets-view.js';
import { applyDisplay, DEFAULT_DISPLAY, DisplaySettings, loadDisplay, saveDisplay, type Display } from './features/settings/display-settings.js';
import { t } from './i18n/strings.js';
import { useRepeatingAlert } from './features/alarms/repeating-alert.js';

type View = 'monitoring' | 'dashboard' | 'assets' | 'integration' | 'rules' | 'reports' | 'settings' | 'incidents';
const VIEWS: readonly View[] = ['monitoring', 'dashboard', 'assets', 'integration', 'rules', 'incidents', 'reports', 'settings'];

/** Each tab has its own address (#rules, #settings …): bookmarked, reloaded, opened in a second window. */
export function viewOf(hash: string): View {
  const name = hash.replace(/^#/, '');
  return (VIEWS as readonly string[]).includes(name) ? (name as View) : 'monitoring';
}

function TopBar({ bridge, view, setView, onDisplay }: { bridge: Bridge; view: View; setView: (v: View) => void; onDisplay: () => void }) {
  const session = useConsole((s) => s.session);
  const stream = useConsole((s) => s.stream);
  const demo = useConsole((s) => s.demo);
  const setSession = useConsole((s) => s.setSession);
  const muted = useConsole((s) => s.muted);
  const setMuted = useConsole((s) => s.setMuted);
  const [changingPassword, setChangingPassword] = useState(false);
  const canToggleDemo = session?.role === 'supervisor' || session?.role === 'admin';
  return (
    <header className="top">
      <h1>WATCHDESK</h1>
      {demo && <span className="badge demo" data-testid="demo-badge" title={t('top.demoTitle')}>DEMO</span>}
      <span className={`badge ${stream}`} data-testid="stream-state">{stream.toUpperCase()}</span>
      <nav className="tabs" role="tablist">
        {VIEWS.map((v) => <button key={v} role="tab" aria-selected={view === v} data-testid={`tab-${v}`} onClick={() => setView(v)}>{t(`tab.${v}`)}</button>)}
      </nav>
      <span className="spacer" />
      {canToggleDemo && demo && (
        <DrillMenu bridge={bridge}>
          <button data-testid="demo-toggle" onClick={(e) => {
            (e.currentTarget.closest('details') as HTMLDetailsElement).open = false;
            // Switching the demo off removes its devices, cameras and their alarms: ask first.
            if (!window.confirm(t('top.demoOffConfirm'))) return;
            void bridge.call('demo.set', { body: { enabled: false } });
          }}>{t('top.demoOff')}</button>
        </DrillMenu>
      )}
      {canToggleDemo && !demo && <button data-testid="demo-toggle" onClick={() => void bridge.call('demo.set', { body: { enabled: true } })}>{t('top.demoOn')}</button>}
      <NotificationsButton bridge={bridge} />
      <button data-testid="search" className="icon" aria-label={t('top.search')} title={t('top.searchTitle')} onClick={() => window.dispatchEvent(new Event(OPEN_PALETTE))}>⌕</button>
      <button data-testid="mute" aria-pressed={muted} title={muted ? t('top.soundsOff') : t('top.soundsOn')} onClick={() => setMuted(!muted)}>{muted ? t('top.unmute') : t('top.mute')}</button>
      <button data-testid="help" title={t('top.helpTitle')} onClick={() => window.dispatchEvent(new Event(SHOW_SHORTCUTS))}>{t('top.help')}</button>
      {/* Who is signed in, and what only concerns them: their password, signing out. */}
      <details className="user-menu">
        <summary data-testid="operator" title={session ? `${session.username} (${session.role})` : undefined}>{session?.username}</summary>
        <div className="menu panel">
          <span className="muted menu-note" data-testid="operator-role">{session?.role}</span>
          <button data-testid="change-my-password" onClick={(e) => { (e.currentTarget.closest('details') as HTMLDetailsElement).open = false; setChangingPassword(true); }}>{t('top.myPassword')}</button>
          <button data-testid="display-open" onClick={(e) => { (e.currentTarget.closest('details') as HTMLDetailsElement).open = false; onDisplay(); }}>{t('top.display')}</button>
          <button data-testid="log-out" onClick={() => void bridge.call('sessions.delete').catch(() => undefined).then(() => setSession(null))}>{t('top.logOut')}</button>
        </div>
      </details>
      {changingPassword && <MyPassword bridge={bridge} onClose={() => setChangingPassword(false)} />}
    </header>
  );
}

export function App({ bridge }: { bridge: Bridge }) {
  const session = useConsole((s) => s.session);
  const setSession = useConsole((s) => s.setSession);
  const setStream = useConsole((s) => s.setStream);
  const signOut = useConsole((s) => s.signOut);
  const setEvents = useConsole((s) => s.setEvents);
  const apply = useConsole((s) => s.apply);
  // A second window opens on its view: app://watchdesk/index.html#assets.
  const [view, setViewState] = useState<View>(() => (typeof location !== 'undefined' ? viewOf(location.hash) : 'monitoring'));
  const setView = useCallback((v: View) => {
    setViewState(v);
    if (typeof history !== 'undefined' && location.hash !== `#${v}`) history.replaceState(null, '', `#${v}`);
  }, []);
  useEffect(() => {
    const onHash = (): void => setViewState(viewOf(location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const showMonitoring = useCallback(() => setView('monitoring'), [setView]);

  useEffect(() => {
    void currentSession(bridge).then(setSession);
  }, [bridge, setSession]);
  useCameraLinksSync(bridge, session !== null);
  useRepeatingAlert(bridge, session !== null);
  // Each operator's theme, text size and language, in this browser.
  const [display, setDisplay] = useState<Display>(DEFAULT_DISPLAY);
  const [displayOpen, setDisplayOpen] = useState(false);
  useEffect(() => {
    const d = session ? loadDisplay(session.username) : DEFAULT_DISPLAY;
    applyDisplay(d);
    setDisplay(d);
  }, [session]);
  const changeDisplay = useCallback((d: Display) => {
    applyDisplay(d);
    setDisplay(d);
    if (session) saveDisplay(session.username, d);
  }, [session]);
  const focusOn = useConsole((s) => s.focusOn);
  const showOnChart = useConsole((s) => s.showOnChart);
  const jump = useCallback((to: Jump) => {
    if (to.kind === 'asset') { openAssetPanel(to.id); setView('assets'); return; }
    setView('monitoring');
    if (to.kind === 'device') { showOnChart(to.id); focusOn(`device:${to.id}`); return; }
    setTimeout(() => {
      const row = document.querySelector<HTMLElement>(`[data-testid="alarm-row-${to.id}"]`);
      row?.scrollIntoView({ block: 'center' });
      row?.querySelector<HTMLButtonElement>(`[data-testid="alarm-detail-toggle-${to.id}"]`)?.click();
      row?.querySelector<HTMLButtonElement>('button')?.focus();
    }, 50);
  }, [setView, focusOn, showOnChart]);

  // A click on a desktop or browser notification opens its alarm: its row, and its source on the map.
  const focusAlarm = useCallback((id: number) => { setView('monitoring'); openAlarm(id); }, [setView]);
  useEffect(() => {
    (bridge as PreloadBridge).onFocusAlarm?.(focusAlarm);
  }, [bridge, focusAlarm]);
  useBrowserNotifications(bridge, focusAlarm);

  useEffect(() => {
    if (!session) return;
    // The core leaves events out of a delta when a burst overflows it, and a slow or reconnected
    // stream skips deltas: on any gap, fetch the events back.
    let refetch: ReturnType<typeof setTimeout> | null = null;
    const missed = streamGaps();
    const batcher = streamBatcher((messages) => {
      apply(...messages);
      if (messages.filter(missed).length > 0 && refetch === null) {
        refetch = setTimeout(() => { refetch = null; void bridge.call('events.list', { query: { limit: 10_000 } }).then(setEvents).catch(() => undefined); }, 500);
      }
    });
    const stop = bridge.subscribe((m) => batcher.push(m), (state, reason) => {
      setStream(state);
      if (reason) signOut(reason);
    });
    void bridge.call('events.list', { query: { limit: 1_000 } }).then(setEvents).catch(() => undefined);
    return () => { stop(); batcher.stop(); if (refetch) clearTimeout(refetch); };
  }, [bridge, session, apply, setStream, setEvents, signOut]);

  if (!session) return <Login bridge={bridge} />;
  return (
    <>
      <TopBar bridge={bridge} view={view} setView={setView} onDisplay={() => setDisplayOpen(true)} />
      <Shortcuts onMonitoring={showMonitoring} />
      <CommandPalette onJump={jump} />
      {displayOpen && <DisplaySettings username={session.username} display={display} onChange={changeDisplay} onClose={() => setDisplayOpen(false)} />}
      {/* Memoised rows keep their words until their data changes: a new language redraws the view whole. */}
      <Fragment key={display.language}>
      {view === 'monitoring' && <IngestOverview bridge={bridge} />}
      {view === 'dashboard' && <DashboardView bridge={bridge} />}
      {view === 'assets' && <AssetsView bridge={bridge} />}
      {view === 'integration' && <IntegrationView bridge={bridge} />}
      {view === 'rules' && <RulesView bridge={bridge} />}
      {view === 'reports' && <ReportsView bridge={bridge} />}
      {view === 'settings' && <SettingsView bridge={bridge} />}
      {view === 'incidents' && <IncidentsView bridge={bridge} />}
      </Fragment>
    </>
  );
}
