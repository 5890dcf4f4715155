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
  const ha2 = hashHex(algorithm, `${method}:${uri}`);
  return {
    username,
    algorithm,
    nonce: nonces.check(nonce),
    verify: (storedHa1) => {
      // RFC 2069 clients (no qop) are still met in older cameras and sensors.
      const expected = qop ? hashHex(algorithm, `${storedHa1}:${nonce}:${nc}:${cnonce}:${qop}:${ha2}`) : hashHex(algorithm, `${storedHa1}:${nonce}:${ha2}`);
      return expected.length === response.length && timingSafeEqual(Buffer.from(expected), Buffer.from(response.toLowerCase()));
    },
  };
}
