import { z } from 'zod';

/** Compiles a pattern the way the ingest will, so a bad regex is refused at import, never at ingest. */
export function regexProblem(source: string): string | null {
  try {
    new RegExp(source);
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** Number of capture groups; a data point without one can never yield a value. */
export function captureGroupCount(source: string): number {
  const m = new RegExp(`${source}|`).exec('');
  return m ? m.length - 1 : 0;
}

const name = z.string().trim().min(1, 'must not be empty').max(64, 'is longer than 64 characters');

const regexField = z.string().min(1, 'must not be empty').max(1024, 'is longer than 1024 characters').superRefine((src, ctx) => {
  const problem = regexProblem(src);
  if (problem) ctx.addIssue({ code: 'custom', message: `is not a valid regular expression: ${problem}` });
});

export const DataPointSchema = z.object({
  name,
  regex: regexField.refine((src) => regexProblem(src) !== null || captureGroupCount(src) >= 1, {
    message: 'needs a capture group: the value is the first group',
  }),
  unit: z.string().max(16).default(''),
});

export const EventArgumentSchema = z.object({
  name,
  regex: regexField.refine((src) => regexProblem(src) !== null || captureGroupCount(src) >= 1, {
    message: 'needs a capture group: the argument is the first group',
  }),
});

export const EventDefinitionSchema = z.object({
  name,
  regex: regexField,
  args: z.array(EventArgumentSchema).max(16).default([]),
  /** When present, a frame that matches the event and this regex is the event's Reset; otherwise its Set. No reset regex: the event is instant. */
  resetRegex: regexField.optional(),
});

export const DeviceTypeIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,47}$/, 'must be lower-case letters, digits and dashes (at most 48)');

function noDuplicateNames(items: { name: string }[], ctx: z.RefinementCtx, path: string): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const first = seen.get(item.name);
    if (first !== undefined) {
      ctx.addIssue({ code: 'custom', path: [path, i, 'name'], message: `duplicates ${path}[${first}] "${item.name}"` });
    } else {
      seen.set(item.name, i);
    }
  });
}

export const DeviceTypeSchema = z
  .object({
    id: DeviceTypeIdSchema,
    name,
    description: z.string().max(500).default(''),
    dataPoints: z.array(DataPointSchema).max(256),
    events: z.array(EventDefinitionSchema).max(256),
  })
  .superRefine((t, ctx) => {
    noDuplicateNames(t.dataPoints, ctx, 'dataPoints');
    noDuplicateNames(t.events, ctx, 'events');
  });

export type DataPoint = z.infer<typeof DataPointSchema>;
export type EventDefinition = z.infer<typeof EventDefinitionSchema>;
export type DeviceType = z.infer<typeof DeviceTypeSchema>;
export type DeviceTypeInput = z.input<typeof DeviceTypeSchema>;

/** One line per problem, each naming the field, e.g. `dataPoints[3].regex: needs a capture group`. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.reduce<string>((acc, part) => {
      if (typeof part === 'number') return `${acc}[${part}]`;
      return acc ? `${acc}.${String(part)}` : String(part);
    }, '');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
}
