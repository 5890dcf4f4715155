/** An error the operator or integrator can act on: status, a stable code and a plain message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: string[] = [],
    /** Sent with the error reply, e.g. Retry-After on 429 and 503. */
    readonly headers: Record<string, string> = {},
    /** What stands now, sent with a conflict (409 `stale`: the alarm as another node left it). */
    readonly current?: unknown,
  ) {
    super(message);
  }
}

export const notFound = (what: string): ApiError => new ApiError(404, 'not_found', `${what} does not exist`);
