import { useState } from 'react';
import type { ProcedureStep, StepAction } from '../../../../shared/alarms/checklist.js';
import { t, type StringKey } from '../../i18n/strings.js';

type Kind = 'none' | StepAction['type'];

const KINDS: Array<{ kind: Kind; label: StringKey }> = [
  { kind: 'none', label: 'rules.step.none' },
  { kind: 'ptz-preset', label: 'rules.step.ptzPreset' },
  { kind: 'command', label: 'rules.step.command' },
  { kind: 'site-command', label: 'rules.step.siteCommand' },
  { kind: 'rule-action', label: 'rules.step.ruleAction' },
];

function blank(kind: Kind): StepAction | undefined {
  switch (kind) {
    case 'none': return undefined;
    case 'ptz-preset': return { type: 'ptz-preset', assetId: '', presetId: '' };
    case 'command': return { type: 'command', assetId: '', command: 'lock', params: {} };
    case 'site-command': return { type: 'site-command', command: 'callup-live', params: { cameraAssetId: '', monitorId: 1, tile: 1 } };
    case 'rule-action': return { type: 'rule-action', action: { type: 'notify', message: '', level: 'info' } };
  }
}

/** A JSON value typed as text: kept while it does not parse, handed on once it does. */
function JsonField({ label, value, testId, onChange }: { label: string; value: unknown; testId: string; onChange: (v: never) => void }) {
  const [text, setText] = useState(() => JSON.stringify(value));
  const [bad, setBad] = useState(false);
  return (
    <label className={`field${bad ? ' invalid' : ''}`}><span className="muted">{label}</span>
      <input data-testid={testId} value={text} onChange={(e) => {
        setText(e.target.value);
        try { onChange(JSON.parse(e.target.value) as never); setBad(false); } catch { setBad(true); }
      }} />
      {bad && <span className="error" role="alert">{t('rules.notValidJson')}</span>}
    </label>
  );
}

function ActionFields({ action, i, onChange }: { action: StepAction; i: number; onChange: (a: StepAction) => void }) {
  const input = (label: string, key: string, value: string, set: (v: string) => StepAction) => (
    <label className="field"><span className="muted">{label}</span><input data-testid={`step-${i}-${key}`} value={value} onChange={(e) => onChange(set(e.target.value))} /></label>
  );
  switch (action.type) {
    case 'ptz-preset':
      return <>{input('Camera asset', 'asset', action.assetId, (v) => ({ ...action, assetId: v }))}{input('Preset', 'preset', action.presetId, (v) => ({ ...action, presetId: v }))}</>;
    case 'command':
      return <>{input('Asset', 'asset', action.assetId, (v) => ({ ...action, assetId: v }))}{input('Command', 'command', action.command, (v) => ({ ...action, command: v }))}
        <JsonField label={t('rules.parametersJson')} testId={`step-${i}-params`} value={action.params} onChange={(p) => onChange({ ...action, params: p })} /></>;
    case 'site-command':
      return <>{input('System command', 'command', action.command, (v) => ({ ...action, command: v }))}
        <JsonField label={t('rules.parametersJson')} testId={`step-${i}-params`} value={action.params} onChange={(p) => onChange({ ...action, params: p })} /></>;
    case 'rule-action':
      return <JsonField label={t('rules.ruleActionJsonAs')} testId={`step-${i}-rule-action`} value={action.action} onChange={(a) => onChange({ ...action, action: a })} />;
  }
}

/** The procedure's steps, edited in the definition form: text, a required comment, a linked action. */
export function StepEditor({ steps, errors, onChange }: { steps: ProcedureStep[]; errors: Record<string, string>; onChange: (steps: ProcedureStep[]) => void }) {
  const set = (i: number, step: ProcedureStep): void => onChange(steps.map((s, k) => (k === i ? step : s)));
  const move = (i: number, by: -1 | 1): void => {
    const next = [...steps];
    [next[i], next[i + by]] = [next[i + by]!, next[i]!];
    onChange(next);
  };
  const freeId = (): string => {
    for (let k = steps.length + 1; ; k++) if (!steps.some((s) => s.id === `step-${k}`)) return `step-${k}`;
  };
  return (
    <fieldset className="step-editor" data-testid="step-editor">
      <legend className="muted">{t('rules.procedureStepsTheOperator')}</legend>
      <ol>
        {steps.map((s, i) => {
          const mine = Object.entries(errors).filter(([k]) => k.startsWith(`steps.${i}.`)).map(([k, v]) => `${k.slice(`steps.${i}.`.length)}: ${v}`);
          return (
            <li key={i} className="form-row" data-testid={`step-edit-${i}`}>
              <label className="field grow"><span className="muted">{t('rules.step')} {i + 1}</span><input data-testid={`step-${i}-text`} value={s.text} maxLength={500} onChange={(e) => set(i, { ...s, text: e.target.value })} /></label>
              <label className="field"><span className="muted">{t('rules.commentRequired')}</span><input type="checkbox" data-testid={`step-${i}-require-comment`} checked={s.requireComment} onChange={(e) => set(i, { ...s, requireComment: e.target.checked })} /></label>
              <label className="field"><span className="muted">{t('rules.action')}</span>
                <select data-testid={`step-${i}-action`} value={s.action?.type ?? 'none'} onChange={(e) => set(i, { ...s, action: blank(e.target.value as Kind) })}>
                  {KINDS.map((k) => <option key={k.kind} value={k.kind}>{t(k.label)}</option>)}
                </select>
              </label>
              {s.action && <ActionFields key={s.action.type} action={s.action} i={i} onChange={(a) => set(i, { ...s, action: a })} />}
              <span className="step-buttons">
                <button type="button" aria-label={t('rules.moveStepUp', { n: i + 1 })} disabled={i === 0} onClick={() => move(i, -1)}>↑</button>
                <button type="button" aria-label={t('rules.moveStepDown', { n: i + 1 })} disabled={i === steps.length - 1} onClick={() => move(i, 1)}>↓</button>
                <button type="button" data-testid={`step-${i}-remove`} onClick={() => onChange(steps.filter((_, k) => k !== i))}>{t('rules.remove2')}</button>
              </span>
              {mine.length > 0 && <span className="error" role="alert">{mine.join('; ')}</span>}
            </li>
          );
        })}
      </ol>
      <button type="button" data-testid="step-add" disabled={steps.length >= 30} onClick={() => onChange([...steps, { id: freeId(), text: '', requireComment: false }])}>{t('rules.addStep')}</button>
    </fieldset>
  );
}
