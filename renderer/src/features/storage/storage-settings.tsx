import type { Bridge } from '../../../../shared/bridge.js';
import { BackupsPanel } from './backups-panel.js';
import { DiskPanel } from './disk-panel.js';
import { RetentionPanel } from './retention-panel.js';

/** Keeping the data folder for years (admin): retention, backups and the disk. */
export function StorageSettings({ bridge }: { bridge: Bridge }) {
  return (
    <div className="storage-settings" data-testid="storage-settings">
      <RetentionPanel bridge={bridge} />
      <div className="storage-column">
        <DiskPanel bridge={bridge} />
        <BackupsPanel bridge={bridge} />
      </div>
    </div>
  );
}
