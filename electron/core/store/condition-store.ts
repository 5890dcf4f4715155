import type Database from 'better-sqlite3';
import type { ConditionState } from '../../../shared/rules/condition.js';

export interface StoredCondition {
  ruleId: string;
  deviceId: number;
  state: ConditionState;
}

/** Where each data rule's condition stands on each device: written on its edges, not per sample. */
export interface ConditionStore {
  listConditions(): StoredCondition[];
  saveCondition(ruleId: string, deviceId: number, state: ConditionState): void;
  /** Forgets one condition, every condition of a rule (deviceId omitted), or of a device (ruleId null). */
  deleteConditions(ruleId: string | null, deviceId?: number): void;
}

export class SqliteConditionStore implements ConditionStore {
  private readonly upsert;

  constructor(private readonly db: Database.Database) {
    this.upsert = db.prepare('INSERT INTO rule_conditions (rule_id, device, body) VALUES (?, ?, ?) ON CONFLICT(rule_id, device) DO UPDATE SET body = excluded.body');
  }

  listConditions(): StoredCondition[] {
    const rows = this.db.prepare('SELECT rule_id, device, body FROM rule_conditions').all() as Array<{ rule_id: string; device: number; body: string }>;
    return rows.map((r) => {
      const s = JSON.parse(r.body) as Omit<ConditionState, 'lastValue'> & { lastValue: number | null };
      // JSON has no NaN: "no value yet" is stored as null.
      return { ruleId: r.rule_id, deviceId: r.device, state: { ...s, lastValue: s.lastValue ?? NaN } };
    });
  }

  saveCondition(ruleId: string, deviceId: number, state: ConditionState): void {
    this.upsert.run(ruleId, deviceId, JSON.stringify(state));
  }

  deleteConditions(ruleId: string | null, deviceId?: number): void {
    if (ruleId === null) this.db.prepare('DELETE FROM rule_conditions WHERE device = ?').run(deviceId);
    else if (deviceId === undefined) this.db.prepare('DELETE FROM rule_conditions WHERE rule_id = ?').run(ruleId);
    else this.db.prepare('DELETE FROM rule_conditions WHERE rule_id = ? AND device = ?').run(ruleId, deviceId);
  }
}
