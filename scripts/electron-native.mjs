// `npm start` with the Electron runtime: better-sqlite3 built for Electron's ABI in its own
// folder (.electron-native), so node_modules keeps the Node build that `npm test` and
// `npm run serve` load. The core picks the Electron build only inside Electron
// (electron/core/store/native-binding.ts). Rebuilt only when Electron or better-sqlite3 changed.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, '.electron-native');
const electronVersion = require('electron/package.json').version;
const sqliteVersion = require('better-sqlite3/package.json').version;
const stamp = join(out, 'stamp.json');
const want = JSON.stringify({ electronVersion, sqliteVersion });

if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) process.exit(0);
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'node_modules'), { recursive: true });
writeFileSync(join(out, 'package.json'), JSON.stringify({ name: 'watchdesk-electron-native', private: true, dependencies: { 'better-sqlite3': sqliteVersion } }));
// The module and what it requires at load time.
for (const name of ['better-sqlite3', 'bindings', 'file-uri-to-path']) {
  // Not the Node build: the Electron one is built fresh.
  cpSync(join(root, 'node_modules', name), join(out, 'node_modules', name), { recursive: true, filter: (src) => !(name === 'better-sqlite3' && src.includes(join('better-sqlite3', 'build'))) });
}
const { rebuild } = require('@electron/rebuild');
console.error(`Building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} in .electron-native/ (node_modules keeps the Node build).`);
await rebuild({ buildPath: out, electronVersion, onlyModules: ['better-sqlite3'], force: true });
writeFileSync(stamp, want);
