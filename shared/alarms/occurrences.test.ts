import { describe, expect, it } from 'vitest';
import { occurrences } from './occurrences.js';

describe('alarm occurrences', () => {
  it('one row per activation, with who acknowledged, when it cleared and ended; a re-trip after a clear is a new one', () => {
    const step = (t: number, action: string, state: string, actor = 'system') => ({ alarm: 7, t, action, actor, state });
    const rows = occurrences([
      step(1, 'activate', 'unack'), step(2, 'activate', 'unack'), step(3, 'acknowledge', 'ack', 'pete'), step(4, 'clear', 'normal'),
      step(5, 'activate', 'unack'), step(6, 'clear', 'rtn-unack'), step(7, 'activate', 'unack'),
      { alarm: 9, t: 8, action: 'acknowledge', actor: 'x', state: 'ack' },
    ], () => ({ name: 'Vaping', priority: 40, source: 'Cafeteria' }));
    expect(rows).toEqual([
      expect.objectContaining({ activatedAt: 1, acknowledgedAt: 3, acknowledgedBy: 'pete', clearedAt: 4, endedAt: 4, state: 'normal' }),
      expect.objectContaining({ activatedAt: 5, acknowledgedAt: null, clearedAt: 6, endedAt: null, state: 'rtn-unack' }),
      expect.objectContaining({ activatedAt: 7, clearedAt: null, endedAt: null, state: 'unack' }),
    ]);
  });
});
