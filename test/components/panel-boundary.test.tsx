// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { PanelBoundary } from '../../renderer/src/error-boundary.js';

afterEach(cleanup);

describe('a fault in one panel', () => {
  it('stays in that panel, and Try again renders it anew', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    let broken = true;
    function Map() {
      if (broken) throw new Error('tile layer failed');
      return <div>the map</div>;
    }
    render(<><PanelBoundary name="Floor plan"><Map /></PanelBoundary><PanelBoundary name="Alarms"><div>alarm list</div></PanelBoundary></>);
    expect(screen.getByTestId('panel-fault').textContent).toContain('This panel stopped: tile layer failed');
    expect(screen.getByText('alarm list')).toBeTruthy();
    broken = false;
    fireEvent.click(screen.getByText('Try again'));
    expect(screen.getByText('the map')).toBeTruthy();
    expect(screen.queryByTestId('panel-fault')).toBeNull();
  });
});
