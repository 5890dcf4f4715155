import { RuleSchema, ruleWarnings, type Rule } from '../../../shared/rules/schema.js';
import { parseOrThrow } from '../config.js';
import { ApiError, notFound } from '../errors.js';
import type { Store } from '../store/store.js';
import type { RulesEngine } from './engine.js';

export type { RuleView } from '../../../shared/api/views.js';
import type { RuleView } from '../../../shared/api/views.js';

/** Rules as configuration: validated, versioned, audited, and handed to the engine. */
export class RuleService {
  private readonly rules = new Map<string, { rule: Rule; version: number }>();

  constructor(private readonly store: Store, private readonly engine: RulesEngine, private readonly alarmExists: (id: string) => boolean) {
    for (const { version, body } of store.listRules()) {
      const rule = RuleSchema.parse(body);
      this.rules.set(rule.id, { rule, version });
    }
    this.publish();
  }

  private publish(): void {
    this.engine.setRules([...this.rules.values()].map((r) => r.rule));
  }

  private view(id: string): RuleView {
    const r = this.rules.get(id);
    if (!r) throw notFound(`rule ${id}`);
    return { rule: r.rule, version: r.version, warnings: ruleWarnings(r.rule, this.alarmExists), stats: this.engine.stats.get(id) ?? { fired: 0, errors: 0, lastError: null, lastFiredAt: null } };
  }

  list(): RuleView[] {
    return [...this.rules.keys()].map((id) => this.view(id));
  }

  get(id: string): RuleView {
    return this.view(id);
  }

  save(input: unknown, actor: string, mode: 'create' | 'replace', id?: string): RuleView {
    const rule = parseOrThrow(RuleSchema, input, 'Rule');
    if (id !== undefined && rule.id !== id) throw new ApiError(400, 'invalid', `the body's id "${rule.id}" does not match the URL's "${id}"`);
    const before = this.rules.get(rule.id);
    if (mode === 'create' && before) throw new ApiError(409, 'exists', `rule ${rule.id} exists; PUT /rules/${rule.id} replaces it`);
    if (mode === 'replace' && !before) throw notFound(`rule ${rule.id}`);
    const version = this.store.saveRule(rule.id, rule, actor);
    this.rules.set(rule.id, { rule, version });
    this.publish();
    this.store.audit({ actor, action: before ? 'rule.update' : 'rule.create', target: `rule:${rule.id}`, before: before?.rule, after: rule });
    return this.view(rule.id);
  }

  /** Imports many rules at once (replacing those with the same id); each keeps its warnings. */
  import(input: unknown, actor: string): RuleView[] {
    if (!Array.isArray(input)) throw new ApiError(400, 'invalid', 'the body must be a JSON array of rules');
    const rules = input.map((r, i) => parseOrThrow(RuleSchema, r, `Rule [${i}]`));
    return rules.map((r) => this.save(r, actor, this.rules.has(r.id) ? 'replace' : 'create'));
  }

  delete(id: string, actor: string): void {
    const before = this.rules.get(id);
    if (!before) throw notFound(`rule ${id}`);
    this.store.saveRule(id, null, actor);
    this.rules.delete(id);
    this.publish();
    this.store.audit({ actor, action: 'rule.delete', target: `rule:${id}`, before: before.rule });
  }

  versions(id: string): Array<{ version: number; body: unknown; actor: string; at: number }> {
    const v = this.store.ruleVersions(id);
    if (v.length === 0) throw notFound(`rule ${id}`);
    return v;
  }
}
