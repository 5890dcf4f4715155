import { z } from 'zod';
import { RoleSchema } from './define.js';

/** Request bodies the route table checks before a handler runs. */
export const LoginSchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(1024),
});
export type LoginRequest = z.infer<typeof LoginSchema>;

export const DemoSchema = z.object({ enabled: z.boolean() });

export const CommentSchema = z.object({ comment: z.string().max(1000).default('') });
export const ShelveSchema = z.object({ reason: z.string().trim().min(1, 'a reason is required').max(500), durationS: z.number().int().positive().optional(), oneShot: z.boolean().default(false) });
export const ForwardSchema = z.object({ to: z.string().min(1).max(64), message: z.string().max(1000).default('') });
export const ReasonSchema = z.object({ reason: z.string().trim().min(1, 'a reason is required').max(500) });
export const EmptySchema = z.object({});
export const SelectionSchema = z.object({
  ids: z.array(z.number().int().positive()).min(1).max(1000),
  /** Alarm id → the version the operator saw; an alarm that changed since is refused, by name. */
  versions: z.record(z.string().regex(/^\d+$/, 'keys are alarm ids'), z.number().int().min(0)).optional(),
});

export const NewOperatorSchema = z.object({ username: z.string().trim().min(1).max(64).regex(/^\S+$/, 'must not contain spaces'), password: z.string().min(8).max(1024), role: RoleSchema });
export const OperatorChangeSchema = z.object({
  role: RoleSchema.optional(), disabled: z.boolean().optional(), password: z.string().min(8).max(1024).optional(),
  /** The areas this operator watches (the site's, as in Assets); empty: every area. */
  areas: z.array(z.string().trim().min(1).max(128)).max(200).optional(),
});

export const IntegrationAccountSchema = z.object({
  username: z.string().trim().min(1).max(64).regex(/^[^\s:]+$/, 'must not contain spaces or colons'),
  password: z.string().min(8, 'needs at least 8 characters').max(256),
});

export const CommandSchema = z.object({ command: z.string().min(1).max(64), params: z.record(z.string(), z.unknown()).default({}), confirmed: z.boolean().default(false) });
export const MultiCommandSchema = CommandSchema.extend({ assetIds: z.array(z.string().min(1)).min(1).max(500) });
export const SimulationSchema = z.object({
  communication: z.boolean().optional(),
  freeze: z.array(z.string()).optional(),
  refuse: z.record(z.string(), z.string()).optional(),
  /** Make assets report these states, as if the hardware changed. */
  force: z.record(z.string(), z.array(z.string())).optional(),
});
