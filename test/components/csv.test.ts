import { describe, expect, it } from 'vitest';
import { datedName, isoLocal, toCsv } from '../../renderer/src/features/reports/csv.js';

describe('report CSV', () => {
  it('writes times as ISO 8601 with the local offset, and names the file by its day', () => {
    const t = Date.UTC(2026, 10, 29, 9, 5, 3, 120);
    expect(isoLocal(t, 60)).toBe('2026-11-29T10:05:03.120+01:00');
    expect(isoLocal(t, -300)).toBe('2026-11-29T04:05:03.120-05:00');
    expect(isoLocal(t, 0)).toBe('2026-11-29T09:05:03.120+00:00');
    expect(isoLocal(t, 330)).toBe('2026-11-29T14:35:03.120+05:30');
    expect(datedName('alarms', t)).toMatch(/^watchdesk-alarms-2026-11-(28|29|30)\.csv$/);
    expect(toCsv(['a'], [['=1+1']])).toBe('"a"\r\n"\'=1+1"\r\n');
  });
});
