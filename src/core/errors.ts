/**
 * Typed errors with stable names. The CLI's error boundary (src/cli/main.ts) maps them to exit codes;
 * messages say what happened, why, and what to do, and never contain a secret.
 */

/** Bad flag, no IDs, unreadable file, missing credentials: exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * A fault that makes every further request pointless (keys rejected, an endpoint that cannot be reached
 * or does not serve the NCLUE task API): the run stops at once, sends nothing more and writes no
 * report; exit 4.
 */
export class StopRunError extends Error {
  override readonly name: string = 'StopRunError';
}

/**
 * The gateway refused the request for who sent it (HTTP 401, or 403): exit 4, no report. `reason`
 * tells the keys themselves (401 errorCode 200, "Authentication Failed") from keys that are valid but
 * may not use NCLUE (401 errorCode 210 "Permission Denied", NCLUE's 401 errorCode 10100
 * "ACCESS_DENIED"): see docs/api.md, "Errors".
 */
export class AuthError extends StopRunError {
  override readonly name = 'AuthError';
  constructor(
    message: string,
    readonly status: number,
    readonly errorCode: string | null,
    readonly reason: 'credentials' | 'permission' = 'credentials',
  ) {
    super(message);
  }
}

/**
 * The endpoint cannot be reached (connection refused, host not found) before it ever answered, or it
 * answers 404 to the task list too (a wrong path): exit 4, no report. See docs/reliability.md.
 */
export class EndpointError extends StopRunError {
  override readonly name = 'EndpointError';
}

/**
 * The account's API quota is spent (HTTP 429 with the gateway's errorCode 400, "Quota Exceeded"). Not
 * a rate: waiting a second does not clear it, so nothing is retried and no further request is sent.
 * The run writes the reports of what it fetched, as after an interruption, and exits 4.
 */
export class QuotaError extends Error {
  override readonly name = 'QuotaError';
}
