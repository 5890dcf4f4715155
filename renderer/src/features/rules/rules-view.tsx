import { useEffect, useMemo, useState } from 'react';
import type { Bridge } from '../../../../shared/bridge.js';
import type { AlarmDefinition } from '../../../../shared/alarms/definitions.js';
import type { Rule } from '../../../../shared/rules/schema.js';
import { useConsole } from '../../store/console-store.js';
import { RuleForm } from './rule-form.js';
import { StarterRulesButton } from './starter-button.js';
import { DefinitionForm } from './definition-form.js';
import { ruleProblems, type Draft, type RuleRefs } from './rule-draft.js';
import { t } from '../../i18n/strings.js';

type RuleRow = { rule: Rule; version?: number; warnings?: string[]; stats?: { fired: number; errors: number; lastError: string | null } };

// A new rule starts empty: the form asks for each field rather than offering an example to overwrite.
const NEW_RULE: Draft = {
  id: '', name: '',
  when: { type: 'data', deviceTypeId: 'halo', point: '', op: '>', value: '' },
  do: [{ type: 'trigger-alarm', alarmId: '' }],
};
const NEW_DEFINITION = { id: '', name: '', priority: 100, category: 'general', procedure: '', latching: false, maxShelveS: 28800 };

type Verdict = { ok: boolean; lines: string[] } | null;

/** Saves and words the core's verdict: each refused field on its own line. */
async function verdictOf(save: () => Promise<string>): Promise<Verdict> {
  try {
    return { ok: true, lines: [await save()] };
  } catch (e) {
    const details = (e as { details?: string[] }).details ?? [];
    return { ok: false, lines: details.length ? details : [e instanceof Error ? e.message : String(e)] };
  }
}

function VerdictList({ verdict, testid }: { verdict: Verdict; testid: string }) {
  return verdict && <ul className={verdict.ok ? 'ok' : 'error'} data-testid={`${testid}-result`}>{verdict.lines.map((l) => <li key={l}>{l}</li>)}</ul>;
}

/** A JSON editor; `onDraft` hears every edit that parses, so the form and the JSON stay one rule. */
function JsonEditor({ title, initial, onSave, onDraft, testid }: { title: string; initial: unknown; onSave: (value: unknown) => Promise<string>; onDraft?: (value: Draft) => void; testid: string }) {
  const [text, setText] = useState(JSON.stringify(initial, null, 2));
  const [result, setResult] = useState<Verdict>(null);
  // A new value from outside (Edit on another row) replaces the text; our own edits do not reformat it.
  useEffect(() => setText((t) => (sameJson(t, initial) ? t : JSON.stringify(initial, null, 2))), [initial]);
  const parse = (): unknown => JSON.parse(text);
  const save = async (): Promise<void> => {
    let value: unknown;
    try {
      value = parse();
    } catch (e) {
      setResult({ ok: false, lines: [t('rules.notValidJsonError', { error: e instanceof Error ? e.message : String(e) })] });
      return;
    }
    setResult(await verdictOf(() => onSave(value)));
  };
  return (
    <div className="json-editor">
      <div className="muted">{title}</div>
      <textarea data-testid={`${testid}-text`} spellCheck={false} value={text} rows={12} onChange={(e) => {
        setText(e.target.value);
        try { const v: unknown = JSON.parse(e.target.value); if (onDraft && v && typeof v === 'object' && !Array.isArray(v)) onDraft(v as Draft); } catch { /* not JSON yet */ }
      }} />
      <button data-testid={`${testid}-save`} onClick={() => void save()}>{t('rules.save')}</button>
      <VerdictList verdict={result} testid={testid} />
    </div>
  );
}

function sameJson(text: string, value: unknown): boolean {
  try { return JSON.stringify(JSON.parse(text)) === JSON.stringify(value); } catch { return false; }
}

