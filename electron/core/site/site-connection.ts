import type { SiteConnectionState } from '../../../shared/site/views.js';
import type { Monitor } from '../../../shared/site/workflows.js';
import { parseOrThrow } from '../config.js';
import { ApiError } from '../errors.js';
import { ConnectionSettingsSchema, DriverLog, OnvifSettingsSchema, type AssetSnapshot, type DriverSettings, type SiteDriver } from './driver.js';

/** The first connection's id: its assets keep their plain ids (door-01, camera-03, system). */
export const PRIMARY = 'site';

/**
 * One connection to a security system or device: its driver, settings, state, log and the ids
 * of its assets. Asset ids are namespaced by the connection (`onvif-1:camera-1`), except the
 * first connection's, which keep the ids existing data, rules and maps refer to.
 */
export class SiteConnection {
  readonly log = new DriverLog();
  driver: SiteDriver | null = null;
  state: SiteConnectionState = 'disconnected';
  error: string | null = null;
  monitors: Monitor[] = [];
  /** A failed connect is retried with backoff, so a device that was down comes back by itself. */
  retry: NodeJS.Timeout | null = null;
  backoffMs = 1000;

  constructor(readonly id: string, public settings: DriverSettings | null, public position = 0) {}

  get primary(): boolean {
    return this.id === PRIMARY;
  }

  global(local: string): string {
    return this.primary ? local : `${this.id}:${local}`;
  }

  local(global: string): string {
    return this.primary || !global.startsWith(`${this.id}:`) ? global : global.slice(this.id.length + 1);
  }

  /** The driver's assets under their console ids. */
  namespaced(assets: AssetSnapshot[]): AssetSnapshot[] {
    return assets.map((a) => ({ ...a, id: this.global(a.id) }));
  }

  name(): string {
    const s = this.settings;
    if (!s) return 'Security Center';
    if (s.driver === 'onvif') return s.name ?? `ONVIF ${s.address}:${s.port}`;
    return `Security Center ${s.directoryServer}`;
  }

  /** Settings as the API shows them: never the password, only whether there is one. */
  publicSettings(): Record<string, unknown> | null {
    if (!this.settings) return null;
    const { password: _password, ...rest } = this.settings;
    return { ...rest, hasPassword: Boolean(this.settings.password) };
  }

  stopRetry(): void {
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
  }
}

/** A connection's settings, checked per driver with each bad field named; an omitted password keeps the previous one. */
export function parseConnectionSettings(input: unknown, previous: DriverSettings | null): DriverSettings {
  const driver = (input as { driver?: unknown } | null)?.driver ?? previous?.driver ?? 'simulated';
  if (driver !== 'onvif' && driver !== 'simulated') throw new ApiError(400, 'invalid', `Connection is invalid: driver: must be "simulated" or "onvif"`, ['driver: must be "simulated" or "onvif"']);
  const parsed: DriverSettings = driver === 'onvif' ? parseOrThrow(OnvifSettingsSchema, input, 'Connection') : parseOrThrow(ConnectionSettingsSchema, input, 'Connection');
  const settings = { ...parsed, password: parsed.password ?? (previous?.driver === parsed.driver ? previous.password : undefined) } as DriverSettings;
  if (!settings.password) throw new ApiError(400, 'invalid', 'Connection is invalid: password: is required', ['password: is required']);
  return settings;
}
