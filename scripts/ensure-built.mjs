// Builds what `npm run serve` runs when it is missing or older than its sources: the console
// (dist/renderer) and the compiled core (dist/electron, dist/shared). A site runs plain
// JavaScript: no TypeScript loader in the process (~40 MB of RSS and a slower start).
// Build output goes to stderr: stdout of `serve` carries only the JSON ready line.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

function run(args) {
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 2, 2] });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const stale = (built, sources) => !existsSync(built) || statSync(built).mtimeMs < Math.max(...sources.map(newest));

if (stale('dist/renderer/index.html', ['renderer', 'shared'])) run(['node_modules/vite/bin/vite.js', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn']);
if (!process.argv.includes('--renderer-only') && stale('dist/electron/core/serve.js', ['electron', 'shared'])) {
  process.stderr.write('Compiling the core (dist/electron)…\n');
  run(['node_modules/typescript/bin/tsc', '-p', 'tsconfig.electron.json']);
}
