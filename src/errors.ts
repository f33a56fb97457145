/**
 * Typed errors with stable names. The CLI's error boundary (src/cli/main.ts) maps them to exit codes;
 * messages say what happened, why, and what to do, and never contain a secret.
 */

/** Bad flag, no IDs, unreadable file, missing credentials: exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Credentials rejected by the gateway (HTTP 401/403): exit 4, no report. */
export class AuthError extends Error {
  override readonly name = 'AuthError';
  constructor(
    message: string,
    readonly status: number,
    readonly errorCode: string | null,
  ) {
    super(message);
  }
}
