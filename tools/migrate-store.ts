import { parseArgs } from 'node:util';
import { z } from 'zod';
import { importSqlite } from '../electron/core/store/pg/import-sqlite.js';

/**
 * `npm run migrate-store -- --from DIR --to postgres://…`: moves a SQLite data folder into
 * PostgreSQL (docs/storage-postgres.md). Resumable: run it again after an interruption. Exits 0
 * only when every table's rows are all there and the audit chain verifies.
 */
const Args = z.object({
  from: z.string().min(1, '--from DIR is required'),
  to: z.string().regex(/^postgres(ql)?:\/\//, '--to must be a postgres:// URL'),
  batch: z.coerce.number().int().min(1).max(5000),
});

const { values } = parseArgs({
  options: {
    from: { type: 'string', default: '' },
    to: { type: 'string', default: '' },
    batch: { type: 'string', default: '1000' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  process.stdout.write('usage: npm run migrate-store -- --from DATA_DIR --to postgres://user@host:port/db [--batch ROWS]\n');
  process.exit(0);
}

const parsed = Args.safeParse(values);
if (!parsed.success) {
  process.stderr.write(`migrate-store: ${parsed.error.issues.map((i) => i.message).join('; ')}\n`);
  process.exit(2);
}

try {
  const report = await importSqlite({ from: parsed.data.from, to: parsed.data.to, batchRows: parsed.data.batch, log: (line) => process.stderr.write(`${line}\n`) });
  for (const c of report.counts) process.stdout.write(`${c.source === c.target ? 'ok  ' : 'DIFF'} ${c.table}: ${c.source} in SQLite, ${c.target} in PostgreSQL\n`);
  process.stdout.write(`${report.audit.ok ? 'ok  ' : 'FAIL'} audit chain: ${report.audit.checked} entries verified${report.audit.reason ? ` (${report.audit.reason})` : ''}\n`);
  for (const t of report.mirrored) process.stdout.write(`note ${t}: made in PostgreSQL as SQLite declares it (not yet in the PostgreSQL schema)\n`);
  process.stdout.write(report.ok ? 'migrate-store: done, verified\n' : 'migrate-store: NOT verified\n');
  process.exit(report.ok ? 0 : 1);
} catch (err) {
  // The password of the URL never reaches the terminal.
  process.stderr.write(`migrate-store: ${(err as Error).message.replace(/(postgres(?:ql)?:\/\/[^:/@]+:)[^@]*@/g, '$1***@')}\n`);
  process.exit(1);
}
