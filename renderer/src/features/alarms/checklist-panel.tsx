import { useState } from 'react';
import type { Bridge } from '../../../../shared/bridge.js';
import type { AlarmView } from '../../../../shared/alarms/definitions.js';
import { describeStepAction, effectiveSteps, openSteps, type ProcedureStep } from '../../../../shared/alarms/checklist.js';
import { formatTime } from '../../format.js';
import { t } from '../../i18n/strings.js';

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

function Step({ bridge, alarm, step, n }: { bridge: Bridge; alarm: AlarmView; step: ProcedureStep; n: number }) {
  const entry = alarm.checklist?.[step.id];
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState<'check' | 'run' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const standing = alarm.state !== 'normal';
  const needsComment = step.requireComment && !comment.trim();
  const params = { id: alarm.id, step: step.id };
  const check = (): void => {
    setBusy('check');
    setError(null);
    bridge.call('alarms.steps.check', { params, body: { comment } }).then(() => setComment(''), (err: unknown) => setError(message(err))).finally(() => setBusy(null));
  };
  const run = (): void => {
    setBusy('run');
    setError(null);
    bridge.call('alarms.steps.run', { params }).catch((err: unknown) => setError(message(err))).finally(() => setBusy(null));
  };
  const done = entry?.check;
  return (
    <li className={`step${done ? ' done' : ''}`} data-testid={`step-${alarm.id}-${step.id}`}>
      <label className="step-line">
        <input type="checkbox" data-testid={`step-check-${alarm.id}-${step.id}`} checked={Boolean(done)} disabled={Boolean(done) || !standing || busy !== null || needsComment}
          title={needsComment ? t('alarms.writeWhatYouFound') : undefined} onChange={check} />
        <span>{step.text}</span>
      </label>
      {step.action && (
        <button className="step-run" data-testid={`step-run-${alarm.id}-${step.id}`} disabled={!standing || busy !== null} onClick={run} title={describeStepAction(step.action)}>
          {busy === 'run' ? t('alarms.running') : t('alarms.run', { action: describeStepAction(step.action) })}
        </button>
      )}
      {done ? (
        <div className="muted step-note" data-testid={`step-done-${alarm.id}-${step.id}`}>✓ {done.by} {t('alarms.at')} {formatTime(done.at)}{done.comment ? ` — “${done.comment}”` : ''}</div>
      ) : standing && (
        <input className="step-comment" aria-label={t('alarms.commentForStep', { n: n })} data-testid={`step-comment-${alarm.id}-${step.id}`} maxLength={1000}
          placeholder={step.requireComment ? t('alarms.commentRequired') : t('alarms.commentOptional')} value={comment} onChange={(e) => setComment(e.target.value)} />
      )}
      {entry?.run && (
        <div className={`step-note ${entry.run.ok ? 'muted' : 'error'}`} data-testid={`step-ran-${alarm.id}-${step.id}`}>
          {entry.run.ok ? t('alarms.ran') : t('alarms.failed')} {t('alarms.by')} {entry.run.by} {t('alarms.at')} {formatTime(entry.run.at)}: {entry.run.detail}
        </div>
      )}
      {error && <div className="error" role="alert" data-testid={`step-error-${alarm.id}-${step.id}`}>{error}</div>}
    </li>
  );
}

/**
 * The alarm's procedure as a checklist: the operator ticks each step (with a comment where the
 * step asks for one) and runs its linked action; who and when come back from the core.
 */
export function ChecklistPanel({ bridge, alarm }: { bridge: Bridge; alarm: AlarmView }) {
  // A core from before steps sends only the free text: it reads the same, one step a line.
  const steps = alarm.steps ?? effectiveSteps(alarm);
  if (!steps.length) return <div data-testid={`checklist-${alarm.id}`}><strong>{t('alarms.procedure')}</strong> <span className="muted">{t('alarms.noneGivenFor')} {alarm.name}</span></div>;
  const open = openSteps(steps, alarm.checklist);
  // The list's own numbers: the text reads "Procedure: <first step>", as operators knew it.
  return (
    <div className="checklist" data-testid={`checklist-${alarm.id}`}>
      <strong>{t('alarms.procedure')}</strong>{' '}
      <ol className="steps">{steps.map((s, i) => <Step key={s.id} bridge={bridge} alarm={alarm} step={s} n={i + 1} />)}</ol>
      <div className="checklist-foot">
        <span className="muted" data-testid={`checklist-progress-${alarm.id}`}>{steps.length - open.length} {t('alarms.of')} {steps.length} {t('alarms.checked')}</span>
        {alarm.requireSteps && open.length > 0 && <span className="chip warn" data-testid={`checklist-required-${alarm.id}`}> {t('alarms.everyStepBeforeReset')}</span>}
      </div>
    </div>
  );
}
