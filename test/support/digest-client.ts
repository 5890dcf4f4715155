import { createHash, randomBytes } from 'node:crypto';

/** A minimal RFC 7616 client, as a HALO or an old Nx client computes the Authorization header. */
export function digestHeader(challenge: string, method: string, uri: string, username: string, password: string, opts: { qop?: boolean } = {}): string {
  const realm = /realm="([^"]+)"/.exec(challenge)?.[1] ?? '';
  const nonce = /nonce="([^"]+)"/.exec(challenge)?.[1] ?? '';
  const algorithm = /algorithm=([\w-]+)/.exec(challenge)?.[1] ?? 'MD5';
  const h = (s: string): string => createHash(algorithm === 'MD5' ? 'md5' : 'sha256').update(s).digest('hex');
  const ha1 = h(`${username}:${realm}:${password}`);
  const ha2 = h(`${method}:${uri}`);
  if (opts.qop === false) {
    return `Digest username="${username}", realm="${realm}", nonce="${nonce}", uri="${uri}", algorithm=${algorithm}, response="${h(`${ha1}:${nonce}:${ha2}`)}"`;
  }
  const cnonce = randomBytes(8).toString('hex');
  const nc = '00000001';
  const response = h(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${ha2}`);
  return `Digest username="${username}", realm="${realm}", nonce="${nonce}", uri="${uri}", algorithm=${algorithm}, qop=auth, nc=${nc}, cnonce="${cnonce}", response="${response}"`;
}
