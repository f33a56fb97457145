import { systemClock, type Clock } from '../client/clock.js';
import type { Transport } from '../client/transport.js';
import {
  formatModelsLine,
  formatOpenPeriodWarning,
  formatPeriodLine,
  formatRegressionLines,
} from '../models/describe-models.js';
import { describeLackingFields } from '../pipeline/list-item-fields.js';
import { resolveOptions, type RunOptions } from '../pipeline/resolve-options.js';
import type { ReportOutcome } from '../pipeline/report-outcome.js';
import { runReport } from '../pipeline/run-report.js';
import { checkPositionalIds } from './check-positional-ids.js';
import { createCompletionScript } from './completion.js';
import { EXIT_INTERNAL, EXIT_OK, exitCodeFor } from './exit-codes.js';
import { formatFinalLines, formatQuietError, type RunOutcome } from './final-lines.js';
import { createLogger, type Logger, type TextSink } from './logger.js';
import { parseArgv } from './options.js';
import { createProgress, type ProgressSink } from './progress.js';

export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadableStream;
  stdout: TextSink;
  stderr: ProgressSink;
  clock?: Clock;
  createTransport?: () => Transport;
  /** Aborted on the first Ctrl-C / SIGTERM; `cancel` once in-flight requests had their grace time. */
  interrupt?: { stop: AbortSignal; cancel: AbortSignal; signal(): NodeJS.Signals | null };
  version: string;
}

/**
 * The command line: parses argv, runs the report (src/pipeline/run-report.ts) and turns its outcome
 * into the final lines and the exit code. Returns the exit code; throws typed errors.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  // Undone however the run ends: the lock on --out/--name is released even after an error.
  const atExit: Array<() => Promise<void>> = [];
  try {
    return await runCommand(argv, io, atExit);
  } finally {
    for (const undo of atExit.reverse()) await undo();
  }
}

async function runCommand(argv: string[], io: CliIo, atExit: Array<() => Promise<void>>): Promise<number> {
  const clock = io.clock ?? systemClock;
  const raw = await parseArgv(argv, io.version, (text) => io.stdout.write(`${text}\n`));
  if (raw === null) return EXIT_OK;
  if (raw.command === 'completion') {
    io.stdout.write(createCompletionScript(raw.shell));
    return EXIT_OK;
  }
  // A file named where an ID belongs (--ids forgotten) stops here, before anything is read or sent.
  checkPositionalIds(raw.ids);
  const startedAt = new Date(clock.now());
  const options = resolveOptions(raw, io.env, startedAt);
  // Log lines pass through the progress display, so they never tear a live bar.
  const progress = createProgress({
    stream: io.stderr,
    clock,
    total: 0,
    enabled: options.progress && !options.quiet,
    rps: options.rps,
  });
  const log = createLogger(progress, { verbose: options.verbose, quiet: options.quiet });
  const result = await runReport(options, {
    env: io.env,
    stdin: io.stdin,
    clock,
    ...(io.createTransport ? { createTransport: io.createTransport } : {}),
    ...(io.interrupt ? { interrupt: io.interrupt } : {}),
    log,
    progress,
    startedAt,
    atExit,
  });
  switch (result.kind) {
    case 'dry-run':
      io.stdout.write(`${result.plan.join('\n')}\n`);
      return EXIT_OK;
    case 'listing-failed':
      log.error(result.message);
      return EXIT_INTERNAL;
    case 'report':
      return reportOutcome(result.outcome, options, log, clock.now() - startedAt.getTime());
  }
}

/** Prints the final lines of a report run on stderr and returns its exit code. */
function reportOutcome(outcome: ReportOutcome, options: RunOptions, log: Logger, elapsedMs: number): number {
  const exitCode = exitCodeFor(outcome.ending);
  const { facts, statusCounts } = outcome.report.summary;
  const { wait, lacking } = outcome;
  const run: RunOutcome = {
    written: outcome.written,
    unwritten: outcome.unwritten,
    kept: outcome.kept,
    statusCounts,
    requested: facts.requested,
    fetched: facts.fetched,
    failed: facts.failed,
    errors: outcome.report.rows.flatMap((row) => (row.fetch_error === null ? [] : [row.fetch_error])),
    requests: outcome.requests,
    retries: outcome.retries,
    throttled: outcome.throttled,
    elapsedMs,
    wait: wait && { polls: wait.polls, unfinished: wait.unfinishedByStatus, timedOut: wait.timedOut },
    periodLine: formatPeriodLine(outcome.models),
    modelsLine: formatModelsLine(outcome.models),
    lackingLine: lacking !== undefined && lacking.tasks > 0 ? describeLackingFields(lacking) : null,
    quotaExceeded: outcome.quotaExceeded,
    exitCode,
  };
  const lines = formatFinalLines(run);
  // The exit code's line comes last, after the lines it points to ("see above").
  const exitLine = lines.pop();
  for (const line of lines) log.info(line);
  const openPeriod = formatOpenPeriodWarning(outcome.models);
  if (openPeriod !== null) log.warn(openPeriod);
  // Errors, so that --quiet (cron) still says which model fell; printed whatever the exit code.
  for (const line of formatRegressionLines(outcome.regressions, outcome.failOnRegression ?? 0))
    log.error(line);
  if (exitLine !== undefined) log.info(exitLine);
  const quietError = options.quiet ? formatQuietError(run) : null;
  if (quietError !== null) log.error(quietError);
  return exitCode;
}