/** The alarm-definition editor: a form for the everyday fields, JSON for schedules and maintenance windows. */
function DefinitionEditor({ bridge, editing, onSaved }: { bridge: Bridge; editing: { value: unknown; mode: 'create' | 'replace' }; onSaved: (d: AlarmDefinition) => void }) {
  const [as, setAs] = useState<'form' | 'json'>('form');
  const [verdict, setVerdict] = useState<Verdict>(null);
  useEffect(() => setVerdict(null), [editing]);
  const save = async (v: unknown): Promise<string> => {
    const d = editing.mode === 'create' ? await bridge.call('alarmDefinitions.create', { body: v as never }) : await bridge.call('alarmDefinitions.update', { params: { id: String((v as { id?: unknown }).id ?? '') }, body: v as never });
    onSaved(d);
    return t('rules.saved', { name: d.name });
  };
  const title = editing.mode === 'create' ? t('rules.newDefinition') : t('rules.editDefinition');
  return (
    <div className="rule-editor">
      <div className="chart-controls" role="tablist">
        <button role="tab" aria-selected={as === 'form'} data-testid="definition-as-form" onClick={() => setAs('form')}>{t('rules.form')}</button>
        <button role="tab" aria-selected={as === 'json'} data-testid="definition-as-json" onClick={() => setAs('json')}>JSON</button>
        <span className="muted">{title}</span>
      </div>
      {as === 'form' ? (
        <>
          <DefinitionForm initial={editing.value as Record<string, unknown>} creating={editing.mode === 'create'} onSave={(v) => void verdictOf(() => save(v)).then(setVerdict)} />
          <VerdictList verdict={verdict} testid="definition-form" />
        </>
      ) : <JsonEditor testid="definition" title={title} initial={editing.value} onSave={save} />}
    </div>
  );
}

/** The rule editor: a form for what operators set every day, the JSON for everything else. */
function RuleEditor({ bridge, editing, definitions, refs, onSaved }: { bridge: Bridge; editing: { value: Draft; mode: 'create' | 'replace' }; definitions: AlarmDefinition[]; refs: RuleRefs; onSaved: (rule: Rule) => void }) {
  const [draft, setDraft] = useState<Draft>(editing.value);
  const [as, setAs] = useState<'form' | 'json'>('form');
  const [verdict, setVerdict] = useState<Verdict>(null);
  /** A new rule, once saved, is replaced by the next save. */
  const [mode, setMode] = useState(editing.mode);
  useEffect(() => { setDraft(editing.value); setMode(editing.mode); setVerdict(null); }, [editing]);
  const save = async (v: unknown): Promise<string> => {
    const r = mode === 'create' ? await bridge.call('rules.create', { body: v as never }) : await bridge.call('rules.update', { params: { id: String((v as { id?: unknown }).id ?? '') }, body: v as never });
    setMode('replace');
    onSaved(r.rule);
    return r.warnings.length ? t('rules.savedWithWarnings', { warnings: r.warnings.join('; ') }) : t('rules.saved', { name: r.rule.name });
  };
  const title = mode === 'create' ? t('rules.newRule') : t('rules.editRule');
  return (
    <div className="rule-editor">
      <div className="chart-controls" role="tablist">
        <button role="tab" aria-selected={as === 'form'} data-testid="rule-as-form" onClick={() => setAs('form')}>{t('rules.form')}</button>
        <button role="tab" aria-selected={as === 'json'} data-testid="rule-as-json" onClick={() => setAs('json')}>JSON</button>
        <span className="muted">{title}{t('rules.everyFieldIsIn')}</span>
      </div>
      {as === 'form' ? (
        <>
          <RuleForm draft={draft} onChange={setDraft} definitions={definitions} refs={refs} />
          <button data-testid="rule-form-save" disabled={Object.keys(ruleProblems(draft, refs)).length > 0} onClick={() => void verdictOf(() => save(draft)).then(setVerdict)}>{t('rules.save')}</button>
          <VerdictList verdict={verdict} testid="rule-form" />
        </>
      ) : <JsonEditor testid="rule" title={title} initial={draft} onDraft={setDraft} onSave={save} />}
    </div>
  );
}

