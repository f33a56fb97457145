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

/** Credentials rejected by the gateway (HTTP 401/403): exit 4, no report. */
export class AuthError extends StopRunError {
  override readonly name = 'AuthError';
  constructor(
    message: string,
    readonly status: number,
    readonly errorCode: string | null,
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
