import { Component, type ReactNode } from 'react';

/** A fault in a view shows what happened and a way back, never a blank window. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error): { error: Error } {
    return { error };
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <div className="login" role="alert" data-testid="fault">
        <h1>Something went wrong in the console</h1>
        <p className="muted">{this.state.error.message}</p>
        <button onClick={() => window.location.reload()}>Reload the console</button>
      </div>
    );
  }
}

/**
 * A fault in one panel stays in that panel: the alarm list keeps working when the map or a
 * chart fails. The operator can try the panel again without reloading the console.
 */
export class PanelBoundary extends Component<{ name: string; children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error): { error: Error } {
    return { error };
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <section className="panel" role="alert" data-testid="panel-fault">
        <h2>{this.props.name}</h2>
        <div className="empty">
          <span className="error">This panel stopped: {this.state.error.message}</span>{' '}
          <button onClick={() => this.setState({ error: null })}>Try again</button>
        </div>
      </section>
    );
  }
}
