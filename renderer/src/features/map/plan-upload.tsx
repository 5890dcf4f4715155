import { useState } from 'react';
import type { Bridge } from '../../../../shared/bridge.js';
import type { SiteMap } from '../../../../shared/maps/model.js';
import { t } from '../../i18n/strings.js';

/** Sends a plan's file with a single-use ticket: the desktop renderer holds no token to send. */
export async function uploadPlan(bridge: Bridge, mapId: number, file: File): Promise<SiteMap> {
  const { ticket } = await bridge.call('maps.uploadTicket', { params: { id: mapId } });
  const form = new FormData();
  form.append('file', file, file.name);
  const res = await fetch(`${bridge.mediaBase}/api/v1/maps/${mapId}/image?ticket=${encodeURIComponent(ticket)}`, { method: 'POST', body: form });
  const data = (await res.json().catch(() => null)) as (SiteMap & { error?: { message?: string } }) | null;
  if (!res.ok) throw new Error(data?.error?.message ?? t('map.uploadFailed', { status: res.status }));
  return data!;
}

/** A new map: its name, where it sits, and a plan image (PNG, JPEG, WebP, SVG or PDF up to 50 MB). */
export function NewMapForm({ bridge, maps, parentId, onDone }: { bridge: Bridge; maps: readonly SiteMap[]; parentId: number | null; onDone: (map: SiteMap | null) => void }) {
  const [name, setName] = useState('');
  const [parent, setParent] = useState<number | null>(parentId);
  const [kind, setKind] = useState<'plan' | 'geo'>('plan');
  const [url, setUrl] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // A map whose file was refused stays, without it: the form stays open with the reason, and a
  // second try uploads another file to that map instead of making a new one.
  const [made, setMade] = useState<SiteMap | null>(null);
  const siblings = maps.filter((m) => m.parentId === parent);
  const submit = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    let created: SiteMap | null = made;
    try {
      created ??= await bridge.call('maps.create', { body: { name, kind, parentId: parent, order: siblings.length ? Math.max(...siblings.map((s) => s.order)) + 1 : 0, tileSource: kind === 'geo' && url ? { url } : null } });
      setMade(created);
      // A plan's image, or a geo map's offline tiles (MBTiles): the same upload, told apart by the core.
      if (file) created = await uploadPlan(bridge, created.id, file);
      onDone(created);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      setError(created ? t('map.fileRefused', { name: created.name, why }) : why);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="map-new" data-testid="map-new-form" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <label>{t('map.name')} <input data-testid="map-new-name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} /></label>
      <label>{t('map.inside')} <select data-testid="map-new-parent" value={parent ?? ''} onChange={(e) => setParent(e.target.value ? Number(e.target.value) : null)}>
        <option value="">{t('map.top')}</option>
        {maps.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
      </select></label>
      <label>{t('map.kind')} <select data-testid="map-new-kind" value={kind} onChange={(e) => { setKind(e.target.value as 'plan' | 'geo'); setFile(null); }}><option value="plan">{t('map.floorPlan2')}</option><option value="geo">{t('map.outdoorTiles')}</option></select></label>
      {kind === 'plan'
        ? <label>{t('map.plan')} <input data-testid="map-new-file" type="file" accept="image/png,image/jpeg,image/webp,image/svg+xml,application/pdf" onChange={(e) => setFile(e.target.files?.[0] ?? null)} /></label>
        : <>
          <label>{t('map.tiles')} <input data-testid="map-new-url" placeholder={t('map.httpsPng')} value={url} onChange={(e) => setUrl(e.target.value)} /></label>
          <label>{t('map.orMbtilesFile')} <input data-testid="map-new-mbtiles" type="file" accept=".mbtiles,application/vnd.sqlite3,application/x-sqlite3" onChange={(e) => setFile(e.target.files?.[0] ?? null)} /></label>
        </>}
      <button type="submit" data-testid="map-new-create" disabled={busy || !name.trim()}>{busy ? t('map.uploading') : t('map.createMap')}</button>
      <button type="button" data-testid="map-new-cancel" onClick={() => onDone(made)}>{t('map.cancel')}</button>
      {error && <div className="error" role="alert" data-testid="map-new-error">{error}</div>}
    </form>
  );
}
