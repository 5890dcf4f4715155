import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type DigestAlgorithm = 'MD5' | 'SHA-256';
export const REALM = 'watchdesk';
const NONCE_TTL_MS = 5 * 60 * 1000;

export function hashHex(algorithm: DigestAlgorithm, text: string): string {
  return createHash(algorithm === 'MD5' ? 'md5' : 'sha256').update(text, 'utf8').digest('hex');
}

export function ha1(algorithm: DigestAlgorithm, username: string, password: string): string {
  return hashHex(algorithm, `${username}:${REALM}:${password}`);
}

/** Parses `key=value, key="quoted value"` pairs of an Authorization header (RFC 7616 §3.4). */
export function parseAuthParams(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /([a-zA-Z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*(?:,|$)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    out.set(m[1]!.toLowerCase(), m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? ''));
    if (m[0].length === 0) re.lastIndex++;
  }
  return out;
}

/**
 * Stateless nonces: a time and an HMAC of it, so a restart or many servers need no shared
 * table, and an old nonce is answered `stale=true` rather than as a wrong password.
 */
export class Nonces {
  private readonly secret = randomBytes(32);
  /** Nonce counts already accepted, per nonce still in use: a repeated one is a replay. */
  private readonly used = new Map<string, { issued: number; counts: Set<string> }>();
  /** Nonces issued before this time and no longer tracked count as stale: never replayable. */
  private forgottenBefore = 0;

  constructor(private readonly maxTracked = 50_000, private readonly maxCountsPerNonce = 10_000) {}

  issue(now = Date.now()): string {
    const t = now.toString(36);
    return `${t}.${createHmac('sha256', this.secret).update(t).digest('base64url').slice(0, 22)}`;
  }

  check(nonce: string, now = Date.now()): 'ok' | 'stale' | 'bad' {
    const [t, mac] = nonce.split('.');
    if (!t || !mac) return 'bad';
    const expected = createHmac('sha256', this.secret).update(t).digest('base64url').slice(0, 22);
    if (mac.length !== expected.length || !timingSafeEqual(Buffer.from(mac), Buffer.from(expected))) return 'bad';
    return now - parseInt(t, 36) > NONCE_TTL_MS ? 'stale' : 'ok';
  }

  /**
   * Records a verified use of `nonce` with count `nc` (RFC 7616 §3.4). False when that count
   * was used before: a replay. Without qop there is no count, so such a nonce serves once
   * and the client is sent a fresh one (stale=true), as RFC 2069 clients handle.
   */
  use(nonce: string, nc: string | null, now = Date.now()): boolean {
    const issued = parseInt(nonce.split('.')[0] ?? '', 36);
    let entry = this.used.get(nonce);
    if (!entry) {
      if (issued < this.forgottenBefore) return false;
      this.sweep(now);
      entry = { issued, counts: new Set() };
      this.used.set(nonce, entry);
    }
    const count = nc === null ? '' : nc.toLowerCase().replace(/^0+(?=.)/, '');
    if (entry.counts.has(count) || (nc === null && entry.counts.size > 0) || entry.counts.size >= this.maxCountsPerNonce) return false;
    entry.counts.add(count);
    return true;
  }

  private sweep(now: number): void {
    // First use roughly follows issue order: expired nonces gather at the front.
    for (const [n, e] of this.used) {
      if (now - e.issued <= NONCE_TTL_MS) break;
      this.used.delete(n);
    }
    while (this.used.size >= this.maxTracked) {
      const [n, e] = this.used.entries().next().value!;
      this.used.delete(n);
      this.forgottenBefore = Math.max(this.forgottenBefore, e.issued + 1);
    }
  }
}

export function challenges(nonces: Nonces, stale = false): string[] {
  const nonce = nonces.issue();
  const staleParam = stale ? ', stale=true' : '';
  return [
    `Digest realm="${REALM}", qop="auth", algorithm=SHA-256, nonce="${nonce}"${staleParam}`,
    `Digest realm="${REALM}", qop="auth", algorithm=MD5, nonce="${nonce}"${staleParam}`,
    `Basic realm="${REALM}", charset="UTF-8"`,
  ];
}

export interface DigestCheck {
  username: string;
  algorithm: DigestAlgorithm;
  /** The expected response, computed from the stored HA1. */
  verify(storedHa1: string): boolean;
  nonce: 'ok' | 'stale' | 'bad';
  /** The nonce as sent, and its count (null without qop). */
  nonceText: string;
  nc: string | null;
}

/** The user name a Digest header claims, before anything is checked. */
export function digestUsername(header: string): string {
  return parseAuthParams(header.replace(/^Digest\s+/i, '')).get('username') ?? '';
}

/** Reads a Digest Authorization header; null when it is malformed or uses an unsupported variant. */
export function readDigest(header: string, method: string, nonces: Nonces): DigestCheck | null {
  const p = parseAuthParams(header.replace(/^Digest\s+/i, ''));
  const username = p.get('username');
  const nonce = p.get('nonce');
  const uri = p.get('uri');
  const response = p.get('response');
  const algo = (p.get('algorithm') ?? 'MD5').toUpperCase();
  if (!username || !nonce || !uri || !response || p.get('realm') !== REALM) return null;
  if (algo !== 'MD5' && algo !== 'SHA-256') return null;
  const algorithm = algo as DigestAlgorithm;
  const qop = p.get('qop');
  const nc = p.get('nc') ?? '';
  const cnonce = p.get('cnonce') ?? '';
  if (qop !== undefined && qop !== 'auth') return null;
  if (qop !== undefined && !/^[0-9a-fA-F]{8}$/.test(nc)) return null;
  const ha2 = hashHex(algorithm, `${method}:${uri}`);
  return {
    username,
    algorithm,
    nonce: nonces.check(nonce),
    nonceText: nonce,
    nc: qop ? nc : null,
    verify: (storedHa1) => {
      // RFC 2069 clients (no qop) are still met in older cameras and sensors.
      const expected = qop ? hashHex(algorithm, `${storedHa1}:${nonce}:${nc}:${cnonce}:${qop}:${ha2}`) : hashHex(algorithm, `${storedHa1}:${nonce}:${ha2}`);
      return expected.length === response.length && timingSafeEqual(Buffer.from(expected), Buffer.from(response.toLowerCase()));
    },
  };
}
