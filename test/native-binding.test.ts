import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ELECTRON_BINDING, sqliteBinding, sqliteOptions } from '../electron/core/store/native-binding.js';
import { SqliteStore } from '../electron/core/store/sqlite-store.js';
import { tempDir } from './support/app.js';

describe('which better-sqlite3 build each runtime loads', () => {
  const root = '/checkout';
  const built = new Set([resolve(root, ELECTRON_BINDING)]);

  it('Node (tests, serve) loads the build in node_modules', () => {
    expect(sqliteBinding({ electron: undefined, root, exists: (p) => built.has(p) })).toBeUndefined();
    expect(sqliteOptions()).toEqual({});
  });

  it('Electron from a checkout loads the build beside it, in .electron-native', () => {
    expect(sqliteBinding({ electron: '40.10.2', root, exists: (p) => built.has(p) })).toBe(resolve(root, '.electron-native/node_modules/better-sqlite3/build/Release/better_sqlite3.node'));
  });

  it('a packaged app (no side build) loads the module electron-builder rebuilt in place', () => {
    expect(sqliteBinding({ electron: '40.10.2', root: '/opt/Watchdesk/resources/app.asar', exists: () => false })).toBeUndefined();
  });

  it('the store opens with the chosen build in Node', () => {
    const store = new SqliteStore(tempDir());
    expect(store.getSetting('nothing')).toBeUndefined();
    store.close();
  });
});
