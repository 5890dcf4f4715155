import { activationRate, type FloodSettings } from '../../../../shared/alarms/flood-groups.js';
import type { Activation } from './use-floods.js';
import { t } from '../../i18n/strings.js';

/** Where the banner counts: the operator's areas (set by an admin), else the list's area filter, else everywhere. */
export interface FloodScope {
  areas: readonly string[];
  /** The areas are the operator's own, not the list's filter. */
  yours: boolean;
}

/** The operator's areas decide the scope; the list's area filter narrows it when it picks one of them. */
export function floodScope(myAreas: readonly string[], filterArea: string): FloodScope {
  if (myAreas.length === 0) return { areas: filterArea ? [filterArea] : [], yours: false };
  return { areas: filterArea && myAreas.includes(filterArea) ? [filterArea] : myAreas, yours: true };
}

const scopeText = (s: FloodScope): string => (s.areas.length === 0 ? '' : s.yours ? ` in your areas: ${s.areas.join(', ')}` : ` in ${s.areas[0]}`);

/**
 * While the ISA-18.2 flood condition holds for what this operator watches (their areas, else
 * the list's area filter, else everything), the console says so with the rate and the scope,
 * and offers the most urgent alarms only.
 */
export function FloodBanner({ activations, settings, now, scope, priorityOnly, onPriorityOnly }: { activations: readonly Activation[]; settings: FloodSettings; now: number; scope: FloodScope; priorityOnly: boolean; onPriorityOnly: (on: boolean) => void }) {
  const inScope = scope.areas.length === 0 ? activations : activations.filter((a) => scope.areas.includes(a.area));
  const rate = activationRate(inScope.map((a) => a.t), now, settings);
  if (!rate.flood && !priorityOnly) return null;
  return (
    <div className={`flood-banner${rate.flood ? '' : ' calm'}`} role="alert" data-testid="flood-banner">
      {rate.flood
        ? <span><strong>{t('alarms.alarmFlood')}</strong> <span data-testid="flood-rate">{rate.count} {t('alarms.activationsInTheLast')} {settings.minutes} min</span><span data-testid="flood-scope">{scopeText(scope)}</span> {t('alarms.targetAtMost')} {settings.count}).</span>
        : <span>{t('alarms.theFloodIsOver')} {rate.count} {t('alarms.activationsInTheLast')} {settings.minutes} min<span data-testid="flood-scope">{scopeText(scope)}</span>.</span>}
      {' '}
      <button data-testid="flood-priority-only" onClick={() => onPriorityOnly(!priorityOnly)}>{priorityOnly ? t('alarms.showAllPriorities') : t('alarms.showCriticalAlarmsOnly')}</button>
    </div>
  );
}
