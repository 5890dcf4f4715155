import { parseArgs } from 'node:util';
import { defaultDataDir, type AppOptionsInput } from './app-options.js';
import { LOG_LEVELS, type LogLevel } from './logging.js';

const USAGE = `usage: watchdesk serve [--data-dir DIR] [--host H] [--port N] [--tcp-port N]
                       [--collector-port N] [--admin-password P] [--demo | --no-demo]
                       [--stream-flush-ms N] [--allowed-host NAME ...] [--allow-local-targets]
                       [--backup-dir DIR] [--restore FILE] [--database postgres://…]
                       [--log-level fatal|error|warn|info|debug|trace|silent]
Port 0 picks a free port. The ready line on stdout tells which.
--restore FILE makes a Watchdesk backup the data folder's database (a database already there
is kept beside it), then starts as usual; a file that is not a Watchdesk backup or fails its
integrity check is refused. --database joins this node to a site of several nodes on one
PostgreSQL (docs/storage-postgres.md). Logs: logs/watchdesk.log in the data folder (JSON lines, rotated).`;

function port(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${flag} must be a port number from 0 to 65535, not "${value}"`);
  return n;
}

/** The headless server contract's flags (shared/design/architecture.md). */
export function parseServeArgs(argv: string[], rendererDir: string): AppOptionsInput & { restore?: string; logLevel: LogLevel } {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowNegative: true,
    options: {
      'data-dir': { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      'tcp-port': { type: 'string' },
      'collector-port': { type: 'string' },
      'admin-password': { type: 'string' },
      demo: { type: 'boolean' },
      'stream-flush-ms': { type: 'string' },
      'allowed-host': { type: 'string', multiple: true },
      'allow-local-targets': { type: 'boolean' },
      'backup-dir': { type: 'string' },
      restore: { type: 'string' },
      database: { type: 'string' },
      'log-level': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) throw new Error(USAGE);
  const logLevel = values['log-level'] ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) throw new Error(`--log-level must be one of ${LOG_LEVELS.join(', ')}, not "${logLevel}"`);
  return {
    dataDir: values['data-dir'] ?? process.env.WATCHDESK_DATA_DIR ?? defaultDataDir(),
    host: values.host,
    allowedHosts: values['allowed-host'],
    port: port(values.port, '--port'),
    tcpPort: port(values['tcp-port'], '--tcp-port'),
    collectorPort: port(values['collector-port'], '--collector-port'),
    adminPassword: values['admin-password'],
    demo: values.demo,
    streamFlushMs: values['stream-flush-ms'] === undefined ? undefined : Number(values['stream-flush-ms']),
    allowLocalTargets: values['allow-local-targets'],
    backupDir: values['backup-dir'],
    restore: values.restore,
    database: values.database ?? process.env.WATCHDESK_DATABASE,
    logLevel: logLevel as LogLevel,
    rendererDir,
  };
}
