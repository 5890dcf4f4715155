import { useEffect, useState } from 'react';
import { AlarmDefinitionSchema } from '../../../../shared/alarms/definitions.js';
import type { ProcedureStep } from '../../../../shared/alarms/checklist.js';
import { StepEditor } from './step-editor.js';
import { t } from '../../i18n/strings.js';

type Def = { id: string; name: string; priority: number | ''; category: string; procedure: string; latching: boolean; maxShelveS: number; steps?: ProcedureStep[]; requireSteps?: boolean } & Record<string, unknown>;

/** The schema's complaints about a definition, by field. */
export function definitionErrors(d: unknown): Record<string, string> {
  const r = AlarmDefinitionSchema.safeParse(d);
  if (r.success) return {};
  const out: Record<string, string> = {};
  for (const issue of r.error.issues) out[issue.path.join('.') || '(definition)'] ??= issue.message;
  return out;
}

/**
 * An alarm definition as a form: what a supervisor sets (name, priority, the procedure
 * operators read and its steps, latching, the longest shelve). Schedules and maintenance windows keep their
 * values; they are edited as JSON.
 */
export function DefinitionForm({ initial, creating, onSave }: { initial: Record<string, unknown>; creating: boolean; onSave: (value: Record<string, unknown>) => void }) {
  const [d, setD] = useState<Def>(initial as Def);
  useEffect(() => setD(initial as Def), [initial]);
  const errors = definitionErrors(d);
  const err = (k: string) => errors[k] && <span className="error" role="alert">{errors[k]}</span>;
  return (
    <form className="rule-form" data-testid="definition-form" onSubmit={(e) => { e.preventDefault(); if (!Object.keys(errors).length) onSave(d); }}>
      <div className="form-row">
        <label className={`field${errors.id ? ' invalid' : ''}`}><span className="muted">{t('rules.id')}</span><input data-testid="definition-id" value={d.id} disabled={!creating} onChange={(e) => setD({ ...d, id: e.target.value })} />{err('id')}</label>
        <label className={`field${errors.name ? ' invalid' : ''}`}><span className="muted">{t('rules.name')}</span><input data-testid="definition-name" value={d.name} onChange={(e) => setD({ ...d, name: e.target.value })} />{err('name')}</label>
        <label className={`field${errors.priority ? ' invalid' : ''}`}><span className="muted">{t('rules.priority1MostUrgent')}</span><input data-testid="definition-priority" type="number" min={1} max={255} value={d.priority} onChange={(e) => setD({ ...d, priority: e.target.value === '' ? '' : Number(e.target.value) })} />{err('priority')}</label>
        <label className="field"><span className="muted">{t('rules.category')}</span><input data-testid="definition-category" value={d.category} onChange={(e) => setD({ ...d, category: e.target.value })} /></label>
        <label className="field"><span className="muted">{t('rules.latching')}</span><input type="checkbox" data-testid="definition-latching" checked={d.latching} onChange={(e) => setD({ ...d, latching: e.target.checked })} /></label>
        <label className={`field${errors.maxShelveS ? ' invalid' : ''}`}><span className="muted">{t('rules.longestShelveMin')}</span><input data-testid="definition-max-shelve" type="number" min={1} value={Math.round(d.maxShelveS / 60)} onChange={(e) => setD({ ...d, maxShelveS: Number(e.target.value) * 60 })} />{err('maxShelveS')}</label>
      </div>
      <label className={`field${errors.procedure ? ' invalid' : ''}`}><span className="muted">{t('rules.procedureWhatTheOperator')}</span>
        <textarea data-testid="definition-procedure" rows={4} value={d.procedure} onChange={(e) => setD({ ...d, procedure: e.target.value })} />{err('procedure')}</label>
      <StepEditor steps={d.steps ?? []} errors={errors} onChange={(steps) => setD({ ...d, steps })} />
      <label className="field"><span className="muted">{t('rules.everyStepCheckedBefore')}</span>
        <input type="checkbox" data-testid="definition-require-steps" checked={d.requireSteps ?? false} onChange={(e) => setD({ ...d, requireSteps: e.target.checked })} /></label>
      <div className="form-row">
        <button type="submit" data-testid="definition-form-save" disabled={Object.keys(errors).length > 0}>{t('rules.save')}</button>
        <span className="muted" data-testid="definition-form-verdict">{Object.keys(errors).length ? t('rules.fieldSToFix', { length: Object.keys(errors).length }) : t('rules.readyToSave')}</span>
      </div>
    </form>
  );
}
