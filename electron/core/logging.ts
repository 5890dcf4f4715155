import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface FileLogOptions {
  level: LogLevel;
  /** The file is rotated past this size: watchdesk.log → .1 → … → .keep. */
  maxBytes: number;
  keep: number;
  checkMs: number;
}

export const DEFAULT_FILE_LOG: FileLogOptions = { level: 'info', maxBytes: 10 * 1024 * 1024, keep: 5, checkMs: 60_000 };

/** A message that says something failed is a warning; everything else the core logs is information. */
const WARNING = /\b(fail|failed|could not|cannot|refused|error|low|critical|full)\b/i;

/**
 * Structured logs (pino, one JSON event per line) in `logs/watchdesk.log` in the data folder,
 * rotated by size. Stack traces go only here; the terminal gets one line per message.
 */
export class FileLog {
  readonly file: string;
  readonly logger: Logger;
  private readonly destination: ReturnType<typeof pino.destination>;
  private readonly timer: NodeJS.Timeout;

  constructor(dataDir: string, private readonly options: FileLogOptions = DEFAULT_FILE_LOG) {
    const dir = join(dataDir, 'logs');
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, 'watchdesk.log');
    // Synchronous writes: what was logged before a crash or a SIGTERM is in the file.
    this.destination = pino.destination({ dest: this.file, sync: true, mkdir: true });
    this.logger = pino({ level: options.level, timestamp: pino.stdTimeFunctions.isoTime }, this.destination);
    this.timer = setInterval(() => this.rotate(), options.checkMs);
    this.timer.unref();
  }

  /** The core's one-line messages: to the terminal as they are, to the file as events. */
  line = (message: string): void => {
    process.stderr.write(`${message}\n`);
    if (WARNING.test(message)) this.logger.warn(message);
    else this.logger.info(message);
  };

  /** An error with its stack: the stack to the file only, one line to the terminal. */
  error(message: string, err: unknown): void {
    process.stderr.write(`${message}: ${err instanceof Error ? err.message : String(err)} (details in ${this.file})\n`);
    this.logger.error({ err }, message);
  }

  rotate(): boolean {
    let size: number;
    try {
      size = statSync(this.file).size;
    } catch {
      return false;
    }
    if (size < this.options.maxBytes) return false;
    for (let i = this.options.keep - 1; i >= 1; i--) if (existsSync(`${this.file}.${i}`)) renameSync(`${this.file}.${i}`, `${this.file}.${i + 1}`);
    renameSync(this.file, `${this.file}.1`);
    this.destination.reopen();
    return true;
  }

  close(): void {
    clearInterval(this.timer);
    this.destination.flushSync();
  }
}
