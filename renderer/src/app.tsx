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
import { SHOW_SHORTCUTS, Shortcuts } from './features/help/shortcuts.js';
import { useState } from 'react';
import type { PreloadBridge } from './bridge/ipc-bridge.js';
import { currentSession } from './bridge/media.js';
import { MyPassword } from './features/accounts/my-password.js';
import { useCameraLinksSync } from './features/video/linked-cameras.js';

type View = 'monitoring' | 'dashboard' | 'assets' | 'integration' | 'rules' | 'reports' | 'settings';
const VIEWS: readonly View[] = ['monitoring', 'dashboard', 'assets', 'integration', 'rules', 'reports', 'settings'];

/** Each tab has its own address (#rules, #settings …): bookmarked, reloaded, opened in a second window. */
export function viewOf(hash: string): View {
  const name = hash.replace(/^#/, '');
  return (VIEWS as readonly string[]).includes(name) ? (name as View) : 'monitoring';
}

function TopBar({ bridge, view, setView }: { bridge: Bridge; view: View; setView: (v: View) => void }) {
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
      {demo && <span className="badge demo" data-testid="demo-badge" title="Simulated HALO devices; not a real site">DEMO</span>}
      <span className={`badge ${stream}`} data-testid="stream-state">{stream.toUpperCase()}</span>
      <nav className="tabs" role="tablist">
        <button role="tab" aria-selected={view === 'monitoring'} data-testid="tab-monitoring" onClick={() => setView('monitoring')}>Monitoring</button>
        <button role="tab" aria-selected={view === 'dashboard'} data-testid="tab-dashboard" onClick={() => setView('dashboard')}>Dashboard</button>
        <button role="tab" aria-selected={view === 'assets'} data-testid="tab-assets" onClick={() => setView('assets')}>Assets</button>
        <button role="tab" aria-selected={view === 'integration'} data-testid="tab-integration" onClick={() => setView('integration')}>Devices &amp; integration</button>
        <button role="tab" aria-selected={view === 'rules'} data-testid="tab-rules" onClick={() => setView('rules')}>Rules</button>
        <button role="tab" aria-selected={view === 'reports'} data-testid="tab-reports" onClick={() => setView('reports')}>Reports</button>
        <button role="tab" aria-selected={view === 'settings'} data-testid="tab-settings" onClick={() => setView('settings')}>Settings</button>
      </nav>
      <span className="spacer" />
      {canToggleDemo && (
        <button data-testid="demo-toggle" onClick={() => {
          // Switching the demo off removes its devices, cameras and their alarms: ask first.
          if (demo && !window.confirm('Switch the demo off? Its simulated devices, cameras, doors and their alarms are removed.')) return;
          void bridge.call('demo.set', { body: { enabled: !demo } });
        }}>
          {demo ? 'Switch demo off' : 'Switch demo on'}
        </button>
      )}
      <button data-testid="mute" aria-pressed={muted} title={muted ? 'Alarm sounds are off' : 'Alarm sounds are on'} onClick={() => setMuted(!muted)}>{muted ? 'Unmute sounds' : 'Mute sounds'}</button>
      <button data-testid="help" title="Keyboard shortcuts (?)" onClick={() => window.dispatchEvent(new Event(SHOW_SHORTCUTS))}>Help</button>
      {/* Who is signed in, and what only concerns them: their password, signing out. */}
      <details className="user-menu">
        <summary data-testid="operator">{session?.username} <span className="muted">({session?.role})</span></summary>
        <div className="menu panel">
          <button data-testid="change-my-password" onClick={(e) => { (e.currentTarget.closest('details') as HTMLDetailsElement).open = false; setChangingPassword(true); }}>My password…</button>
          <button data-testid="log-out" onClick={() => void bridge.call('sessions.delete').catch(() => undefined).then(() => setSession(null))}>Log out</button>
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

  // A click on a desktop notification brings its alarm into view.
  useEffect(() => {
    (bridge as PreloadBridge).onFocusAlarm?.((id) => {
      setView('monitoring');
      setTimeout(() => document.querySelector(`[data-testid="alarm-row-${id}"]`)?.scrollIntoView({ block: 'center' }), 50);
    });
  }, [bridge, setView]);

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
      <TopBar bridge={bridge} view={view} setView={setView} />
      <Shortcuts onMonitoring={showMonitoring} />
      {view === 'monitoring' && <IngestOverview bridge={bridge} />}
      {view === 'dashboard' && <DashboardView bridge={bridge} />}
      {view === 'assets' && <AssetsView bridge={bridge} />}
      {view === 'integration' && <IntegrationView bridge={bridge} />}
      {view === 'rules' && <RulesView bridge={bridge} />}
      {view === 'reports' && <ReportsView bridge={bridge} />}
      {view === 'settings' && <SettingsView bridge={bridge} />}
    </>
  );
}
