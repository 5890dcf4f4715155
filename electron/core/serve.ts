import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { WatchdeskApp } from './app.js';
import { parseServeArgs } from './cli-args.js';
import { restoreBackup } from './storage/restore.js';
import { DEFAULT_FILE_LOG, FileLog } from './logging.js';

let logs: FileLog | null = null;

/** `npm run serve`: the same console, headless, for any browser. */
async function main(): Promise<void> {
  // Run from source (tsx) or compiled (dist/electron/core): the project root holds package.json.
  let root = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(root, 'package.json')) && dirname(root) !== root) root = dirname(root);
  const rendererDir = process.env.WATCHDESK_RENDERER_DIR ?? resolve(root, 'dist/renderer');
  let app: WatchdeskApp;
  try {
    const { restore, logLevel, ...options } = parseServeArgs(process.argv.slice(2), rendererDir);
    logs = new FileLog(options.dataDir, { ...DEFAULT_FILE_LOG, level: logLevel });
    if (restore) {
      const { previous } = restoreBackup(restore, options.dataDir);
      logs.line(`Restored ${restore} into ${options.dataDir}${previous ? ` (the database that was there is kept as ${previous})` : ''}`);
    }
    app = new WatchdeskApp(options, logs.line);
  } catch (err) {
    if (logs) logs.logger.error({ err }, 'refused to start');
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  }
  const fileLog = logs;
  process.on('uncaughtException', (err) => {
    fileLog.logger.fatal({ err }, 'uncaught exception');
    process.stderr.write(`Watchdesk stopped on an unexpected error: ${err.message} (details in ${fileLog.file})\n`);
    process.exit(1);
  });
  const ready = await app.start();
  if (app.generatedAdminPassword) {
    process.stderr.write(`First start: operator "admin" was created with the password ${app.generatedAdminPassword}\n(shown once; change it, or pass --admin-password / WATCHDESK_ADMIN_PASSWORD next time)\n`);
  }
  // Before the ready line: whoever reads it may signal at once, and a signal without a handler kills.
  let exiting = false;
  const shutdown = (signal: string): void => {
    if (exiting) return;
    exiting = true;
    fileLog.line(`${signal}: stopping, flushing, closing the database`);
    app.stop().then(() => { fileLog.close(); process.exit(0); }, (err: unknown) => {
      fileLog.error('shutdown failed', err);
      process.exit(1);
    });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  fileLog.logger.info({ ready }, 'ready');
  process.stderr.write(`Watchdesk console: ${ready.url}  (HALO TCP ${ready.tcpPort ?? 'not listening'})\n`);
}

void main().catch((err: unknown) => {
  if (logs) logs.error('Watchdesk could not start', err);
  else process.stderr.write(`Watchdesk could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
