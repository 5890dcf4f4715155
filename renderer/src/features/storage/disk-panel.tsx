import { useEffect, useState } from 'react';
import type { Bridge } from '../../../../shared/bridge.js';
import type { DiskView } from '../../../../shared/storage/settings.js';
import { formatCount } from '../../format.js';
import { formatBytes } from './storage-format.js';
import { t, type StringKey } from '../../i18n/strings.js';

const STATE: Record<DiskView['state'], [text: StringKey, className: string]> = {
  ok: ['storage.disk.ok', 'ok'], low: ['storage.disk.low', 'warn'], critical: ['storage.disk.critical', 'bad'],
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

  const [stateText, stateClass] = disk ? [t(STATE[disk.state][0]), STATE[disk.state][1]] : ['…', 'muted'];
  return (
    <section className="panel" data-testid="disk-panel">
      <h2>{t('storage.disk')} <span className={stateClass} data-testid="disk-state">{stateText}</span></h2>
      {error && <div className="error">{error}</div>}
      {disk && (
        <dl className="disk-facts">
          <dt>{t('storage.freeInTheData')}</dt><dd data-testid="disk-free">{formatBytes(disk.freeBytes)}{disk.error ? t('storage.cannotRead', { error: disk.error }) : ''}</dd>
          <dt>{t('storage.warningBelow')}</dt><dd>{formatBytes(disk.warnBytes)}{t('storage.aPriority1Alarm')}</dd>
          <dt>{t('storage.criticalBelow')}</dt><dd>{formatBytes(disk.criticalBytes)}{t('storage.samplesAreRefusedAlarms')}</dd>
          <dt>{t('storage.refusedFrames')}</dt><dd data-testid="disk-refused">{formatCount(disk.refusedFrames)}</dd>
          <dt>{t('storage.rawSampleRowsDeleted')}</dt><dd>{formatCount(disk.prunedChunks)}</dd>
          <dt>{t('storage.droppedAfterFailedWrites')}</dt><dd>{t('storage.dropped', { frames: formatCount(disk.droppedFrames), events: formatCount(disk.droppedEvents) })}{disk.pendingFrames ? t('storage.waiting', { n: formatCount(disk.pendingFrames) }) : ''}</dd>
          {disk.writeError && <><dt>{t('storage.writesFailing')}</dt><dd className="bad">{disk.writeError}</dd></>}
        </dl>
      )}
      <div className="muted note">{t('storage.countsSinceTheServer')}</div>
    </section>
  );
}
