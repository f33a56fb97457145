/**
 * `--all` could not list the account: a list page still failed after the client's retries, or the
 * listing stopped before a short page marked its end. Or a listing (with IDs too) went past
 * `--max-tasks`. No report is written (a report of "every task" that silently lacks some is worse than
 * none); the CLI exits 1.
 */
export class ListingError extends Error {
  override readonly name = 'ListingError';
  constructor(
    message: string,
    /** Unique tasks listed before the failure. */
    readonly listed: number,
    /** The latest `total` the API reported. */
    readonly total: number | null,
  ) {
    super(message);
  }
}
