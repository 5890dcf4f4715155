/**
 * A refusal from the core, split for a form: messages that name one of its fields
 * ("directoryServer: must be an IPv4 address") mark that field; the rest are for the form.
 */
export function splitRefusal(e: unknown, fields: ReadonlyArray<readonly [string, ...unknown[]]>): { marks: Record<string, string>; other: string[] } {
  const details = (e as { details?: string[] }).details ?? [];
  const marks: Record<string, string> = {};
  const other: string[] = [];
  for (const d of details.length ? details : [e instanceof Error ? e.message : String(e)]) {
    const [field, ...rest] = d.split(': ');
    if (field && fields.some(([k]) => k === field)) marks[field] = rest.join(': ');
    else other.push(d);
  }
  return { marks, other };
}
