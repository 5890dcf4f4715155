import type { AlarmDefinition } from '../../../shared/alarms/definitions.js';
import type { AlarmService } from '../alarms/alarm-service.js';

/** The server's own troubles, raised through the normal alarm engine: acknowledged, shelved and audited like any alarm. */
export const SYSTEM_ALARMS = {
  'disk-low': { name: 'Disk space low', priority: 1, procedure: 'Free space in the data folder\'s file system, or move the data folder to a larger disk. The oldest raw samples are being deleted to make room; below the critical level no samples are stored.' },
  'db-write': { name: 'Database write failed', priority: 1, procedure: 'Values are held in memory and retried with back-off. Check the disk and the data folder\'s permissions; the reason is in the alarm\'s source.' },
  bind: { name: 'Port cannot be opened', priority: 2, procedure: 'Another program holds the port, or it needs privileges. Free the port or change it in the TCP server or collector settings.' },
  'site-lost': { name: 'Site connection lost', priority: 2, procedure: 'The security system is not reachable: doors and cameras are not being updated. Check the network and the site connection settings.' },
  'ingest-stalled': { name: 'No sensor data', priority: 2, procedure: 'Devices were online but no frame arrived for minutes. Check the network between the sensors and this server.' },
  'network-down': { name: 'Network unreachable', priority: 2, procedure: 'Several sensors on one network went silent together: check the switch, router or link that serves it. Their Device offline alarms are grouped under this one.' },
  'clock-jump': { name: 'Clock jumped', priority: 3, procedure: 'The system clock moved by more than 2 minutes. Check the time source (NTP); times around the jump may be out of order.' },
  'backup-failed': { name: 'Backup failed', priority: 2, procedure: 'The last backup could not be written. Check the backup folder\'s disk and permissions, then take one from Settings.' },
} as const;
export type SystemAlarmKind = keyof typeof SYSTEM_ALARMS;

const definitionId = (kind: SystemAlarmKind): string => `system-${kind}`;

export class SystemAlarms {
  constructor(private readonly alarms: AlarmService, private readonly log: (message: string) => void) {}

  /** A built-in definition, created the first time it is needed (audited as the system); an admin may then tune it. */
  private ensureDefinition(kind: SystemAlarmKind): void {
    const id = definitionId(kind);
    if (this.alarms.hasDefinition(id)) return;
    const d = SYSTEM_ALARMS[kind];
    const def: Partial<AlarmDefinition> = { id, name: d.name, priority: d.priority, category: 'system', procedure: d.procedure };
    this.alarms.saveDefinition(def, 'system');
  }

  /** Raises (or keeps raised) the alarm for one source; `detail` names it for the operator. Never throws: a full disk must not stop the caller. */
  raise(kind: SystemAlarmKind, sourceId: string, detail: string, value: number | null = null): void {
    try {
      this.ensureDefinition(kind);
      const current = this.alarms.list().find((a) => a.definitionId === definitionId(kind) && a.source.id === `system:${sourceId}`);
      if (current && (current.state === 'unack' || current.state === 'ack')) return;
      // The site connection lost is the cause of every No Communication behind it, a TCP server's or
      // a network's fault of every Device offline behind it: it leads their flood group.
      const explains = kind === 'site-lost' ? { explains: 'asset:system' } : /^(tcp-server|network):/.test(sourceId) ? { explains: sourceId } : {};
      this.alarms.activate(definitionId(kind), { kind: 'system', id: `system:${sourceId}`, name: detail, deviceId: null, ...explains }, value, null);
    } catch (err) {
      this.log(`system alarm ${kind} (${detail}) could not be recorded: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  clear(kind: SystemAlarmKind, sourceId: string): void {
    if (!this.alarms.hasDefinition(definitionId(kind))) return;
    try {
      this.alarms.clear(definitionId(kind), `system:${sourceId}`);
    } catch (err) {
      this.log(`system alarm ${kind} could not be cleared: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** A moment, not a condition (a clock jump): raised and cleared at once, so it waits for an acknowledge. */
  pulse(kind: SystemAlarmKind, sourceId: string, detail: string, value: number | null = null): void {
    this.raise(kind, sourceId, detail, value);
    this.clear(kind, sourceId);
  }
}
