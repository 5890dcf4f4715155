import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The desktop app's own log in the data folder, rotated at `maxBytes` with `keep` old files,
 * so an exception in the core is kept for the integrator without filling the disk.
 */
export class ErrorLog {
  readonly file: string;

  constructor(dir: string, private readonly maxBytes = 1024 * 1024, private readonly keep = 3) {
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, 'watchdesk.log');
  }

  write(level: 'info' | 'warning' | 'error', message: string): void {
    try {
      if (existsSync(this.file) && statSync(this.file).size >= this.maxBytes) this.rotate();
      appendFileSync(this.file, `${new Date().toISOString()} ${level.toUpperCase()} ${message.replace(/\n/g, '\n  ')}\n`);
    } catch {
      // The log must never be the reason the console stops.
    }
  }

  private rotate(): void {
    rmSync(`${this.file}.${this.keep}`, { force: true });
    for (let i = this.keep - 1; i >= 1; i--) if (existsSync(`${this.file}.${i}`)) renameSync(`${this.file}.${i}`, `${this.file}.${i + 1}`);
    renameSync(this.file, `${this.file}.1`);
  }
}
