import type { ReactNode } from 'react';
import { COMPARATORS } from '../../../../shared/rules/schema.js';
import { pointLabel } from '../../../../shared/halo/point-names.js';
import type { AlarmDefinition } from '../../../../shared/alarms/definitions.js';
import { ACTION_DEFAULTS, fieldErrors, pointsFor, ruleProblems, setIn, TRIGGER_DEFAULTS, type Draft, type RuleRefs } from './rule-draft.js';
import { t } from '../../i18n/strings.js';

type Path = ReadonlyArray<string | number>;

/** A labelled field with the schema's complaint about it, if any. */
function Field({ label, error, children }: { label: string; error: string | undefined; children: ReactNode }) {
  return (
    <label className={`field${error ? ' invalid' : ''}`}>
      <span className="muted">{label}</span>
      {children}
      {error && <span className="error" role="alert">{error}</span>}
    </label>
  );
}

/**
 * The rule as a form: trigger, thresholds and actions, each field marked where the shared
 * schema refuses it, before anything is sent. Fields the form does not show stay as they are
 * (edit them in JSON).
 */
export function RuleForm({ draft, onChange, definitions, refs }: { draft: Draft; onChange: (d: Draft) => void; definitions: AlarmDefinition[]; refs?: RuleRefs }) {
  const errors = refs ? ruleProblems(draft, refs) : fieldErrors(draft);
  const get = (path: Path): unknown => path.reduce<unknown>((o, k) => (o as Record<string | number, unknown> | undefined)?.[k], draft);
  const set = (path: Path, value: unknown): void => onChange(setIn(draft, path, value));
  const text = (path: Path, label: string, testid: string, placeholder = '') => (
    <Field label={label} error={errors[path.join('.')]}>
      <input data-testid={testid} aria-invalid={Boolean(errors[path.join('.')])} placeholder={placeholder} value={String(get(path) ?? '')} onChange={(e) => set(path, e.target.value)} />
    </Field>
  );
  const number = (path: Path, label: string, testid: string, optional = false) => (
    <Field label={label} error={errors[path.join('.')]}>
      <input type="number" data-testid={testid} aria-invalid={Boolean(errors[path.join('.')])} value={get(path) === undefined ? '' : String(get(path))}
        onChange={(e) => set(path, e.target.value === '' ? (optional ? undefined : '') : Number(e.target.value))} />
    </Field>
  );
  const choice = (path: Path, label: string, testid: string, options: readonly string[]) => (
    <Field label={label} error={errors[path.join('.')]}>
      <select data-testid={testid} value={String(get(path) ?? '')} onChange={(e) => set(path, e.target.value)}>
        {options.map((o) => <option key={o} value={o}>{o || t('rules.any')}</option>)}
      </select>
    </Field>
  );
  const when = (draft.when ?? {}) as Draft;
  const actions = (Array.isArray(draft.do) ? draft.do : []) as Draft[];
  const alarmIds = ['', ...definitions.map((d) => d.id)];
  /** A drop-down of things by name, holding their ids; an empty first entry asks for a choice. */
  const pick = (path: Path, label: string, testid: string, options: ReadonlyArray<{ value: string | number; label: string }>, ask: string, numeric = false) => (
    <Field label={label} error={errors[path.join('.')]}>
      <select data-testid={testid} aria-invalid={Boolean(errors[path.join('.')])} value={String(get(path) ?? '')} onChange={(e) => set(path, e.target.value === '' ? (numeric ? undefined : '') : numeric ? Number(e.target.value) : e.target.value)}>
        <option value="">{ask}</option>
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </Field>
  );
  const points = refs ? pointsFor(when, refs) : null;

  return (
    <div className="rule-form" data-testid="rule-form">
      <div className="form-row">
        {text(['id'], 'Id', 'rule-id')}
        {text(['name'], 'Name', 'rule-name')}
        <label className="field"><span className="muted">{t('rules.enabled')}</span><input type="checkbox" checked={draft.enabled !== false} onChange={(e) => set(['enabled'], e.target.checked)} /></label>
      </div>
      <div className="form-row">
        <Field label={t('rules.when')} error={errors['when.type']}>
          <select data-testid="rule-trigger" value={String(when.type ?? 'data')} onChange={(e) => set(['when'], TRIGGER_DEFAULTS[e.target.value])}>
            <option value="data">{t('rules.aDataPointCrosses')}</option>
            <option value="event">{t('rules.anEventArrives')}</option>
            <option value="state">{t('rules.aDeviceChangesState')}</option>
          </select>
        </Field>
        {when.type === 'data' && <>
          <Field label={t('rules.appliesTo')} error={errors['when.deviceTypeId']}>
            <select data-testid="rule-applies-to" value={when.deviceId !== undefined ? 'device' : 'type'} onChange={(e) => set(['when'], e.target.value === 'device' ? { ...setIn(when, ['deviceTypeId'], undefined), deviceId: refs?.devices[0]?.id ?? 0 } : { ...setIn(when, ['deviceId'], undefined), deviceTypeId: refs?.types[0]?.id ?? 'halo' })}>
              <option value="type">{t('rules.everyDeviceOfA')}</option>
              <option value="device">{t('rules.oneDevice')}</option>
            </select>
          </Field>
          {refs
            ? (when.deviceId !== undefined
              ? pick(['when', 'deviceId'], 'Device', 'rule-device', refs.devices.map((d) => ({ value: d.id, label: d.name })), '(choose a device)', true)
              : pick(['when', 'deviceTypeId'], 'Device type', 'rule-device-type', refs.types.map((t) => ({ value: t.id, label: t.name })), '(choose a type)'))
            : (when.deviceId !== undefined ? number(['when', 'deviceId'], 'Device (number)', 'rule-device') : text(['when', 'deviceTypeId'], 'Device type', 'rule-device-type'))}
          {points ? pick(['when', 'point'], 'Data point', 'rule-point', points.map((p) => ({ value: p, label: pointLabel(p) })), '(choose a data point)') : text(['when', 'point'], 'Data point', 'rule-point', 'Noise')}
          {choice(['when', 'op'], 'Is', 'rule-op', COMPARATORS)}
          {number(['when', 'value'], 'Value', 'rule-value')}
          {(when.op === 'between' || when.op === 'outside') && number(['when', 'value2'], 'and', 'rule-value2', true)}
          {number(['when', 'deadband'], 'Deadband', 'rule-deadband', true)}
          {number(['when', 'onDelayS'], 'On delay (s)', 'rule-on-delay', true)}
          {number(['when', 'offDelayS'], 'Off delay (s)', 'rule-off-delay', true)}
        </>}
        {when.type === 'event' && <>
          {choice(['when', 'origin'], 'Origin', 'rule-origin', ['', 'tcp', 'http', 'site', 'rule', 'system'])}
          {text(['when', 'name'], 'Event name or caption', 'rule-event-name', 'Vape')}
          {choice(['when', 'kind'], 'Kind', 'rule-kind', ['any', 'set', 'reset', 'instant'])}
          {text(['when', 'sourceContains'], 'Source contains', 'rule-source')}
        </>}
        {when.type === 'state' && <>
          {text(['when', 'from'], 'From (optional)', 'rule-from')}
          {text(['when', 'to'], 'To', 'rule-to', 'offline')}
        </>}
      </div>
      {errors.do && <div className="error" role="alert">{errors.do}</div>}
      {actions.map((a, i) => (
        <div className="form-row" key={i} data-testid={`rule-action-${i}`}>
          <Field label={t('rules.then', { n: i + 1 })} error={errors[`do.${i}.type`]}>
            <select data-testid={`rule-action-type-${i}`} value={String(a.type)} onChange={(e) => set(['do', i], ACTION_DEFAULTS[e.target.value])}>
              {Object.keys(ACTION_DEFAULTS).map((t) => <option key={t} value={t}>{t}</option>)}
            </select>
          </Field>
          {(a.type === 'trigger-alarm' || a.type === 'clear-alarm') && (refs
            ? pick(['do', i, 'alarmId'], 'Alarm', `rule-alarm-${i}`, definitions.map((d) => ({ value: d.id, label: `${d.name} (P${d.priority})` })), '(choose an alarm)')
            : choice(['do', i, 'alarmId'], 'Alarm', `rule-alarm-${i}`, alarmIds))}
          {a.type === 'speak' && text(['do', i, 'phrase'], 'Phrase ({device}, {value} are filled in)', `rule-phrase-${i}`)}
          {a.type === 'notify' && <>{text(['do', i, 'message'], 'Message', `rule-message-${i}`)}{choice(['do', i, 'level'], 'Level', `rule-level-${i}`, ['info', 'warning', 'critical'])}</>}
          {a.type === 'raise-event' && <>{text(['do', i, 'name'], 'Event name', `rule-raise-${i}`)}{text(['do', i, 'description'], 'Description', `rule-raise-text-${i}`)}</>}
          {a.type === 'set-device-state' && text(['do', i, 'state'], 'State', `rule-state-${i}`)}
          {a.type === 'play-sound' && choice(['do', i, 'sound'], 'Sound', `rule-sound-${i}`, ['chime', 'alert', 'siren'])}
          {a.type === 'command' && <>{text(['do', i, 'assetId'], 'Asset id', `rule-asset-${i}`)}{text(['do', i, 'command'], 'Command', `rule-command-${i}`)}</>}
          {a.type === 'http' && <>{text(['do', i, 'url'], 'URL', `rule-url-${i}`)}{choice(['do', i, 'method'], 'Method', `rule-method-${i}`, ['GET', 'POST'])}</>}
          <button type="button" aria-label={t('rules.removeAction', { n: i + 1 })} disabled={actions.length === 1} onClick={() => set(['do'], actions.filter((_, k) => k !== i))}>{t('rules.remove2')}</button>
        </div>
      ))}
      <div className="form-row">
        <button type="button" data-testid="rule-add-action" disabled={actions.length >= 16} onClick={() => set(['do'], [...actions, ACTION_DEFAULTS.speak])}>{t('rules.addAnAction')}</button>
        <span className="muted" data-testid="rule-form-verdict">{Object.keys(errors).length ? t('rules.fieldSToFix', { length: Object.keys(errors).length }) : t('rules.readyToSave')}</span>
      </div>
    </div>
  );
}
