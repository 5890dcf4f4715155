import type { AssetType } from './asset-model.js';
import type { LastAccessEvent } from './workflows.js';

export interface AssetView {
  id: string;
  type: AssetType;
  name: string;
  area: string;
  /** The true (hardware) states, as the site reports them. */
  states: string[];
  /** What the console shows, after Mask, Acknowledge and No Communication. */
  displayed: string;
  colour: string;
  icon: string;
  priority: number;
  masked: boolean;
  acknowledged: boolean;
  communication: boolean;
  /** The connection that reports it ('site' for the first). */
  connection: string;
  lastAccess: LastAccessEvent | null;
  attributes: Record<string, unknown>;
}

export type CommandStatus = 'pending' | 'confirmed' | 'failed';

export interface CommandView {
  id: number;
  /** null: a system (site) command. */
  assetId: string | null;
  command: string;
  params: Record<string, unknown>;
  actor: string;
  status: CommandStatus;
  /** Why it failed: rejected by the site, timed out, no communication. */
  reason: string | null;
  before: string | null;
  after: string | null;
  at: number;
  settledAt: number | null;
}

export type SiteConnectionState = 'disconnected' | 'connecting' | 'connected' | 'failed';

export interface SiteConnectionView {
  state: SiteConnectionState;
  error: string | null;
  settings: { driver: string; directoryServer: string; username: string; hasPassword: boolean; dataServerPort: number; activity: boolean } | null;
  /** The seed's ports, for the firewall: video 654 (RTSP via the Media Gateway), server 5500, data server, debug tools 9563. */
  ports: { video: number; server: number; dataServer: number; debugTools: number };
}

/** One security-system connection: its driver, settings (never a password), state and assets. */
export interface ConnectionView {
  id: string;
  /** The first connection is the one `/site/connection` shows. */
  primary: boolean;
  driver: string;
  name: string;
  state: SiteConnectionState;
  error: string | null;
  /** Communication with the system or device right now. */
  communication: boolean;
  settings: Record<string, unknown> | null;
  hasPassword: boolean;
  assets: number;
  /** Warnings and errors its driver logged since start (faults, lost communication, refused answers). */
  faults: { warning: number; error: number };
}

/** A device that answered a WS-Discovery probe and is not a connection yet. */
export interface DiscoveredDevice {
  /** Its endpoint reference (urn:uuid:…). */
  urn: string;
  xaddrs: string[];
  address: string;
  port: number;
  /** From its ONVIF scopes, when it gives them. */
  name: string | null;
  hardware: string | null;
}
