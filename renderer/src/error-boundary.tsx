import { Component, type ReactNode } from 'react';
import { t } from './i18n/strings.js';

/** Catches a fault below it and shows `fallback` instead, with a way to try again. */
class Boundary extends Component<{ fallback: (error: Error, retry: () => void) => ReactNode; children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error): { error: Error } {
    return { error };
  }

  override render(): ReactNode {
    return this.state.error ? this.props.fallback(this.state.error, () => this.setState({ error: null })) : this.props.children;
  }
}

/** A fault in a view shows what happened and a way back, never a blank window. */
export function ErrorBoundary({ children }: { children: ReactNode }) {
  return (
    <Boundary fallback={(error) => (
      <div className="login" role="alert" data-testid="fault">
        <h1>{t('app.somethingWentWrongIn')}</h1>
        <p className="muted">{error.message}</p>
        <button onClick={() => window.location.reload()}>{t('app.reloadTheConsole')}</button>
      </div>
    )}>{children}</Boundary>
  );
}

/**
 * A fault in one panel stays in that panel: the alarm list keeps working when the map or a
 * chart fails. The operator can try the panel again without reloading the console.
 */
export function PanelBoundary({ name, children }: { name: string; children: ReactNode }) {
  return (
    <Boundary fallback={(error, retry) => (
      <section className="panel" role="alert" data-testid="panel-fault">
        <h2>{name}</h2>
        <div className="empty">
          <span className="error">{t('app.thisPanelStopped')} {error.message}</span>{' '}
          <button onClick={retry}>{t('app.tryAgain')}</button>
        </div>
      </section>
    )}>{children}</Boundary>
  );
}
