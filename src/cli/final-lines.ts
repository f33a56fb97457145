import { removeTraceId } from '../client/error-body.js';
import {
  EXIT_AUTH,
  EXIT_OK,
  EXIT_PARTIAL,
  EXIT_REGRESSION,
  EXIT_SIGINT,
  EXIT_SIGTERM,
  EXIT_WRITE,
} from './exit-codes.js';
import { formatRoughDuration } from './progress.js';
import { formatTerminalText } from '../core/format-terminal-text.js';

/** How many distinct fetch_error reasons the final lines name before summing up the rest. */
export const MAX_ERROR_REASONS = 4;

/** What a finished run tells the user on stderr (stdout stays for data). */
export interface RunOutcome {
  written: ReadonlyArray<{ path: string; rows: number }>;
  /** Existing reports left as they were because the run fetched nothing (exit code 3). */
  kept?: readonly string[];
  /** Reports that could not be written, with the reason (exit code 6). */
  unwritten?: ReadonlyArray<{ path: string; reason: string }>;
  statusCounts: ReadonlyArray<{ status: string; count: number }>;
  requested: number;
  fetched: number;
  failed: number;
  /** The fetch_error text of every row that has one. */
  errors: readonly string[];
  requests: number;
  retries: number;
  throttled: number;
  elapsedMs: number;
  /** With --wait: how the waiting ended. */
  wait: {
    polls: number;
    unfinished: ReadonlyArray<{ status: string; count: number }>;
    timedOut: boolean;
  } | null;
  /** The report's period and why (formatPeriodLine); null when the run has no model view. */
  periodLine?: string | null;
  /** The model line (formatModelsLine); null when the run has no model view. */
  modelsLine?: string | null;
  /** `40 listed tasks lacked AUROC: fetched one by one` (describeLackingFields); null when none did. */
  lackingLine?: string | null;
  /** The API quota ran out (exit 4): the run stopped sending, as if interrupted. */
  quotaExceeded?: boolean;
  exitCode: number;
}

const plural = (n: number, word: string, many = `${word}s`): string => `${n} ${n === 1 ? word : many}`;

/**
 * `2x not found (HTTP 404), 1x invalid task id`, most frequent first. Failures of one cause count as
 * one reason whatever their trace IDs (those are in the reports).
 */
export function summariseErrors(errors: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const raw of errors) {
    const error = formatTerminalText(removeTraceId(raw));
    counts.set(error, (counts.get(error) ?? 0) + 1);
  }
  const sorted = [...counts].sort((a, b) => b[1] - a[1]);
  const named = sorted.slice(0, MAX_ERROR_REASONS).map(([reason, n]) => `${n}x ${reason}`);
  const rest = sorted.slice(MAX_ERROR_REASONS).reduce((sum, [, n]) => sum + n, 0);
  if (rest > 0) named.push(`${rest}x other reasons`);
  return named.join(', ');
}

/**
 * Where the failed tasks can be read, naming only the reports that were written: `Errors sheet` for an
 * xlsx, `fetch_error column` for a CSV, `fetch_error field` for JSON, the page for HTML.
 */
export function describeErrorPlaces(written: ReadonlyArray<{ path: string }>): string[] {
  const kinds = new Set(
    written
      .filter((f) => !f.path.endsWith('.models.csv'))
      .map((f) => f.path.slice(f.path.lastIndexOf('.') + 1).toLowerCase()),
  );
  const places: string[] = [];
  if (kinds.has('xlsx')) places.push('Errors sheet');
  if (kinds.has('csv')) places.push('fetch_error column');
  if (kinds.has('json')) places.push('fetch_error field of the JSON');
  if (kinds.has('html')) places.push('the HTML page');
  return places;
}

