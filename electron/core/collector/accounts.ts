import { createHmac, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { hashPassword, verifyPassword, DECOY_HASH } from '../auth/passwords.js';
import { ApiError, notFound } from '../errors.js';
import type { IntegrationAccount, Store } from '../store/store.js';
import { ha1, readDigest, type Nonces } from './digest.js';
import { HashGate } from './rate-limit.js';
import { SecretBox } from '../secrets/secret-box.js';

export const IntegrationAccountInput = z.object({
  username: z.string().trim().min(1).max(64).regex(/^[^\s:]+$/, 'must not contain spaces or colons'),
  password: z.string().min(8, 'needs at least 8 characters').max(256),
});

export interface PublicAccount {
  id: number;
  username: string;
  right: 'generate-events';
  createdAt: number;
}

const TOKEN_TTL_S = 60 * 60;
const BASIC_CACHE_MS = 5 * 60 * 1000;

/**
 * Accounts that may only send generic events: what a HALO or an Nx-style script logs in with.
 * They are not operators and cannot use the console's API.
 */
export class IntegrationAccounts {
  private readonly byName = new Map<string, IntegrationAccount>();
  private readonly tokens = new Map<string, { username: string; issued: number; expires: number }>();
  /** Verified Basic credentials, keyed by an HMAC of the header: scrypt once, not per event. */
  private readonly basicCache = new Map<string, { username: string; until: number }>();
  private readonly cacheKey = randomBytes(32);
  /** Checks under way, so a burst of requests with one header costs one scrypt, not one each. */
  private readonly inFlight = new Map<string, Promise<string | null>>();

  /**
   * A Digest HA1 is password-equivalent (anyone holding it can answer a challenge), so it is
   * sealed at rest like camera passwords, and only held open in memory. Values left in
   * plaintext by older builds are sealed here, on start.
   */
  constructor(
    private readonly store: Store,
    private readonly nonces: Nonces,
    private readonly secrets: SecretBox,
    private readonly log: (message: string) => void = () => {},
    private readonly hashes = new HashGate(),
  ) {
    for (const a of store.listIntegrationAccounts()) {
      const open = this.openDigests(a);
      if (open.ha1Md5 !== '' && (!SecretBox.isSealed(a.ha1Md5) || !SecretBox.isSealed(a.ha1Sha256))) {
        store.setIntegrationDigests(a.id, secrets.seal(open.ha1Md5), secrets.seal(open.ha1Sha256));
      }
      this.byName.set(a.username, { ...a, ...open });
    }
  }

  /** The account's HA1 values in the clear; empty (and logged) when they were sealed with another key. */
  private openDigests(a: IntegrationAccount): { ha1Md5: string; ha1Sha256: string } {
    try {
      return { ha1Md5: this.secrets.open(a.ha1Md5), ha1Sha256: this.secrets.open(a.ha1Sha256) };
    } catch (err) {
      // The account still signs in with Basic (its scrypt hash needs no key); Digest cannot work.
      this.log(`integration account ${a.username}: Digest disabled, ${err instanceof Error ? err.message : String(err)}`);
      return { ha1Md5: '', ha1Sha256: '' };
    }
  }

  list(): PublicAccount[] {
    return [...this.byName.values()].map((a) => ({ id: a.id, username: a.username, right: 'generate-events', createdAt: a.createdAt }));
  }

  async create(input: z.infer<typeof IntegrationAccountInput>, actor: string): Promise<PublicAccount> {
    if (this.byName.has(input.username)) throw new ApiError(409, 'exists', `integration account ${input.username} exists`);
    const digests = { ha1Md5: ha1('MD5', input.username, input.password), ha1Sha256: ha1('SHA-256', input.username, input.password) };
    const account = this.store.createIntegrationAccount({
      username: input.username,
      passwordHash: await hashPassword(input.password),
      ha1Md5: this.secrets.seal(digests.ha1Md5),
      ha1Sha256: this.secrets.seal(digests.ha1Sha256),
    });
    this.byName.set(account.username, { ...account, ...digests });
    this.store.audit({ actor, action: 'integration-account.create', target: `integration-account:${account.username}` });
    return this.list().find((a) => a.id === account.id)!;
  }

  delete(id: number, actor: string): void {
    const account = [...this.byName.values()].find((a) => a.id === id);
    if (!account) throw notFound(`integration account ${id}`);
    this.store.deleteIntegrationAccount(id);
    this.byName.delete(account.username);
    for (const [k, v] of this.basicCache) if (v.username === account.username) this.basicCache.delete(k);
    for (const [k, v] of this.tokens) if (v.username === account.username) this.tokens.delete(k);
    this.store.audit({ actor, action: 'integration-account.delete', target: `integration-account:${account.username}` });
  }

  exists(username: string): boolean {
    return this.byName.has(username);
  }

  async checkPassword(username: string, password: string): Promise<boolean> {
    const account = this.byName.get(username);
    const ok = await this.hashes.run(() => verifyPassword(password, account?.passwordHash ?? DECOY_HASH));
    return ok && account !== undefined;
  }

  /** The account of Basic credentials verified lately, without hashing; null when not known. */
  cachedBasic(header: string, now = Date.now()): string | null {
    const cached = this.basicCache.get(this.basicKey(header));
    return cached && cached.until > now && this.byName.has(cached.username) ? cached.username : null;
  }

  private basicKey(header: string): string {
    return createHmac('sha256', this.cacheKey).update(header).digest('base64');
  }

  async checkBasic(header: string, now = Date.now()): Promise<string | null> {
    const cached = this.cachedBasic(header, now);
    if (cached) return cached;
    const key = this.basicKey(header);
    let check = this.inFlight.get(key);
    if (!check) {
      check = this.verifyBasic(header).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, check);
    }
    const username = await check;
    if (username !== null) {
      if (this.basicCache.size > 10_000) this.basicCache.clear();
      this.basicCache.set(key, { username, until: now + BASIC_CACHE_MS });
    }
    return username;
  }

  private async verifyBasic(header: string): Promise<string | null> {
    const { username, password } = readBasic(header);
    if (password === null) return null;
    return (await this.checkPassword(username, password)) ? username : null;
  }

  /**
   * The account name; 'stale' when only the nonce is out of date; 'replay' when this nonce
   * and count were used before; or null.
   */
  checkDigest(header: string, method: string): string | 'stale' | 'replay' | null {
    const digest = readDigest(header, method, this.nonces);
    if (!digest || digest.nonce === 'bad') return null;
    const account = this.byName.get(digest.username);
    const stored = account ? (digest.algorithm === 'MD5' ? account.ha1Md5 : account.ha1Sha256) : ha1(digest.algorithm, digest.username, randomBytes(8).toString('hex'));
    const ok = stored !== '' && digest.verify(stored) && account !== undefined;
    if (!ok) return null;
    if (digest.nonce === 'stale') return 'stale';
    return this.nonces.use(digest.nonceText, digest.nc) ? digest.username : 'replay';
  }

  issueToken(username: string, now = Date.now()): { id: string; username: string; token: string; ageS: number; expiresInS: number } {
    const token = `vms-${randomBytes(24).toString('base64url')}`;
    this.tokens.set(token, { username, issued: now, expires: now + TOKEN_TTL_S * 1000 });
    return { id: token, username, token, ageS: 0, expiresInS: TOKEN_TTL_S };
  }

  checkBearer(token: string, now = Date.now()): string | null {
    const t = this.tokens.get(token);
    if (!t) return null;
    if (t.expires <= now || !this.byName.has(t.username)) {
      this.tokens.delete(token);
      return null;
    }
    return t.username;
  }

  revokeToken(token: string): boolean {
    return this.tokens.delete(token);
  }
}

/** The user name and password of a Basic header; password null when the header is malformed. */
export function readBasic(header: string): { username: string; password: string | null } {
  const decoded = Buffer.from(header.replace(/^Basic\s+/i, ''), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? { username: decoded, password: null } : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
