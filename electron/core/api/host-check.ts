import { hostname, networkInterfaces } from 'node:os';

const WILDCARDS = new Set(['0.0.0.0', '::', '']);

/** The name in a Host header, without its port; IPv6 without brackets; lower case. */
export function hostName(header: string | undefined): string | null {
  if (!header) return null;
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    return end > 0 ? h.slice(1, end) : null;
  }
  const colon = h.lastIndexOf(':');
  return colon >= 0 && h.indexOf(':') === colon ? h.slice(0, colon) : h;
}

/**
 * The names this server answers to. A page on another name that resolves here (DNS rebinding)
 * would otherwise talk to the console's API from an operator's browser.
 */
export function allowedHostNames(listenHost: string, extra: readonly string[], interfaces = networkInterfaces(), machine = hostname()): Set<string> {
  const names = new Set(['localhost', '127.0.0.1', '::1', ...extra.map((h) => h.toLowerCase())]);
  if (WILDCARDS.has(listenHost)) {
    // Listening everywhere: every address of this machine, and its name.
    for (const list of Object.values(interfaces)) for (const a of list ?? []) names.add(a.address.toLowerCase());
    names.add(machine.toLowerCase());
  } else {
    names.add(listenHost.toLowerCase());
  }
  return names;
}

export function hostAllowed(header: string | undefined, allowed: ReadonlySet<string>): boolean {
  const name = hostName(header);
  return name !== null && allowed.has(name);
}