/** The meaning of the exit code, as a sentence (docs/options.md "Exit codes"); `places` from describeErrorPlaces. */
export function describeExitCode(
  code: number,
  failed: number,
  places: readonly string[] = ['Errors sheet', 'fetch_error column'],
  quotaExceeded = false,
): string {
  switch (code) {
    case EXIT_OK:
      return 'exit code 0: every requested task was fetched';
    case EXIT_AUTH:
      return quotaExceeded
        ? 'exit code 4: the API quota is spent (see above): nothing more was sent, and tasks not fetched are marked "interrupted": once the quota allows, rerun with --resume to finish'
        : 'exit code 4: credentials rejected';
    case EXIT_PARTIAL:
      return `exit code 3: reports written, but ${plural(failed, 'task')} ${failed === 1 ? 'has' : 'have'} a fetch_error${places.length === 0 ? '' : ` (${places.join(', ')})`}`;
    case EXIT_REGRESSION:
      return 'exit code 5: reports written, but a model regressed by at least --fail-on-regression (see above)';
    case EXIT_WRITE:
      return 'exit code 6: some reports could not be written (see "not written" above); fix the cause, then rerun with --resume to write them without new requests';
    case EXIT_SIGINT:
    case EXIT_SIGTERM:
      return `exit code ${code}: interrupted (${code === EXIT_SIGINT ? 'SIGINT' : 'SIGTERM'}); tasks not fetched are marked "interrupted": rerun with --resume to finish`;
    default:
      return `exit code ${code}`;
  }
}

/** The final lines: time and requests, tasks per status, errors by reason, --wait, files written, exit code. */
export function formatFinalLines(o: RunOutcome): string[] {
  const lines = [
    `done in ${formatRoughDuration(o.elapsedMs)}: ${plural(o.requested, 'task')} requested, ${o.fetched} fetched, ` +
      `${o.failed} with a fetch_error; ${plural(o.requests, 'request')} sent (${plural(o.retries, 'retry', 'retries')}, ${o.throttled} throttled)`,
    `by status: ${o.statusCounts.length === 0 ? 'no tasks' : o.statusCounts.map((s) => `${formatTerminalText(s.status)} ${s.count}`).join(', ')}`,
  ];
  if (o.errors.length > 0) lines.push(`fetch errors: ${summariseErrors(o.errors)}`);
  if (o.periodLine) lines.push(o.periodLine);
  if (o.lackingLine) lines.push(o.lackingLine);
  if (o.modelsLine) lines.push(o.modelsLine);
  if (o.wait) {
    const left = o.wait.unfinished.reduce((sum, s) => sum + s.count, 0);
    const polls = plural(o.wait.polls, 'poll round');
    if (left === 0) lines.push(`--wait: every task finished (${polls})`);
    else {
      const statuses = o.wait.unfinished.map((s) => `${formatTerminalText(s.status)} ${s.count}`).join(', ');
      const why = o.wait.timedOut ? 'gave up at --wait-timeout' : 'stopped';
      lines.push(
        `--wait: ${why} after ${polls} with ${plural(left, 'task')} unfinished (${statuses}); run again later or raise --wait-timeout`,
      );
    }
  }
  for (const file of o.written) lines.push(`wrote ${file.path} (${plural(file.rows, 'row')})`);
  for (const file of o.unwritten ?? []) lines.push(`not written: ${file.path} (${file.reason})`);
  for (const path of o.kept ?? []) lines.push(`kept ${path} as it was (this run fetched nothing)`);
  lines.push(
    o.exitCode === EXIT_PARTIAL && (o.kept?.length ?? 0) > 0
      ? `exit code 3: no task could be fetched (see "fetch errors" above); no report was replaced`
      : describeExitCode(o.exitCode, o.failed, describeErrorPlaces(o.written), o.quotaExceeded),
  );
  return lines;
}

/** With --quiet only errors are printed: one line when the run did not fully succeed, else nothing. */
export function formatQuietError(o: RunOutcome): string | null {
  if (o.exitCode === EXIT_WRITE) {
    const failed = (o.unwritten ?? []).map((f) => `${f.path} (${f.reason})`).join(', ');
    return `could not write ${failed}; rerun with --resume to write the reports without new requests (exit code 6)`;
  }
  if (o.exitCode !== EXIT_PARTIAL) return null;
  const where = o.written.map((f) => f.path).join(', ');
  return `${o.failed} of ${plural(o.requested, 'task')} could not be fetched (${summariseErrors(o.errors)}); reports written to ${where} (exit code 3)`;
}
