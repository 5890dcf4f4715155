import { useEffect, useState } from 'react';
import type { Bridge } from '../../../../shared/bridge.js';
import type { DiskView } from '../../../../shared/storage/settings.js';
import { formatCount } from '../../format.js';
import { formatBytes } from './storage-format.js';

const STATE: Record<DiskView['state'], [text: string, className: string]> = {
  ok: ['enough space', 'ok'], low: ['low: the oldest raw samples are being deleted', 'warn'], critical: ['critical: samples are not stored', 'bad'],
};

/** The data folder's disk as the guard sees it, refreshed while the panel is open. */
export function DiskPanel({ bridge }: { bridge: Bridge }) {
  const [disk, setDisk] = useState<DiskView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const load = (): void => { void bridge.call('storage.disk').then((d) => { setDisk(d); setError(null); }).catch((e: unknown) => setError(e instanceof Error ? e.message : String(e))); };
    load();
    const timer = setInterval(load, 10_000);
    return () => clearInterval(timer);
  }, [bridge]);

  const [stateText, stateClass] = disk ? STATE[disk.state] : ['…', 'muted'];
  return (
    <section className="panel" data-testid="disk-panel">
      <h2>Disk <span className={stateClass} data-testid="disk-state">{stateText}</span></h2>
      {error && <div className="error">{error}</div>}
      {disk && (
        <dl className="disk-facts">
          <dt>Free in the data folder</dt><dd data-testid="disk-free">{formatBytes(disk.freeBytes)}{disk.error ? ` (cannot read: ${disk.error})` : ''}</dd>
          <dt>Warning below</dt><dd>{formatBytes(disk.warnBytes)}: a priority-1 alarm, and the oldest raw samples are deleted</dd>
          <dt>Critical below</dt><dd>{formatBytes(disk.criticalBytes)}: samples are refused; alarms, events and audit are still written</dd>
          <dt>Refused frames</dt><dd data-testid="disk-refused">{formatCount(disk.refusedFrames)}</dd>
          <dt>Raw sample rows deleted for room</dt><dd>{formatCount(disk.prunedChunks)}</dd>
          <dt>Dropped after failed writes</dt><dd>{formatCount(disk.droppedFrames)} frames, {formatCount(disk.droppedEvents)} events{disk.pendingFrames ? ` (${formatCount(disk.pendingFrames)} waiting)` : ''}</dd>
          {disk.writeError && <><dt>Writes failing</dt><dd className="bad">{disk.writeError}</dd></>}
        </dl>
      )}
      <div className="muted note">Counts since the server started.</div>
    </section>
  );
}
