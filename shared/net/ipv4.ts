/** IPv4 networks for grouping devices by where they sit: pure, so the console and the core agree. */

/** The IPv4 address in a socket's remote address ("10.1.2.3" or the IPv6-mapped "::ffff:10.1.2.3"), or null. */
export function ipv4Of(address: string | null | undefined): number | null {
  if (!address) return null;
  const m = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/i.exec(address.trim());
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return ((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!;
}

/** The network an address sits in, as CIDR ("10.1.2.0/24"); null when it is not IPv4. */
export function networkOf(address: string | null | undefined, prefix: number): string | null {
  const ip = ipv4Of(address);
  if (ip === null || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) return null;
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const net = (ip & mask) >>> 0;
  return `${[net >>> 24, (net >>> 16) & 255, (net >>> 8) & 255, net & 255].join('.')}/${prefix}`;
}
