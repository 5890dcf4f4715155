import { activationRate, type FloodSettings } from '../../../../shared/alarms/flood-groups.js';
import type { Activation } from './use-floods.js';

/**
 * While the ISA-18.2 flood condition holds for what this operator watches (their area filter,
 * else everything), the console says so with the rate, and offers the most urgent alarms only.
 */
export function FloodBanner({ activations, settings, now, area, priorityOnly, onPriorityOnly }: { activations: readonly Activation[]; settings: FloodSettings; now: number; area: string; priorityOnly: boolean; onPriorityOnly: (on: boolean) => void }) {
  const rate = activationRate(activations.filter((a) => !area || a.area === area).map((a) => a.t), now, settings);
  if (!rate.flood && !priorityOnly) return null;
  return (
    <div className={`flood-banner${rate.flood ? '' : ' calm'}`} role="alert" data-testid="flood-banner">
      {rate.flood
        ? <span><strong>Alarm flood:</strong> <span data-testid="flood-rate">{rate.count} activations in the last {settings.minutes} min</span>{area ? ` in ${area}` : ''} (target: at most {settings.count}).</span>
        : <span>The flood is over: {rate.count} activations in the last {settings.minutes} min.</span>}
      {' '}
      <button data-testid="flood-priority-only" onClick={() => onPriorityOnly(!priorityOnly)}>{priorityOnly ? 'Show all priorities' : 'Show critical alarms only'}</button>
    </div>
  );
}
