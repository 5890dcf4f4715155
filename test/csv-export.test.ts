import { afterEach, describe, expect, it } from 'vitest';
import type { WatchdeskApp } from '../electron/core/app.js';
import { startApp } from './support/app.js';

// Issue 12, item 11: CSV formula injection.

let app: WatchdeskApp | null = null;
afterEach(async () => { await app?.stop(); app = null; });

describe('the audit CSV export', () => {
  it('defuses a leading TAB and CR as it does = + - @', async () => {
    const started = await startApp();
    app = started.app;
    const payloads = ['\t=cmd|"/C calc"!A0', '\r=cmd|"/C calc"!A0', '=1+1', '+1', '-1', '@SUM(A1)'];
    for (const target of payloads) app.store.audit({ actor: 'probe', action: 'csv.probe', target });
    const res = await fetch(`${started.api.base}api/v1/audit/export?format=csv`, { headers: { authorization: `Bearer ${started.api.token}` } });
    const csv = await res.text();
    for (const p of payloads) expect(csv).toContain(`"'${p.replace(/"/g, '""')}"`);
  });
});
