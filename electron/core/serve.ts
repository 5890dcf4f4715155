import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { WatchdeskApp } from './app.js';
import { parseServeArgs } from './cli-args.js';
import { restoreBackup } from './storage/restore.js';

/** `npm run serve`: the same console, headless, for any browser. */
async function main(): Promise<void> {
  // Run from source (tsx) or compiled (dist/electron/core): the project root holds package.json.
  let root = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(root, 'package.json')) && dirname(root) !== root) root = dirname(root);
  const rendererDir = process.env.WATCHDESK_RENDERER_DIR ?? resolve(root, 'dist/renderer');
  let app: WatchdeskApp;
  try {
    const { restore, ...options } = parseServeArgs(process.argv.slice(2), rendererDir);
    if (restore) {
      const { previous } = restoreBackup(restore, options.dataDir);
      process.stderr.write(`Restored ${restore} into ${options.dataDir}${previous ? ` (the database that was there is kept as ${previous})` : ''}\n`);
    }
    app = new WatchdeskApp(options);
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  }
  const ready = await app.start();
  if (app.generatedAdminPassword) {
    process.stderr.write(`First start: operator "admin" was created with the password ${app.generatedAdminPassword}\n(shown once; change it, or pass --admin-password / WATCHDESK_ADMIN_PASSWORD next time)\n`);
  }
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  process.stderr.write(`Watchdesk console: ${ready.url}  (HALO TCP ${ready.tcpPort ?? 'not listening'})\n`);
  let exiting = false;
  const shutdown = (signal: string): void => {
    if (exiting) return;
    exiting = true;
    process.stderr.write(`${signal}: stopping, flushing, closing the database\n`);
    app.stop().then(() => process.exit(0), (err: unknown) => {
      process.stderr.write(`shutdown failed: ${String(err)}\n`);
      process.exit(1);
    });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

void main().catch((err: unknown) => {
  process.stderr.write(`Watchdesk could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
