import { DEFAULT_FLOOD_SETTINGS, FloodSettingsSchema, type FloodSettings } from '../../../shared/alarms/flood-groups.js';
import type { Store } from '../store/store.js';

const KEY = 'floods';

/** The site's flood settings, kept with the other settings; a bad stored value falls back to ISA's. */
export class FloodSettingsStore {
  constructor(private readonly store: Store) {}

  get(): FloodSettings {
    const raw = this.store.getSetting(KEY);
    if (!raw) return DEFAULT_FLOOD_SETTINGS;
    try {
      return FloodSettingsSchema.parse(JSON.parse(raw));
    } catch {
      return DEFAULT_FLOOD_SETTINGS;
    }
  }

  set(settings: FloodSettings, actor: string): FloodSettings {
    const before = this.get();
    this.store.setSetting(KEY, JSON.stringify(settings));
    this.store.audit({ actor, action: 'floods.settings', target: 'floods', before, after: settings });
    return settings;
  }
}
