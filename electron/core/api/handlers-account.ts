import type { accountRoutes } from '../../../shared/api/routes-account.js';
import type { WatchdeskApp } from '../app.js';
import { hashPassword } from '../auth/passwords.js';
import { ApiError } from '../errors.js';
import type { Handlers } from './reply.js';

/** An operator's own password, and who is signed in. */
export function accountHandlers(app: WatchdeskApp): Handlers<keyof typeof accountRoutes> {
  return {
    'sessions.changePassword': async (ctx) => {
      const username = ctx.session!.username;
      const operator = app.store.findOperator(username);
      if (!operator || operator.disabled) throw new ApiError(403, 'forbidden', 'this operator is disabled');
      const confirmed = await app.logins.confirm(username, ctx.body.current, ctx.address, operator.passwordHash);
      if (!confirmed.ok) {
        if (confirmed.status !== 401) {
          const retry = { 'retry-after': String(confirmed.retryAfterS) };
          if (confirmed.status === 429) throw new ApiError(429, 'too_many_attempts', `too many wrong passwords for this operator or from this address; try again in ${confirmed.retryAfterS} s`, [], retry);
          throw new ApiError(503, 'busy', 'too many passwords are being checked at once; try again in a second', [], retry);
        }
        app.store.audit({ actor: username, action: 'operator.password-change.failed', target: `operator:${username}`, reason: 'wrong current password' });
        throw new ApiError(403, 'forbidden', 'current: that is not your current password');
      }
      if (ctx.body.new === ctx.body.current) throw new ApiError(400, 'invalid', 'new: the new password is the same as the current one');
      app.store.updateOperator(operator.id, { passwordHash: await hashPassword(ctx.body.new) });
      // Whoever else holds this operator's sessions no longer knows the password: they sign in again.
      const ended = app.sessions.endOthers(username, ctx.token, 'the password was changed');
      app.store.audit({ actor: username, action: 'operator.password-change', target: `operator:${username}`, after: { otherSessionsEnded: ended } });
    },
    'operators.signedIn': () => app.sessions.signedIn(),
  };
}
