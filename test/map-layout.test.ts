import { describe, expect, it } from 'vitest';
import { placeMissing } from '../renderer/src/features/map/layout.js';

describe('floor-plan placement', () => {
  it('puts markers without a saved place in the room their name or area gives, and keeps saved ones', () => {
    const layout = placeMissing([
      { key: 'device:1', area: 'Bath2F Floor 2, east wing' },
      { key: 'device:2', area: 'Gym Floor 1, gym' },
      { key: 'asset:door-01', area: 'Floor 1 – East' },
      { key: 'asset:camera-09', area: 'Somewhere new' },
    ], { positions: { 'asset:door-01': { plan: 2, x: 5, y: 5 } } });
    expect(layout.positions['device:1']).toMatchObject({ plan: 2 });
    const bath = layout.positions['device:1']!;
    expect(bath.x).toBeGreaterThanOrEqual(320);
    expect(bath.x).toBeLessThan(480);
    expect(layout.positions['device:2']).toMatchObject({ plan: 1 });
    expect(layout.positions['device:2']!.x).toBeLessThan(260);
    expect(layout.positions['asset:door-01']).toEqual({ plan: 2, x: 5, y: 5 });
    const other = layout.positions['asset:camera-09']!;
    expect(other.x).toBeGreaterThanOrEqual(0);
    expect(other.y).toBeLessThanOrEqual(600);
    // The same key always lands in the same place.
    expect(placeMissing([{ key: 'asset:camera-09', area: 'Somewhere new' }], { positions: {} }).positions['asset:camera-09']).toEqual(other);
  });
});
