import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';

const MAX_SNAPSHOT = 8 * 1024 * 1024;
const TIMEOUT_MS = 5000;

function get(url: URL, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = (url.protocol === 'https:' ? https : http).get(url, { headers: { ...headers, 'user-agent': 'Watchdesk' }, timeout: TIMEOUT_MS, rejectUnauthorized: false }, (res) => {
      const parts: Buffer[] = [];
      let size = 0;
      res.on('data', (d: Buffer) => { size += d.length; if (size > MAX_SNAPSHOT) req.destroy(new Error('the snapshot is larger than 8 MiB')); else parts.push(d); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no snapshot within ${TIMEOUT_MS / 1000} s`)));
    req.on('error', reject);
  });
}

function digest(challenge: string, url: URL, username: string, password: string): string {
  const field = (name: string): string => new RegExp(`${name}="?([^",]+)"?`, 'i').exec(challenge)?.[1] ?? '';
  const algorithm = field('algorithm') || 'MD5';
  const h = (s: string): string => createHash(/sha-?256/i.test(algorithm) ? 'sha256' : 'md5').update(s).digest('hex');
  const realm = field('realm');
  const nonce = field('nonce');
  const uri = url.pathname + url.search;
  const ha1 = h(`${username}:${realm}:${password}`);
  const ha2 = h(`GET:${uri}`);
  const cnonce = randomBytes(8).toString('hex');
  const qop = /qop="?[^"]*auth/i.test(challenge);
  const response = qop ? h(`${ha1}:${nonce}:00000001:${cnonce}:auth:${ha2}`) : h(`${ha1}:${nonce}:${ha2}`);
  const opaque = field('opaque');
  return `Digest username="${username}", realm="${realm}", nonce="${nonce}", uri="${uri}", algorithm=${algorithm}, response="${response}"${qop ? `, qop=auth, nc=00000001, cnonce="${cnonce}"` : ''}${opaque ? `, opaque="${opaque}"` : ''}`;
}

/**
 * The JPEG at a camera's GetSnapshotUri, with the camera's credentials (Digest or Basic, as the
 * camera asks). Bounded in size and time; the credentials never leave the core.
 */
export async function fetchSnapshot(uri: string, username: string, password: string): Promise<Buffer> {
  const url = new URL(uri);
  let res = await get(url, {});
  if (res.status === 401) {
    const challenge = String(res.headers['www-authenticate'] ?? '');
    const authorization = /^digest/i.test(challenge) ? digest(challenge, url, username, password) : `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    res = await get(url, { authorization });
  }
  if (res.status === 401) throw new Error('NotAuthorized: the camera refused the credentials for its snapshot (HTTP 401)');
  if (res.status !== 200) throw new Error(`the camera answered HTTP ${res.status} for its snapshot`);
  if (res.body.length < 4 || res.body[0] !== 0xff || res.body[1] !== 0xd8) throw new Error('the camera’s snapshot is not a JPEG');
  return res.body;
}
