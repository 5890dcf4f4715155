import { useState } from 'react';
import { t } from '../../i18n/strings.js';

/** Shelving asks for a reason and how long the alarm stays out of the operator's way. */
export function ShelveForm({ onShelve, onCancel }: { onShelve: (reason: string, durationS: number) => void; onCancel: () => void }) {
  const [reason, setReason] = useState('');
  const [minutes, setMinutes] = useState(30);
  return (
    <form className="inline-form" data-testid="shelve-form" onSubmit={(e) => { e.preventDefault(); if (reason.trim()) onShelve(reason.trim(), minutes * 60); }}>
      <input data-testid="shelve-reason" placeholder={t('alarms.reasonRequired')} value={reason} onChange={(e) => setReason(e.target.value)} autoFocus />
      <select data-testid="shelve-minutes" value={minutes} onChange={(e) => setMinutes(Number(e.target.value))}>
        {[5, 15, 30, 60, 240, 480].map((m) => <option key={m} value={m}>{m < 60 ? `${m} min` : `${m / 60} h`}</option>)}
      </select>
      <button type="submit" disabled={!reason.trim()} data-testid="shelve-confirm">{t('alarms.shelve2')}</button>
      <button type="button" onClick={onCancel}>{t('alarms.cancel')}</button>
    </form>
  );
}
