// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { RetentionPanel } from '../../renderer/src/features/storage/retention-panel.js';
import { BackupsPanel } from '../../renderer/src/features/storage/backups-panel.js';
import { formatBytes, formatDays } from '../../renderer/src/features/storage/storage-format.js';
import { fakeBridge } from './fake-bridge.js';

afterEach(cleanup);

const RETENTION = { rawSamplesDays: 30, rollupsDays: 730, eventsDays: 365, alarmHistoryDays: 730, auditDays: null };

describe('the retention panel', () => {
  it('checks each class as it is typed and sends only what changed', async () => {
    const bridge = fakeBridge({
      'retention.get': () => ({ ...RETENTION, housekeeping: null }),
      'retention.set': (input) => ({ ...RETENTION, ...(input as { body: object }).body }),
    });
    render(<RetentionPanel bridge={bridge} />);
    await waitFor(() => expect(screen.queryAllByText('…')).toHaveLength(0));
    const save = screen.getByTestId('retention-save') as HTMLButtonElement;
    expect(save.disabled).toBe(true);

    fireEvent.change(screen.getByTestId('retention-rawSamplesDays'), { target: { value: '7.5' } });
    expect(screen.getByTestId('retention-error-rawSamplesDays').textContent).toBe('✗ a whole number of days');
    fireEvent.change(screen.getByTestId('retention-rawSamplesDays'), { target: { value: '40000' } });
    expect(screen.getByTestId('retention-error-rawSamplesDays').textContent).toBe('✗ at most 36500 days (100 years)');
    expect(save.disabled).toBe(true);
    fireEvent.change(screen.getByTestId('retention-rawSamplesDays'), { target: { value: '30' } });
    fireEvent.change(screen.getByTestId('retention-auditDays'), { target: { value: '29' } });
    expect(screen.getByTestId('retention-error-auditDays').textContent).toMatch(/at least 30 days, or empty/);
    fireEvent.change(screen.getByTestId('retention-auditDays'), { target: { value: '3650' } });
    expect(save.disabled).toBe(false);

    fireEvent.click(save);
    await waitFor(() => expect(screen.getByTestId('retention-message').textContent).toBe('Saved: audit trail and command outcomes 3650 days (10 years) (was forever). It applies at the next housekeeping pass.'));
    expect(bridge.call).toHaveBeenCalledWith('retention.set', { body: { auditDays: 3650 } });
  });

  it('marks a field the core refused', async () => {
    const bridge = fakeBridge({
      'retention.get': () => ({ ...RETENTION, housekeeping: null }),
      'retention.set': () => { throw Object.assign(new Error('Retention is invalid'), { details: ['eventsDays: at least 1 day'] }); },
    });
    render(<RetentionPanel bridge={bridge} />);
    await waitFor(() => expect((screen.getByTestId('retention-eventsDays') as HTMLInputElement).value).toBe('365'));
    fireEvent.change(screen.getByTestId('retention-eventsDays'), { target: { value: '10' } });
    fireEvent.click(screen.getByTestId('retention-save'));
    await waitFor(() => expect(screen.getByTestId('retention-error-eventsDays').textContent).toBe('✗ at least 1 day'));
    expect(screen.getByTestId('retention-message').textContent).toBe('Not saved: see the marked fields');
  });
});

describe('the backups panel', () => {
  it('shows the list and the last failure, and takes a backup now', async () => {
    let backups = [{ file: 'watchdesk-2026-11-28T00-00-00-000Z.db', bytes: 5 * 1048576, at: 1_764_288_000_000 }];
    const bridge = fakeBridge({
      'backups.list': () => ({ folder: '/srv/backups', settings: { everyHours: 24, keep: 7, folder: null }, lastError: 'not enough free space in /srv/backups', backups }),
      'backups.take': () => {
        const b = { file: 'watchdesk-2026-11-29T00-00-00-000Z.db', bytes: 6 * 1048576, at: 1_764_374_400_000 };
        backups = [b, ...backups];
        return b;
      },
    });
    render(<BackupsPanel bridge={bridge} />);
    await waitFor(() => expect(screen.getAllByTestId('backup-row')).toHaveLength(1));
    expect(screen.getByTestId('backup-last-error').textContent).toBe('Last backup failed: not enough free space in /srv/backups');
    expect(screen.getByTestId('backup-folder-now').textContent).toBe('/srv/backups');
    fireEvent.change(screen.getByTestId('backup-keep'), { target: { value: '0' } });
    expect(screen.getByTestId('backup-error-keep').textContent).toBe('✗ at least 1');
    expect((screen.getByTestId('backup-save') as HTMLButtonElement).disabled).toBe(true);

    fireEvent.click(screen.getByTestId('backup-now'));
    await waitFor(() => expect(screen.getAllByTestId('backup-row')).toHaveLength(2));
    expect(screen.getByTestId('backup-message').textContent).toBe('Backed up: watchdesk-2026-11-29T00-00-00-000Z.db (6.00 MiB)');
  });
});

describe('sizes and periods', () => {
  it('reads as an admin says them', () => {
    expect([formatBytes(0), formatBytes(1536), formatBytes(73.2 * 1024 ** 3), formatBytes(null)]).toEqual(['0 bytes', '1.50 KiB', '73.2 GiB', '—']);
    expect([formatDays(1), formatDays(30), formatDays(730), formatDays(null)]).toEqual(['1 day', '30 days', '730 days (2 years)', 'forever']);
  });
});
