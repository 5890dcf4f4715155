import { z } from 'zod';
import { route, typed } from './define.js';

/** A password change by its owner: the current password proves it is them. */
export const PasswordChangeSchema = z.object({
  current: z.string().min(1, 'give your current password').max(1024),
  new: z.string().min(8, 'needs at least 8 characters').max(1024),
});

/** What every operator does for themself: their password, and who else is on shift. */
export const accountRoutes = {
  'sessions.changePassword': route({
    method: 'PUT', path: '/sessions/current/password', role: 'operator', status: 204, label: 'Password change',
    summary: "Change your own password; your other sessions end, this one stays.", body: PasswordChangeSchema, reply: z.void(),
  }),
  'operators.signedIn': route({
    method: 'GET', path: '/operators/signed-in', role: 'operator',
    summary: 'Operators at a console now (stream open, or used in the last 15 minutes), for forwarding an alarm to one of them.',
    reply: typed<Array<{ username: string; role: 'operator' | 'supervisor' | 'admin' }>>('SignedInOperatorList'),
  }),
} as const;