export function RulesView({ bridge }: { bridge: Bridge }) {
  const session = useConsole((s) => s.session);
  const [rules, setRules] = useState<RuleRow[]>([]);
  const [definitions, setDefinitions] = useState<AlarmDefinition[]>([]);
  const [editingRule, setEditingRule] = useState<{ value: Draft; mode: 'create' | 'replace' }>({ value: NEW_RULE, mode: 'create' });
  const [editingDef, setEditingDef] = useState<{ value: unknown; mode: 'create' | 'replace' }>({ value: NEW_DEFINITION, mode: 'create' });
  const canEdit = session?.role === 'supervisor' || session?.role === 'admin';
  const devices = useConsole((s) => s.devices);
  const [types, setTypes] = useState<RuleRefs['types']>([]);
  useEffect(() => { void bridge.call('deviceTypes.list').then((list) => setTypes(list.map((t) => ({ id: t.type.id, name: t.type.name, points: t.type.dataPoints.map((p) => p.name) })))).catch(() => undefined); }, [bridge]);
  const refs = useMemo<RuleRefs>(() => ({
    devices: Object.values(devices).map((d) => ({ id: d.id, name: d.name, typeId: d.typeId })).sort((a, b) => a.name.localeCompare(b.name)),
    types, alarms: definitions.map((d) => ({ id: d.id, name: d.name })),
  }), [devices, types, definitions]);

  const load = (): void => {
    void bridge.call('rules.list').then(setRules).catch(() => undefined);
    void bridge.call('alarmDefinitions.list').then(setDefinitions).catch(() => undefined);
  };
  useEffect(load, [bridge]);

  return (
    <main className="integration">
      <section className="panel">
        <h2>{t('rules.alarmDefinitions')}</h2>
        <table data-testid="definitions-table">
          <thead><tr><th>P</th><th>{t('rules.id')}</th><th>{t('rules.name')}</th><th>{t('rules.category')}</th><th>{t('rules.latching')}</th><th>{t('rules.maxShelve')}</th><th /></tr></thead>
          <tbody>{definitions.map((d) => (
            <tr key={d.id} data-testid={`definition-${d.id}`}><td>{d.priority}</td><td>{d.id}</td><td title={d.procedure || undefined}>{d.name}</td><td>{d.category}</td><td>{d.latching ? t('rules.yes') : t('rules.no')}</td><td>{Math.round(d.maxShelveS / 60)} min</td>
              <td>{canEdit && <button onClick={() => setEditingDef({ value: d, mode: 'replace' })}>{t('rules.edit')}</button>}</td></tr>
          ))}</tbody>
        </table>
        {canEdit && <DefinitionEditor bridge={bridge} editing={editingDef} onSaved={(d) => { load(); setEditingDef({ value: d, mode: 'replace' }); }} />}
      </section>
      <section className="panel">
        <h2>{t('rules.rules')} {canEdit && <StarterRulesButton bridge={bridge} onDone={load} />}</h2>
        <table data-testid="rules-table">
          <thead><tr><th>{t('rules.rule')}</th><th>{t('rules.when')}</th><th>{t('rules.do')}</th><th>{t('rules.fired')}</th><th>{t('rules.warnings')}</th><th /></tr></thead>
          <tbody>{rules.map((r) => (
            <tr key={r.rule.id}>
              <td>{r.rule.name} <span className="muted">v{r.version}</span>{!r.rule.enabled && <span className="chip"> {t('rules.off')}</span>}</td>
              <td className="muted">{r.rule.when.type === 'data' ? `${r.rule.when.point} ${r.rule.when.op} ${r.rule.when.value}${r.rule.when.value2 !== undefined ? ` ${t('rules.and')} ${r.rule.when.value2}` : ''}` : r.rule.when.type === 'event' ? t('rules.event', { name: r.rule.when.name || t('rules.any') }) : t('rules.state', { to: r.rule.when.to })}</td>
              <td className="muted">{r.rule.do.map((a) => a.type).join(', ')}</td>
              <td>{r.stats?.fired ?? 0}{r.stats?.errors ? <span className="error"> · {t('rules.failed', { n: r.stats.errors })}</span> : null}</td>
              <td>{r.warnings?.length ? <span className="error" data-testid={`rule-warning-${r.rule.id}`}>{r.warnings.join('; ')}</span> : t('rules.none')}</td>
              <td>{canEdit && <><button data-testid={`rule-edit-${r.rule.id}`} onClick={() => setEditingRule({ value: r.rule as unknown as Draft, mode: 'replace' })}>{t('rules.edit')}</button> <button onClick={() => void bridge.call('rules.delete', { params: { id: r.rule.id } }).then(load)}>{t('rules.delete')}</button></>}</td>
            </tr>
          ))}</tbody>
        </table>
        {canEdit && <RuleEditor bridge={bridge} editing={editingRule} definitions={definitions} refs={refs} onSaved={() => load()} />}
      </section>
    </main>
  );
}
