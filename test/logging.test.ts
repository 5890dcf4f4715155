import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { startServe, type ServeHandle } from '../e2e/support/serve-process.js';
import { FileLog } from '../electron/core/logging.js';
import { PASSWORD, tempDir } from './support/app.js';

let running: ServeHandle | null = null;
afterEach(async () => { await running?.stop('SIGKILL'); running = null; });

const events = (file: string): Array<{ level: number; time: string; msg: string; err?: { stack: string } }> =>
  readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { level: number; time: string; msg: string });

describe('structured logs', () => {
  it('serve writes one JSON event per line to logs/watchdesk.log in the data folder, at the level given', async () => {
    const dataDir = tempDir();
    running = await startServe(['--no-demo', '--admin-password', PASSWORD, '--log-level', 'info'], dataDir);
    expect(await running.stop('SIGTERM')).toBe(0);
    running = null;
    const log = events(join(dataDir, 'logs', 'watchdesk.log'));
    expect(log.find((e) => e.msg === 'ready')).toMatchObject({ level: 30, time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });
    expect(log.some((e) => e.msg.startsWith('SIGTERM: stopping'))).toBe(true);
    // The generated or given password never goes to the file.
    expect(readFileSync(join(dataDir, 'logs', 'watchdesk.log'), 'utf8')).not.toContain(PASSWORD);

    const bad = spawnSync(process.execPath, ['--import', 'tsx', 'electron/core/serve.ts', '--data-dir', tempDir(), '--log-level', 'loud'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--log-level must be one of/);
  }, 60_000);

  it('puts stack traces only in the file, and rotates it by size', () => {
    const dir = tempDir();
    const log = new FileLog(dir, { level: 'info', maxBytes: 2000, keep: 2, checkMs: 60_000 });
    const stderr = process.stderr.write;
    const terminal: string[] = [];
    process.stderr.write = ((chunk: string) => { terminal.push(String(chunk)); return true; }) as typeof process.stderr.write;
    try {
      log.error('backup failed', new Error('EIO: i/o error'));
      log.line('data folder disk: low (20 MiB free)');
    } finally {
      process.stderr.write = stderr;
    }
    expect(terminal).toHaveLength(2);
    expect(terminal[0]).toMatch(/^backup failed: EIO: i\/o error \(details in .*watchdesk\.log\)\n$/);
    const written = events(log.file);
    expect(written[0]).toMatchObject({ level: 50, msg: 'backup failed', err: { stack: expect.stringContaining('at ') } });
    expect(written[1]).toMatchObject({ level: 40 });
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 30; i++) log.logger.info({ i }, 'filler line for the rotation');
      expect(log.rotate()).toBe(true);
    }
    expect(existsSync(`${log.file}.1`) && existsSync(`${log.file}.2`)).toBe(true);
    expect(existsSync(`${log.file}.3`)).toBe(false);
    log.logger.info('after');
    expect(statSync(log.file).size).toBeLessThan(2000);
    log.close();
  });
});
