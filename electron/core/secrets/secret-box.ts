import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Where the 32-byte key for stored secrets comes from: a key file, an env variable, the OS keychain. */
export interface SecretKeyProvider {
  /** For the log: where the key is kept, never the key. */
  readonly source: string;
  key(): Buffer;
}

const PREFIX = 'enc:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Secrets at rest (camera passwords, the site connection password) sealed with AES-256-GCM:
 * `enc:v1:` + base64(iv ‖ tag ‖ ciphertext). A value without the prefix is a plaintext left by
 * an older build: it is read as is and sealed on the next start.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(provider: SecretKeyProvider) {
    this.key = provider.key();
    if (this.key.length !== 32) throw new Error(`the secret key from ${provider.source} must be 32 bytes, not ${this.key.length}`);
  }

  static isSealed(value: string): boolean {
    return value.startsWith(PREFIX);
  }

  seal(plain: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  /** The plaintext; throws when the value was sealed with another key or altered. */
  open(value: string): string {
    if (!SecretBox.isSealed(value)) return value;
    const raw = Buffer.from(value.slice(PREFIX.length), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('a stored secret cannot be decrypted: the secret key is not the one it was sealed with (see "Back up the secret key" in docs/deployment.md)');
    }
  }

  /** Open, and when the value cannot be opened, say so in the log and carry on without it. */
  openOr(value: string | undefined, fallback: string | undefined, log: (m: string) => void, what: string): string | undefined {
    if (value === undefined) return undefined;
    try {
      return this.open(value);
    } catch (err) {
      log(`${what}: ${err instanceof Error ? err.message : String(err)}`);
      return fallback;
    }
  }
}
