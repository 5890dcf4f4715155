import type { Store } from '../store/store.js';
import { SecretBox } from '../secrets/secret-box.js';
import { ConnectionSettingsSchema, OnvifSettingsSchema, type AssetSnapshot, type ConnectionSettings } from './driver.js';
import { SiteConnection } from './site-connection.js';

const SETTINGS_KEY = 'siteConnection';

/**
 * Where the connections' settings live: the first in the settings table (where it always was),
 * the others in `site_connections`. Passwords are sealed at rest (AES-256-GCM); one an older
 * build left in plaintext is sealed when read. Without a SecretBox (unit use) they are kept as given.
 */
export class ConnectionSettingsStore {
  constructor(private readonly store: Store, private readonly secrets?: SecretBox, private readonly log: (message: string) => void = () => undefined) {}

  private seal(password: string | undefined): string | undefined {
    return password && this.secrets ? this.secrets.seal(password) : password;
  }

  private open(stored: string, what: string): string | undefined {
    return this.secrets ? this.secrets.openOr(stored, undefined, this.log, what) : stored;
  }

  private needsSealing(stored: string | undefined): boolean {
    return Boolean(stored && this.secrets && !SecretBox.isSealed(stored));
  }

  loadPrimary(): ConnectionSettings | null {
    const saved = this.store.getSetting(SETTINGS_KEY);
    if (!saved) return null;
    const raw = JSON.parse(saved) as { password?: string };
    const stored = raw.password;
    if (stored !== undefined) raw.password = this.open(stored, 'site connection password');
    const settings = ConnectionSettingsSchema.parse(raw);
    if (this.needsSealing(stored)) this.savePrimary(settings);
    return settings;
  }

  savePrimary(settings: ConnectionSettings): void {
    this.store.setSetting(SETTINGS_KEY, JSON.stringify({ ...settings, password: this.seal(settings.password) }));
  }

  clearPrimary(): void {
    this.store.setSetting(SETTINGS_KEY, '');
  }

  /** The connections after the first, each with the assets it last reported. */
  loadOthers(): Array<{ conn: SiteConnection; assets: AssetSnapshot[] }> {
    const out: Array<{ conn: SiteConnection; assets: AssetSnapshot[] }> = [];
    for (const c of this.store.siteConnections.listConnections()) {
      const password = c.password ? this.open(c.password, `connection ${c.id} password`) : c.password;
      const parsed = (c.driver === 'onvif' ? OnvifSettingsSchema : ConnectionSettingsSchema).safeParse({ ...c.settings, password: password || undefined });
      if (!parsed.success) continue;
      const conn = new SiteConnection(c.id, parsed.data, c.position);
      if (this.needsSealing(c.password)) this.save(conn, c.createdBy);
      out.push({ conn, assets: c.assets as AssetSnapshot[] });
    }
    return out;
  }

  save(conn: SiteConnection, actor: string): void {
    const { password, ...settings } = conn.settings!;
    this.store.siteConnections.saveConnection({ id: conn.id, position: conn.position, driver: settings.driver, settings, password: this.seal(password) ?? '', createdBy: actor, createdAt: Date.now(), assets: [] });
  }
}
