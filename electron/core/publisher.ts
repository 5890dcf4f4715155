import type { EventRecord } from '../../shared/domain.js';
import type { AlarmView, Notification } from '../../shared/alarms/definitions.js';
import type { AssetView, CommandView } from '../../shared/site/views.js';

/** What the core tells connected consoles; the stream batches it. */
export interface Publisher {
  deviceChanged(id: number): void;
  deviceRemoved(id: number): void;
  event(event: EventRecord): void;
  demoChanged(): void;
  camerasChanged(): void;
  alarmChanged(alarm: AlarmView): void;
  notify(notification: Notification): void;
  assetChanged(asset: AssetView): void;
  /** Assets no longer reported (a rediscovery without them, or their connection removed). */
  assetsRemoved(ids: string[]): void;
  commandChanged(command: CommandView): void;
  siteChanged(): void;
}
