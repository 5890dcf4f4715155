import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';

/** A SHA-256 certificate fingerprint as Node prints it: 32 bytes, upper-case hex, colon-separated. */
export const FINGERPRINT = /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/;

/** Which console this desktop shows: its own core, or a Watchdesk server elsewhere. */
export const ConnectionChoice = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('local') }).strict(),
  z.object({
    mode: z.literal('remote'),
    url: z.string().max(2048),
    /** The node's self-signed certificate, accepted by the operator on first connect. */
    pin: z.string().regex(FINGERPRINT).nullable().default(null),
    insecure: z.boolean().default(false),
  }).strict(),
]);
export type ConnectionChoice = z.infer<typeof ConnectionChoice>;

/** Where the choice is remembered, in the user-data folder. */
export function connectionFile(userData: string): string {
  return join(userData, 'connection.json');
}

/** The remembered choice; null on first run, or when the file is unreadable (the operator is asked again). */
export function loadConnection(file: string, log: (message: string) => void = () => undefined): ConnectionChoice | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = ConnectionChoice.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
    log(`connection.json ignored: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  } catch (err) {
    log(`connection.json ignored: ${err instanceof Error ? err.message : String(err)}`);
  }
  return null;
}

/** Written whole through a temporary file, so a crash never leaves half a choice. */
export function saveConnection(file: string, choice: ConnectionChoice): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(ConnectionChoice.parse(choice), null, 2)}\n`);
  renameSync(tmp, file);
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isLoopback(hostname: string): boolean {
  return LOOPBACK.has(hostname.toLowerCase()) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** A node the desktop may connect to: only its origin; every request goes there and nowhere else. */
export interface RemoteNode {
  /** e.g. `https://watchdesk.site.example:8443` (no path, no trailing slash). */
  origin: string;
  /** Plain http to a host other than this computer, allowed by `--insecure`: the window title says so. */
  insecure: boolean;
}

/**
 * Reads `--connect URL`: https by default (a bare `host[:port]` means https), plain http only to
 * this computer or with `--insecure`. No credentials, path or query: the node's API is at its root.
 */
export function parseNodeUrl(text: string, insecure = false): RemoteNode {
  const raw = text.trim();
  if (raw === '') throw new Error('The Watchdesk server address is empty');
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`);
  } catch {
    throw new Error(`"${raw.slice(0, 200)}" is not a server address (https://host[:port])`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`A Watchdesk server is reached over https, not ${url.protocol.replace(':', '')}`);
  if (url.username || url.password) throw new Error('A server address may not carry a user name or password: sign in through the console');
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) throw new Error('Give the server address alone (https://host[:port]), without a path');
  if (url.protocol === 'http:' && !isLoopback(url.hostname) && !insecure) {
    throw new Error(`Plain http to ${url.host} would send passwords and the session unprotected: use https, or start with --insecure on a network you trust`);
  }
  return { origin: url.origin, insecure: url.protocol === 'http:' && !isLoopback(url.hostname) };
}

/** The window title: which server, and a warning when the connection is not encrypted. */
export function windowTitle(node: RemoteNode | null): string {
  if (!node) return 'Watchdesk';
  return `Watchdesk — ${new URL(node.origin).host}${node.insecure ? ' — NOT ENCRYPTED (--insecure)' : ''}`;
}

/** The shell's own options among Electron's and Chromium's: `--connect URL` (or `--connect=URL`) and `--insecure`. */
export function shellArgs(argv: readonly string[]): { connect: string | null; insecure: boolean } {
  let connect: string | null = null;
  let insecure = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--insecure') insecure = true;
    else if (a === '--connect') connect = argv[++i] ?? '';
    else if (a.startsWith('--connect=')) connect = a.slice('--connect='.length);
  }
  return { connect, insecure };
}
