import { useEffect, useState } from 'react';
import type { Bridge } from '../../../../shared/bridge.js';
import type { AlarmDefinition } from '../../../../shared/alarms/definitions.js';
import type { Rule } from '../../../../shared/rules/schema.js';
import { useConsole } from '../../store/console-store.js';

type RuleRow = { rule: Rule; version?: number; warnings?: string[]; stats?: { fired: number; errors: number; lastError: string | null } };

const NEW_RULE = {
  id: 'halo-noise', name: 'HALO Noise above 60',
  when: { type: 'data', deviceTypeId: 'halo', point: 'Noise', op: '>', value: 60 },
  do: [{ type: 'trigger-alarm', alarmId: 'NOISE' }, { type: 'speak', phrase: 'Noise in {device}' }],
};
const NEW_DEFINITION = { id: 'NOISE', name: 'NOISE', priority: 10, category: 'safety', procedure: 'Send the nearest guard to the room.', latching: false, maxShelveS: 28800 };

/** A JSON editor that shows the core's verdict: each refused field on its own line. */
function JsonEditor({ title, initial, onSave, testid }: { title: string; initial: unknown; onSave: (value: unknown) => Promise<string>; testid: string }) {
  const [text, setText] = useState(JSON.stringify(initial, null, 2));
  const [result, setResult] = useState<{ ok: boolean; lines: string[] } | null>(null);
  useEffect(() => setText(JSON.stringify(initial, null, 2)), [initial]);
  const save = async (): Promise<void> => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      setResult({ ok: false, lines: [`Not valid JSON: ${e instanceof Error ? e.message : String(e)}`] });
      return;
    }
    try {
      setResult({ ok: true, lines: [await onSave(value)] });
    } catch (e) {
      const details = (e as { details?: string[] }).details ?? [];
      setResult({ ok: false, lines: details.length ? details : [e instanceof Error ? e.message : String(e)] });
    }
  };
  return (
    <div className="json-editor">
      <div className="muted">{title}</div>
      <textarea data-testid={`${testid}-text`} spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} rows={12} />
      <button data-testid={`${testid}-save`} onClick={() => void save()}>Save</button>
      {result && <ul className={result.ok ? 'ok' : 'error'} data-testid={`${testid}-result`}>{result.lines.map((l) => <li key={l}>{l}</li>)}</ul>}
    </div>
  );
}

export function RulesView({ bridge }: { bridge: Bridge }) {
  const session = useConsole((s) => s.session);
  const [rules, setRules] = useState<RuleRow[]>([]);
  const [definitions, setDefinitions] = useState<AlarmDefinition[]>([]);
  const [editingRule, setEditingRule] = useState<{ value: unknown; mode: 'create' | 'replace' }>({ value: NEW_RULE, mode: 'create' });
  const [editingDef, setEditingDef] = useState<{ value: unknown; mode: 'create' | 'replace' }>({ value: NEW_DEFINITION, mode: 'create' });
  const canEdit = session?.role === 'supervisor' || session?.role === 'admin';

  const load = (): void => {
    void bridge.listRules().then(setRules).catch(() => undefined);
    void bridge.listAlarmDefinitions().then(setDefinitions).catch(() => undefined);
  };
  useEffect(load, [bridge]);

  return (
    <main className="integration">
      <section className="panel">
        <h2>Alarm definitions</h2>
        <table data-testid="definitions-table">
          <thead><tr><th>P</th><th>Id</th><th>Name</th><th>Category</th><th>Latching</th><th>Max shelve</th><th /></tr></thead>
          <tbody>{definitions.map((d) => (
            <tr key={d.id}><td>{d.priority}</td><td>{d.id}</td><td>{d.name}</td><td>{d.category}</td><td>{d.latching ? 'yes' : 'no'}</td><td>{Math.round(d.maxShelveS / 60)} min</td>
              <td>{canEdit && <button onClick={() => setEditingDef({ value: d, mode: 'replace' })}>Edit</button>}</td></tr>
          ))}</tbody>
        </table>
        {canEdit && (
          <JsonEditor testid="definition" title={editingDef.mode === 'create' ? 'New alarm definition' : 'Edit alarm definition'} initial={editingDef.value}
            onSave={async (v) => { const d = await bridge.saveAlarmDefinition(v, editingDef.mode); load(); setEditingDef({ value: d, mode: 'replace' }); return `Saved ${d.name}.`; }} />
        )}
      </section>
      <section className="panel">
        <h2>Rules</h2>
        <table data-testid="rules-table">
          <thead><tr><th>Rule</th><th>When</th><th>Do</th><th>Fired</th><th>Warnings</th><th /></tr></thead>
          <tbody>{rules.map((r) => (
            <tr key={r.rule.id}>
              <td>{r.rule.name} <span className="muted">v{r.version}</span>{!r.rule.enabled && <span className="chip"> off</span>}</td>
              <td className="muted">{r.rule.when.type === 'data' ? `${r.rule.when.point} ${r.rule.when.op} ${r.rule.when.value}` : r.rule.when.type === 'event' ? `event ${r.rule.when.name || '(any)'}` : `state → ${r.rule.when.to}`}</td>
              <td className="muted">{r.rule.do.map((a) => a.type).join(', ')}</td>
              <td>{r.stats?.fired ?? 0}{r.stats?.errors ? <span className="error"> · {r.stats.errors} failed</span> : null}</td>
              <td>{r.warnings?.length ? <span className="error" data-testid={`rule-warning-${r.rule.id}`}>{r.warnings.join('; ')}</span> : 'none'}</td>
              <td>{canEdit && <><button onClick={() => setEditingRule({ value: r.rule, mode: 'replace' })}>Edit</button> <button onClick={() => void bridge.deleteRule(r.rule.id).then(load)}>Delete</button></>}</td>
            </tr>
          ))}</tbody>
        </table>
        {canEdit && (
          <JsonEditor testid="rule" title={editingRule.mode === 'create' ? 'New rule (see docs/api.md#rules for the fields)' : 'Edit rule'} initial={editingRule.value}
            onSave={async (v) => { const r = await bridge.saveRule(v, editingRule.mode); load(); setEditingRule({ value: r.rule, mode: 'replace' }); return r.warnings.length ? `Saved, with warnings: ${r.warnings.join('; ')}` : `Saved ${r.rule.name}.`; }} />
        )}
      </section>
    </main>
  );
}
