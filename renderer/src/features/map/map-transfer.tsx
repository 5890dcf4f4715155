import { useRef, useState } from 'react';
import type { Bridge } from '../../../../shared/bridge.js';
import type { SiteMap } from '../../../../shared/maps/model.js';
import { t } from '../../i18n/strings.js';

/** Saves the site's maps as one file, through the bridge like any route. */
async function exportMaps(bridge: Bridge): Promise<void> {
  const file = await bridge.call('maps.export');
  const url = URL.createObjectURL(new Blob([JSON.stringify(file)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `watchdesk-maps-${new Date().toISOString().slice(0, 10)}.json`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Sends an export to the core with a single-use ticket: the desktop renderer holds no token. */
async function importMaps(bridge: Bridge, file: File): Promise<SiteMap[]> {
  const { ticket } = await bridge.call('maps.importTicket');
  const form = new FormData();
  form.append('file', file, file.name);
  const res = await fetch(`${bridge.mediaBase}/api/v1/maps/import?ticket=${encodeURIComponent(ticket)}`, { method: 'POST', body: form });
  const data = (await res.json().catch(() => null)) as (SiteMap[] & { error?: { message?: string } }) | null;
  if (!res.ok) throw new Error(data?.error?.message ?? t('map.importFailed', { status: res.status }));
  return data!;
}

/** Export and import of the site's maps: maps, images and placements in one file. */
export function MapTransfer({ bridge, empty, onDone }: { bridge: Bridge; empty: boolean; onDone: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const run = async (work: () => Promise<string>): Promise<void> => {
    setBusy(true);
    setMessage(null);
    try {
      setMessage(await work());
    } catch (err) {
      setMessage(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      {!empty && <button data-testid="map-export" disabled={busy} onClick={() => void run(async () => { await exportMaps(bridge); return t('map.exported'); })}>{t('map.exportMaps')}</button>}
      {empty && <button data-testid="map-import" disabled={busy} onClick={() => input.current?.click()}>{t('map.importMaps')}</button>}
      <input ref={input} data-testid="map-import-file" type="file" accept="application/json,.json" hidden
        onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) void run(async () => { const maps = await importMaps(bridge, f); onDone(); return t('map.imported', { n: maps.length }); }); }} />
      {message && <span className="muted" role="status" data-testid="map-transfer-status">{message}</span>}
    </>
  );
}
