// `npm start`: the desktop console when the Electron runtime is installed, otherwise the same
// console headless, with the URL to open.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let electronBinary = null;
try {
  // The electron package exports the binary's path; it throws when the download was skipped.
  electronBinary = require('electron');
} catch {
  electronBinary = null;
}

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });
const forward = (child) => {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
};

if (typeof electronBinary === 'string') {
  if (run('npm', ['run', '--silent', 'build']).status !== 0) process.exit(1);
  // better-sqlite3 is native: Electron needs it built for its own ABI, in its own folder, so
  // node_modules keeps the build `npm test` and `npm run serve` use.
  if (run(process.execPath, ['scripts/electron-native.mjs']).status !== 0) process.exit(1);
  forward(spawn(electronBinary, ['.', ...process.argv.slice(2)], { stdio: 'inherit' }));
} else if (process.argv.slice(2).some((a) => a === '--connect' || a.startsWith('--connect='))) {
  // A remote server's console needs no local program at all without Electron: the browser is one.
  console.error('The Electron runtime is not installed: open the Watchdesk server\'s address in a browser instead, it is the same console.');
  process.exit(2);
} else {
  console.error('The Electron runtime is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD or no network): starting the same console headless.');
  if (run(process.execPath, ['scripts/ensure-built.mjs']).status !== 0) process.exit(1);
  forward(spawn(process.execPath, ['dist/electron/core/serve.js', ...process.argv.slice(2)], { stdio: 'inherit' }));
}
