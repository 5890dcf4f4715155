import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { WatchdeskApp, type ReadyInfo } from '../../electron/core/app.js';
import type { AppOptionsInput } from '../../electron/core/app-options.js';
import { Api, PASSWORD } from './app.js';

/** Stops the app and starts a new one on the same data folder, as a restart does. */
export async function restart(app: WatchdeskApp, overrides: Partial<AppOptionsInput> = {}): Promise<{ app: WatchdeskApp; ready: ReadyInfo; api: Api }> {
  const dataDir = app.options.dataDir;
  await app.stop();
  const next = new WatchdeskApp({ dataDir, rendererDir: join(tmpdir(), 'no-renderer'), port: 0, tcpPort: 0, collectorPort: 0, demo: false, ...overrides }, () => undefined);
  const ready = await next.start();
  const api = new Api(ready.url);
  await api.login('admin', PASSWORD);
  return { app: next, ready, api };
}
