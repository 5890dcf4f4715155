import type { AssetView } from '../../../shared/site/views.js';
import type { AlarmService } from '../alarms/alarm-service.js';
import type { AssetRegistry } from './asset-registry.js';

/** Not a true state: an overlay the registry derives from the connection, with its own row in every status table. */
const NO_COMMUNICATION = 'No Communication';
export const assetAlarmId = (type: string, state: string): string => `asset-${type}-${state.replace(/\W+/g, '-').toLowerCase()}`;
const assetSource = (view: AssetView, cause?: AlarmCause) => ({ kind: 'asset' as const, id: `asset:${view.id}`, name: view.name, deviceId: null, ...(cause ? { cause } : {}) });

/** The fault behind an alarm: the source id of the fault's own alarm, and how a flood of its alarms is titled. */
export type AlarmCause = { id: string; name: string };

/** A connection's loss as a cause: the first connection's is its System asset's own alarm. */
export function connectionLost(conn: { id: string; primary: boolean; name(): string }): AlarmCause {
  return { id: conn.primary ? 'asset:system' : `connection:${conn.id}`, name: `Connection ${conn.name()} lost` };
}

/** Assets' alarming states through the alarm engine, whichever connection reports them. */
export class SiteAlarms {
  /** A wider fault than the connection, when there is one (a network several cameras sit on): the cause their No Communication names. */
  explainLoss: ((connection: string, ok: boolean, cause: AlarmCause) => AlarmCause) | null = null;

  constructor(private readonly assets: AssetRegistry, private readonly alarms: AlarmService) {}

  /** Status-table states that raise alarms go through the alarm engine, one definition per type and state. */
  follow(view: AssetView, before: string[]): void {
    const source = assetSource(view);
    for (const state of view.states) {
      if (!before.includes(state)) this.raise(view, state);
    }
    for (const state of before) {
      if (view.states.includes(state) || !this.assets.entry(view, state).raisesAlarm) continue;
      this.alarms.clear(assetAlarmId(view.type, state), source.id);
    }
  }

  /**
   * A connection lost or back: each of its assets whose status table says so raises No
   * Communication, explained by the connection's loss (the cause), and clears it on return. The
   * cause's own alarm (the System asset) is raised first: it is the first out. A deliberate
   * disconnect (stopping, reconfiguring) is not a loss.
   */
  communication(connection: string, ok: boolean, cause: AlarmCause): void {
    cause = this.explainLoss?.(connection, ok, cause) ?? cause;
    const views = this.assets.idsOf(connection).flatMap((id) => this.assets.view(id) ?? []);
    const ordered = views.sort((x, y) => Number(`asset:${y.id}` === cause.id) - Number(`asset:${x.id}` === cause.id));
    for (const view of ordered) {
      const alarmId = assetAlarmId(view.type, NO_COMMUNICATION);
      if (ok) this.alarms.clear(alarmId, `asset:${view.id}`, 'communication restored');
      else if (!this.alarms.isActive(alarmId, `asset:${view.id}`)) this.raise(view, NO_COMMUNICATION, `asset:${view.id}` === cause.id ? undefined : cause);
    }
  }

  private raise(view: AssetView, state: string, cause?: AlarmCause): void {
    const e = this.assets.entry(view, state);
    if (!e.raisesAlarm) return;
    const id = assetAlarmId(view.type, state);
    if (!this.alarms.hasDefinition(id)) this.alarms.saveDefinition({ id, name: `${view.type === 'role' ? 'Role' : view.type[0]!.toUpperCase() + view.type.slice(1)} ${state}`, priority: e.priority, category: 'site', latching: e.latches }, 'system');
    this.alarms.activate(id, assetSource(view, cause), null, null);
  }

  /**
   * After a (re)discovery the snapshot is the truth: each asset's alarms follow the states it
   * reports now. A state still reported keeps its alarm as it is (no new activation), one that
   * appeared while disconnected raises, one that went away clears, and the alarms of an asset
   * that is no longer reported clear with that reason. No Communication stands while its
   * connection is still down (raised by `communication`, never here) and clears once it is back.
   */
  reconcile(): void {
    const expected = new Map<string, Set<string>>();
    for (const view of this.assets.all()) {
      const ids = new Set(this.assets.alarmingStates(view.id).map((st) => assetAlarmId(view.type, st)));
      if (!view.communication) ids.add(assetAlarmId(view.type, NO_COMMUNICATION));
      expected.set(`asset:${view.id}`, ids);
      for (const st of this.assets.alarmingStates(view.id)) if (!this.alarms.isActive(assetAlarmId(view.type, st), `asset:${view.id}`)) this.raise(view, st);
    }
    this.alarms.clearWhere((a) => {
      if (a.source.kind !== 'asset') return null;
      const ids = expected.get(a.source.id);
      if (!ids) return 'asset no longer reported';
      if (ids.has(a.definitionId)) return null;
      return a.definitionId.endsWith('-no-communication') ? 'communication restored' : 'state no longer reported after reconnecting';
    });
  }
}
