import dns from 'node:dns';
import net from 'node:net';
import type { LookupFunction } from 'node:net';

/**
 * Where the core may send requests on an admin's behalf (camera URLs, rule `http` actions).
 * Loopback, link-local, unspecified, multicast and cloud-metadata addresses are refused unless
 * an admin allows local targets: otherwise a camera URL reads the core's own API or the
 * cloud's instance credentials (SSRF). Host names are checked after resolving, on the very
 * address the request then connects to, so DNS cannot swap a public answer for a local one.
 */
export class TargetRefused extends Error {}

const METADATA_V4 = new Set(['100.100.100.200', '192.0.0.192']);

function v4Forbidden(ip: string): string | null {
  const [a, b] = ip.split('.').map(Number) as [number, number];
  if (a === 127) return 'a loopback address';
  if (a === 0) return 'an unspecified address';
  if (a === 169 && b === 254) return 'a link-local or cloud-metadata address';
  if (a >= 224) return 'a multicast or broadcast address';
  if (METADATA_V4.has(ip)) return 'a cloud-metadata address';
  return null;
}

/** Why `ip` may not be a target, or null when it may. */
export function forbiddenAddress(ip: string): string | null {
  const family = net.isIP(ip);
  if (family === 4) return v4Forbidden(ip);
  if (family !== 6) return 'not an IP address';
  let lower = ip.toLowerCase();
  // A dotted IPv4 tail (::ffff:127.0.0.1) becomes two hex words, checked below as mapped.
  const dotted = /^(.*:)(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(lower);
  if (dotted) {
    const [, prefix, a, b, c, d] = dotted.map((x, i) => (i < 2 ? x : Number(x))) as [string, string, number, number, number, number];
    lower = `${prefix}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const words = expand(lower);
  if (!words) return 'not an IP address';
  if (words.every((w) => w === 0)) return 'an unspecified address';
  if (words.slice(0, 7).every((w) => w === 0) && words[7] === 1) return 'a loopback address';
  if ((words[0]! & 0xffc0) === 0xfe80) return 'a link-local address';
  if ((words[0]! & 0xff00) === 0xff00) return 'a multicast address';
  if (words[0] === 0xfd00 && words[1] === 0x0ec2 && words.slice(2, 7).every((w) => w === 0) && words[7] === 0x254) return 'a cloud-metadata address';
  // IPv4-mapped (::ffff:7f00:1) and the deprecated IPv4-compatible (::7f00:1) forms.
  if (words.slice(0, 5).every((w) => w === 0) && (words[5] === 0xffff || words[5] === 0)) return v4Forbidden(`${words[6]! >> 8}.${words[6]! & 255}.${words[7]! >> 8}.${words[7]! & 255}`);
  return null;
}

function expand(ip: string): number[] | null {
  const [head, tail] = ip.split('::') as [string, string | undefined];
  const parse = (s: string): number[] => (s === '' ? [] : s.split(':').map((w) => parseInt(w, 16)));
  const h = parse(head);
  const t = tail === undefined ? [] : parse(tail);
  const fill = 8 - h.length - t.length;
  if (fill < 0 || (tail === undefined && fill !== 0)) return null;
  const words = [...h, ...Array<number>(fill).fill(0), ...t];
  return words.some((w) => Number.isNaN(w)) ? null : words;
}

export class TargetPolicy {
  /** Origins (`host:port`) the core itself serves, such as the demo's cameras: always allowed. */
  private readonly own = new Set<string>();

  constructor(public allowLocal = false) {}

  exempt(origin: string): void {
    this.own.add(origin);
  }

  unexempt(origin: string): void {
    this.own.delete(origin);
  }

  private allowed(url: URL): boolean {
    return this.allowLocal || this.own.has(`${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`);
  }

  /** Refuses at once what needs no lookup: a local IP literal or `localhost`. */
  checkLiteral(url: URL): void {
    if (this.allowed(url)) return;
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (host === 'localhost' || host.endsWith('.localhost')) throw new TargetRefused(`${host} is a loopback name`);
    if (net.isIP(host)) {
      const why = forbiddenAddress(host);
      if (why) throw new TargetRefused(`${host} is ${why}`);
    }
  }

  /**
   * Options for http.get/https.get: the literal checked now, names checked on the addresses
   * they resolve to. Throws TargetRefused for a literal; a name fails in the request's error.
   */
  requestOptions(url: URL): { lookup?: LookupFunction } {
    this.checkLiteral(url);
    if (this.allowed(url)) return {};
    const lookup: LookupFunction = (hostname, options, callback) => {
      dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
        if (err) return callback(err, '', 0);
        const list = addresses;
        const bad = list.map((a) => ({ a, why: forbiddenAddress(a.address) })).find((x) => x.why);
        if (bad) return callback(new TargetRefused(`${hostname} resolves to ${bad.a.address}, ${bad.why}`), '', 0);
        if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
        const first = list[0];
        if (!first) return callback(new TargetRefused(`${hostname} has no address`), '', 0);
        callback(null, first.address, first.family);
      });
    };
    return { lookup };
  }
}
