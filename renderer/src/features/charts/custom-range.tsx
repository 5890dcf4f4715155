import { useState } from 'react';
import { parseCustomRange, toLocalInput } from './chart-window.js';
import { t } from '../../i18n/strings.js';

/** Two local date-times and Apply; a wrong range is named next to the fields, nothing is sent. */
export function CustomRange({ initial, onApply, onCancel }: { initial: { from: number; to: number }; onApply: (r: { from: number; to: number }) => void; onCancel: () => void }) {
  const [from, setFrom] = useState(toLocalInput(initial.from));
  const [to, setTo] = useState(toLocalInput(initial.to));
  const [error, setError] = useState<string | null>(null);
  return (
    <form className="inline-form" data-testid="custom-range" onSubmit={(e) => {
      e.preventDefault();
      const r = parseCustomRange(from, to, Date.now());
      if ('error' in r) setError(r.error);
      else onApply(r);
    }}>
      <label>{t('charts.from')} <input type="datetime-local" step={1} data-testid="range-from" value={from} onChange={(e) => setFrom(e.target.value)} aria-invalid={error?.startsWith('From') ?? false} /></label>
      <label>{t('charts.to')} <input type="datetime-local" step={1} data-testid="range-to" value={to} onChange={(e) => setTo(e.target.value)} aria-invalid={error?.startsWith('To') ?? false} /></label>
      <button type="submit" data-testid="range-apply">{t('charts.apply')}</button>
      <button type="button" onClick={onCancel}>{t('charts.cancel')}</button>
      {error && <span className="error" role="alert" data-testid="range-error">{error}</span>}
    </form>
  );
}
