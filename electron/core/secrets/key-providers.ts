import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { SecretKeyProvider } from './secret-box.js';

export const KEY_FILE = 'secret.key';
export const SAFE_KEY_FILE = 'secret.key.safe';

function decodeKey(text: string, where: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32) throw new Error(`${where} must hold a 32-byte key, as 64 hex digits or base64`);
  return key;
}

/** Writes a new file readable by its owner only; fails if it exists (two starts never race to two keys). */
function writeNew(path: string, data: string | Buffer): void {
  const fd = openSync(path, 'wx', 0o600);
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
  } finally {
    closeSync(fd);
  }
  if (process.platform !== 'win32') chmodSync(path, 0o600);
}

function ownerOnly(path: string): void {
  if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
}

/**
 * Headless: the key from WATCHDESK_SECRET_KEY when set, else from `secret.key` in the data
 * folder (mode 0600), created on first start. Back it up with the database.
 */
export function headlessKeyProvider(dataDir: string, env: NodeJS.ProcessEnv = process.env): SecretKeyProvider {
  const fromEnv = env.WATCHDESK_SECRET_KEY;
  if (fromEnv) return { source: 'WATCHDESK_SECRET_KEY', key: () => decodeKey(fromEnv, 'WATCHDESK_SECRET_KEY') };
  const path = join(dataDir, KEY_FILE);
  return {
    source: path,
    key: () => {
      if (!existsSync(path)) writeNew(path, `${randomBytes(32).toString('base64')}\n`);
      ownerOnly(path);
      return decodeKey(readFileSync(path, 'utf8'), path);
    },
  };
}

/** What the desktop shell passes in: Electron's `safeStorage` (the OS keychain), by shape. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  /** Linux only: 'basic_text' means no keychain, only a fixed password: no better than a key file. */
  getSelectedStorageBackend?(): string;
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
}

/**
 * Desktop: the key kept in `secret.key.safe`, itself encrypted by the OS keychain through
 * Electron's safeStorage, so a copied data folder does not open on another account or machine.
 * Without a keychain (some Linux desktops, or only the 'basic_text' backend) it falls back to
 * the headless key file.
 */
export function safeStorageKeyProvider(dataDir: string, safeStorage: SafeStorageLike, env: NodeJS.ProcessEnv = process.env): SecretKeyProvider {
  const path = join(dataDir, SAFE_KEY_FILE);
  const noKeychain = !safeStorage.isEncryptionAvailable() || safeStorage.getSelectedStorageBackend?.() === 'basic_text';
  if (env.WATCHDESK_SECRET_KEY || noKeychain) return headlessKeyProvider(dataDir, env);
  return {
    source: `${path} (sealed by the OS keychain)`,
    key: () => {
      if (!existsSync(path)) {
        // A data folder that ran headless first keeps its key: sealed by the keychain from now on.
        const plainPath = join(dataDir, KEY_FILE);
        const key = existsSync(plainPath) ? readFileSync(plainPath, 'utf8').trim() : randomBytes(32).toString('base64');
        writeNew(path, safeStorage.encryptString(key));
      }
      ownerOnly(path);
      return decodeKey(safeStorage.decryptString(readFileSync(path)), path);
    },
  };
}
