import type { AuditRecord } from '../store/store.js';

/**
 * RFC 4180: quote every field, double the quotes. A leading =, +, - or @, and a leading TAB or
 * CR (which spreadsheets skip before reading a formula), is defused with a quote (OWASP).
 */
function field(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export function auditCsv(rows: readonly AuditRecord[]): string {
  const head = ['id', 'time', 'actor', 'action', 'target', 'before', 'after', 'reason', 'hash'];
  const lines = rows.map((r) => [r.id, new Date(r.t).toISOString(), r.actor, r.action, r.target, r.before, r.after, r.reason, r.hash].map(field).join(','));
  return [head.join(','), ...lines].join('\r\n') + '\r\n';
}
