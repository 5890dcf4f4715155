// Runs the desktop end-to-end tests when the Electron runtime is installed, under Xvfb where
// there is no display; otherwise says in one line why they are skipped.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let binary = null;
try {
  binary = require('electron');
} catch {
  binary = null;
}
if (typeof binary !== 'string') {
  console.log('Electron e2e: 1 suite skipped — the Electron runtime is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD, or no access to its download host).');
  process.exit(0);
}
const playwright = ['npx', 'playwright', 'test', '-c', 'e2e/electron/playwright.config.ts'];
const xvfb = spawnSync('which', ['xvfb-run']).status === 0 && !process.env.DISPLAY;
const r = spawnSync(xvfb ? 'xvfb-run' : playwright[0], xvfb ? ['-a', ...playwright] : playwright.slice(1), { stdio: 'inherit' });
process.exit(r.status ?? 1);
