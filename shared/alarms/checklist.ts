import { z } from 'zod';
import { ActionSchema } from '../rules/schema.js';

const assetId = z.string().min(1).max(128);

/**
 * What a procedure step can do besides being read: a command on an asset (lock a door, trigger
 * an output), a system command (call a camera up on a monitor), a PTZ preset, or a rule action.
 */
export const StepActionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('command'), assetId, command: z.string().min(1).max(64), params: z.record(z.string(), z.unknown()).default({}) }),
  z.object({ type: z.literal('site-command'), command: z.string().min(1).max(64), params: z.record(z.string(), z.unknown()).default({}) }),
  z.object({ type: z.literal('ptz-preset'), assetId, presetId: z.string().min(1).max(64) }),
  z.object({ type: z.literal('rule-action'), action: ActionSchema }),
]);
export type StepAction = z.infer<typeof StepActionSchema>;

export const ProcedureStepSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/, 'must be letters, digits, _ and - (at most 32)'),
  text: z.string().trim().min(1).max(500),
  /** The operator must say what they found or did when ticking it. */
  requireComment: z.boolean().default(false),
  action: StepActionSchema.optional(),
});
export type ProcedureStep = z.infer<typeof ProcedureStepSchema>;

export const ProcedureStepsSchema = z.array(ProcedureStepSchema).max(30).superRefine((steps, ctx) => {
  const seen = new Set<string>();
  steps.forEach((s, i) => {
    if (seen.has(s.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `step id ${s.id} is used twice` });
    seen.add(s.id);
  });
});

/** A step the operator ticked, and the last time its action ran. */
export interface StepCheck {
  by: string;
  at: number;
  comment: string;
}
export interface StepRun {
  by: string;
  at: number;
  ok: boolean;
  detail: string;
}
export interface ChecklistEntry {
  check: StepCheck | null;
  run: StepRun | null;
}
export type Checklist = Record<string, ChecklistEntry>;

/**
 * The steps an operator works: the definition's steps, or, for a definition written before
 * steps existed, its free-text procedure one step a line (so old procedures become checklists).
 */
export function effectiveSteps(def: { procedure: string; steps?: ProcedureStep[] }): ProcedureStep[] {
  if (def.steps && def.steps.length > 0) return def.steps;
  return def.procedure.split('\n').map((l) => l.trim()).filter(Boolean).slice(0, 30).map((text, i) => ({ id: `line-${i + 1}`, text: text.slice(0, 500), requireComment: false }));
}

/** The steps not ticked yet, in order. */
export function openSteps(steps: readonly ProcedureStep[], checklist: Checklist | undefined): ProcedureStep[] {
  return steps.filter((s) => !checklist?.[s.id]?.check);
}

/** "2. Call the police", as the operator reads it in messages. */
export function stepLabel(steps: readonly ProcedureStep[], step: ProcedureStep): string {
  return `${steps.indexOf(step) + 1}. ${step.text}`;
}

/**
 * Ticks a step: a new checklist, or the reason it cannot be ticked (an unknown step, a comment
 * the step requires, a step already ticked).
 */
export function tickStep(steps: readonly ProcedureStep[], checklist: Checklist | undefined, stepId: string, by: string, at: number, comment: string): { checklist: Checklist; step: ProcedureStep } | { error: string; status: 400 | 404 | 409 } {
  const step = steps.find((s) => s.id === stepId);
  if (!step) return { error: `the procedure has no step ${stepId}`, status: 404 };
  const before = checklist?.[stepId];
  if (before?.check) return { error: `step ${stepLabel(steps, step)} was already checked by ${before.check.by}`, status: 409 };
  const text = comment.trim();
  if (step.requireComment && !text) return { error: `comment: step ${stepLabel(steps, step)} needs a comment`, status: 400 };
  return { step, checklist: { ...checklist, [stepId]: { run: before?.run ?? null, check: { by, at, comment: text } } } };
}

/** What the action of a step does, in the operator's words. */
export function describeStepAction(a: StepAction): string {
  switch (a.type) {
    case 'command': return `${a.command} on ${a.assetId}`;
    case 'site-command': return `${a.command}${a.params.monitorId !== undefined ? ` on monitor ${String(a.params.monitorId)}` : ''}${a.params.cameraAssetId !== undefined ? ` (${String(a.params.cameraAssetId)})` : ''}`;
    case 'ptz-preset': return `PTZ ${a.assetId} to preset ${a.presetId}`;
    case 'rule-action': return `rule action ${a.action.type}`;
  }
}
