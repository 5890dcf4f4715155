import type { StarterOutcome } from '../../../shared/api/routes-starter.js';
import { starterSet } from '../../../shared/rules/starter.js';
import type { AlarmService } from '../alarms/alarm-service.js';
import type { RuleService } from './rule-service.js';

/** Adds the starter definitions and rules a site lacks; never replaces what a site made its own. */
export function installStarter(alarms: AlarmService, rules: RuleService, actor: string): StarterOutcome {
  const set = starterSet();
  const out: StarterOutcome = { definitionsAdded: [], rulesAdded: [], kept: [] };
  for (const d of set.definitions) {
    if (alarms.hasDefinition(d.id)) { out.kept.push(d.id); continue; }
    alarms.saveDefinition(d, actor);
    out.definitionsAdded.push(d.id);
  }
  const existing = new Set(rules.list().map((r) => r.rule.id));
  for (const r of set.rules) {
    if (existing.has(r.id)) { out.kept.push(r.id); continue; }
    rules.save(r, actor, 'create');
    out.rulesAdded.push(r.id);
  }
  return out;
}
