import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface ServeHandle {
  child: ChildProcess;
  url: string;
  port: number;
  tcpPort: number;
  collectorPort: number | null;
  dataDir: string;
  stderr: string[];
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts `serve` exactly as the headless contract says (port 0 everywhere, a fresh data
 * folder) and resolves on its one JSON ready line.
 */
export function startServe(args: string[] = [], dataDir = mkdtempSync(join(tmpdir(), 'watchdesk-')), readyMs = 30_000): Promise<ServeHandle> {
  // WATCHDESK_SERVE_BUILT=1: the compiled server (npm run build:electron), as a site runs it, without the TypeScript loader.
  const entry = process.env.WATCHDESK_SERVE_BUILT === '1' ? ['dist/electron/core/serve.js'] : ['--import', 'tsx', 'electron/core/serve.ts'];
  const child = spawn(process.execPath, [...entry, '--data-dir', dataDir, '--port', '0', '--tcp-port', '0', '--collector-port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env },
  });
  const stderr: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => stderr.push(line));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`serve did not become ready in ${readyMs / 1000} s:\n${stderr.join('\n')}`)); }, readyMs);
    const early = (code: number | null): void => { clearTimeout(timer); reject(new Error(`serve exited with ${code} before it was ready:\n${stderr.join('\n')}`)); };
    child.once('exit', early);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      const ready = JSON.parse(line) as { ready: boolean; url: string; port: number; tcpPort: number; collectorPort: number | null };
      if (!ready.ready) return;
      clearTimeout(timer);
      child.off('exit', early);
      resolve({
        child, dataDir, stderr, ...ready,
        stop: (signal = 'SIGTERM') => {
          if (child.exitCode === null) child.kill(signal);
          return exited;
        },
      });
    });
  });
}
