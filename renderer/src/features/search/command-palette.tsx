import { useEffect, useMemo, useRef, useState } from 'react';
import { ASSET_TYPE_LABEL } from '../../../../shared/site/asset-model.js';
import { useConsole } from '../../store/console-store.js';
import { t } from '../../i18n/strings.js';

/** Where a result leads: the Monitoring view (a device, an alarm) or an asset's panel. */
export type Jump =
  | { kind: 'device'; id: number }
  | { kind: 'asset'; id: string }
  | { kind: 'alarm'; id: number };

interface Item { key: string; kind: string; label: string; detail: string; jump: Jump; text: string }

/** Any part of the console may open the palette by dispatching this on window. */
export const OPEN_PALETTE = 'watchdesk:palette';
const MAX_RESULTS = 12;

/** Every word of the query must appear somewhere in the item, in any order. */
export function matches(text: string, query: string): boolean {
  const hay = text.toLowerCase();
  return query.toLowerCase().split(/\s+/).filter(Boolean).every((w) => hay.includes(w));
}

/** Ctrl+K (⌘K): one search over devices, assets and standing alarms; Enter jumps to the one chosen. */
export function CommandPalette({ onJump }: { onJump: (jump: Jump) => void }) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const devices = useConsole((s) => s.devices);
  const assets = useConsole((s) => s.assets);
  const alarms = useConsole((s) => s.alarms);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setOpen((o) => !o);
      }
    };
    const show = (): void => setOpen(true);
    window.addEventListener('keydown', onKey);
    window.addEventListener(OPEN_PALETTE, show);
    return () => { window.removeEventListener('keydown', onKey); window.removeEventListener(OPEN_PALETTE, show); };
  }, []);
  useEffect(() => { if (open) { setQuery(''); setActive(0); setTimeout(() => input.current?.focus(), 0); } }, [open]);

  const items = useMemo<Item[]>(() => {
    if (!open) return [];
    const all: Item[] = [
      ...Object.values(alarms).map((a) => ({ key: `alarm:${a.id}`, kind: t('palette.alarm'), label: a.name, detail: `${a.source.name} · P${a.priority}`, jump: { kind: 'alarm' as const, id: a.id }, text: `${a.name} ${a.source.name} alarm` })),
      ...Object.values(devices).map((d) => ({ key: `device:${d.id}`, kind: t('palette.device'), label: d.name, detail: `${d.deviceId} · ${d.location}`, jump: { kind: 'device' as const, id: d.id }, text: `${d.name} ${d.deviceId} ${d.location} device` })),
      ...Object.values(assets).map((a) => ({ key: `asset:${a.id}`, kind: ASSET_TYPE_LABEL[a.type], label: a.name, detail: `${a.area} · ${a.displayed}`, jump: { kind: 'asset' as const, id: a.id }, text: `${a.name} ${a.id} ${a.area} ${ASSET_TYPE_LABEL[a.type]}` })),
    ];
    return all;
  }, [open, alarms, devices, assets]);
  const results = useMemo(() => (query.trim() ? items.filter((i) => matches(i.text, query)) : items).slice(0, MAX_RESULTS), [items, query]);

  if (!open) return null;
  const go = (item: Item | undefined): void => {
    if (!item) return;
    setOpen(false);
    onJump(item.jump);
  };
  return (
    <div className="overlay palette-overlay" role="dialog" aria-label={t('palette.title')} data-testid="command-palette" onClick={() => setOpen(false)}>
      <div className="panel palette" onClick={(e) => e.stopPropagation()}>
        <input ref={input} data-testid="palette-input" placeholder={t('palette.placeholder')} value={query} aria-label={t('palette.title')}
          onChange={(e) => { setQuery(e.target.value); setActive(0); }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setOpen(false);
            else if (e.key === 'ArrowDown') { e.preventDefault(); setActive((n) => Math.min(results.length - 1, n + 1)); }
            else if (e.key === 'ArrowUp') { e.preventDefault(); setActive((n) => Math.max(0, n - 1)); }
            else if (e.key === 'Enter') go(results[active]);
          }} />
        <ul className="palette-results" role="listbox">
          {results.map((r, i) => (
            <li key={r.key} role="option" aria-selected={i === active} data-testid={`palette-${r.key}`} className={i === active ? 'active' : ''} onMouseEnter={() => setActive(i)} onClick={() => go(r)}>
              <span className="chip">{r.kind}</span> <strong>{r.label}</strong> <span className="muted">{r.detail}</span>
            </li>
          ))}
          {results.length === 0 && <li className="muted">{t('palette.none')}</li>}
        </ul>
        <div className="muted">{t('palette.hint')}</div>
      </div>
    </div>
  );
}
