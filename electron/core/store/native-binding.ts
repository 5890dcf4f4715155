import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where `npm start` keeps better-sqlite3 built for Electron's ABI, beside the copy in
 * node_modules that Node (tests, `serve`) uses: neither build ever overwrites the other.
 */
export const ELECTRON_NATIVE_DIR = '.electron-native';
export const ELECTRON_BINDING = join(ELECTRON_NATIVE_DIR, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');

export interface Runtime {
  /** `process.versions.electron`: set only inside Electron. */
  electron: string | undefined;
  /** The checkout (or app) root. */
  root: string;
  exists(path: string): boolean;
}

/**
 * The native module better-sqlite3 should load, or undefined for its own default: always in
 * Node; in the desktop app from a checkout, the Electron build beside node_modules; in a
 * packaged app (no such folder) the module electron-builder rebuilt in place.
 */
export function sqliteBinding(runtime: Runtime): string | undefined {
  if (!runtime.electron) return undefined;
  const path = resolve(runtime.root, ELECTRON_BINDING);
  return runtime.exists(path) ? path : undefined;
}

function checkoutRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** better-sqlite3's options for this process. */
export function sqliteOptions(): { nativeBinding?: string } {
  const nativeBinding = sqliteBinding({ electron: process.versions.electron, root: checkoutRoot(), exists: existsSync });
  return nativeBinding ? { nativeBinding } : {};
}
