import { useState } from 'react';
import type { Bridge } from '../../../../shared/bridge.js';
import { t } from '../../i18n/strings.js';

/** Adds the starter alarm definitions and rules a site lacks; keeps what it made its own. */
export function StarterRulesButton({ bridge, onDone }: { bridge: Bridge; onDone: () => void }) {
  const [note, setNote] = useState<string | null>(null);
  const add = (): void => {
    setNote(null);
    bridge.call('starter.import', { body: {} })
      .then((o) => { setNote(t('rules.starterAdded', { definitions: o.definitionsAdded.length, rules: o.rulesAdded.length, kept: o.kept.length ? t('rules.starterKept', { names: o.kept.join(', ') }) : '' })); onDone(); })
      .catch((e: unknown) => setNote(e instanceof Error ? e.message : String(e)));
  };
  return (
    <span className="chart-controls">
      <button data-testid="starter-import" onClick={add} title={t('rules.gunshotHelpPanicAggression')}>{t('rules.addStarterRules')}</button>
      {note && <span role="status" data-testid="starter-note">{note}</span>}
    </span>
  );
}
