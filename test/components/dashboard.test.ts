import { describe, expect, it } from 'vitest';
import { dashboardPoints } from '../../renderer/src/features/dashboard/dashboard-view.js';

describe('the dashboard', () => {
  it('shows the points an operator reads first, then the rest by name, at most twelve', () => {
    const latest = Object.fromEntries(['AccX', 'RH', 'Noise', 'C', 'Aud1', 'PM2.5', 'AccY', 'AccZ', 'CO', 'Gun', 'HGMic', 'INP', 'KW1', 'KW2'].map((p) => [p, { v: 1, t: 1 }]));
    expect(dashboardPoints(latest)).toEqual(['Noise', 'PM2.5', 'C', 'RH', 'CO', 'AccX', 'AccY', 'AccZ', 'Aud1', 'Gun', 'HGMic', 'INP']);
  });
});
