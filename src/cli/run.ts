import { createNclueClient, type ClientEvent } from '../client/nclue-client.js';
import { systemClock, type Clock } from '../client/clock.js';
import { chooseRoute, describeRoute, readProxySettings } from '../client/proxy-route.js';
import {
  computeInFlightLimit,
  createInFlightLimit,
  INITIAL_LATENCY_MS,
  IN_FLIGHT_HEADROOM,
  MAX_IN_FLIGHT,
} from '../client/in-flight-limit.js';
import { computeJitterMarginMs, createRateGate } from '../client/rate-gate.js';
import type { Transport } from '../client/transport.js';
import { resolveCredentials } from '../config/credentials.js';
import { deriveEndpointFromApiUrl } from '../config/endpoint.js';
import { resolveOptions, type RunOptions } from '../config/resolve-options.js';
import { UsageError } from '../errors.js';
import { dedupeTaskIds, isValidTaskId, taskIdKey, type TaskIdEntry } from '../input/parse-task-ids.js';
import { readTaskIdFile } from '../input/read-task-ids.js';
import { buildReport } from '../pipeline/build-report.js';
import { findExistingReports, formatReplaceNotice, listReportPaths } from '../pipeline/report-paths.js';
import {
  CHECKPOINT_SUFFIX,
  describeDroppedTasks,
  findNewestCheckpoint,
  openCheckpoint,
} from '../pipeline/checkpoint.js';
import { collectTasks } from '../pipeline/collect-tasks.js';
import { describeCollectEvent } from '../pipeline/describe-collect-event.js';
import { createListingProgress } from '../pipeline/listing-progress.js';
import { ListingError } from '../pipeline/listing-error.js';
import { describeLackingFields } from '../pipeline/list-item-fields.js';
import { waitForTasks, type WaitResult } from '../pipeline/wait-for-tasks.js';
import type { TaskOutcome } from '../pipeline/fetch-tasks.js';
import { prepareOutDir } from '../writers/prepare-out-dir.js';
import { removeLeftoverTempFiles } from '../writers/leftover-temp-files.js';
import { takeRunLock } from '../pipeline/run-lock.js';
import {
  ReportWriteError,
  writeReports,
  type UnwrittenFile,
  type WrittenFile,
} from '../writers/write-reports.js';
import { readReportInputs } from '../writers/read-report-inputs.js';
import { checkPositionalIds } from './check-positional-ids.js';
import { createCompletionScript } from './completion.js';
import { createRouteEstimate } from './route-estimate.js';
import { warmUpWritersWhileFetching } from './warm-up-writers.js';
import { estimateRequests } from '../pipeline/format-dry-run-plan.js';
import { describeHistory } from '../compare/read-history.js';
import { buildModelView } from '../models/build-model-view.js';
import {
  findRegressions,
  formatModelsLine,
  formatOpenPeriodWarning,
  formatPeriodLine,
  formatRegressionLines,
} from '../models/describe-models.js';
import { createModelNamer } from '../models/model-naming.js';
import {
  EXIT_AUTH,
  EXIT_INTERNAL,
  EXIT_OK,
  EXIT_PARTIAL,
  EXIT_REGRESSION,
  EXIT_SIGINT,
  EXIT_SIGTERM,
  EXIT_WRITE,
} from './exit-codes.js';
import { formatFinalLines, formatQuietError, type RunOutcome } from './final-lines.js';
import { createLogger, type TextSink } from './logger.js';
import { parseArgv, type Strategy } from './options.js';
import { createProgress, type ProgressSink } from './progress.js';
import { join } from 'node:path';
import { formatSeconds } from '../report/format-seconds.js';

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

async function collectEntries(options: RunOptions, stdin: NodeJS.ReadableStream): Promise<TaskIdEntry[]> {
  const entries: TaskIdEntry[] = options.positionalIds.map((raw, i) => {
    const id = raw.trim();
    return { id, source: 'args', line: i + 1, valid: isValidTaskId(id) };
  });
  if (options.idsFile !== undefined) {
    // One by one: spreading a million entries into push() overflows the call stack.
    for (const entry of await readTaskIdFile(options.idsFile, stdin)) entries.push(entry);
  }
  if (entries.length === 0) {
    throw new UsageError(
      'no task IDs given: pass IDs as arguments, a file with --ids FILE (- for stdin), or --all for every task',
    );
  }
  return entries;
}

function describeEvent(event: ClientEvent): string {
  switch (event.type) {
    case 'request':
      return `GET ${event.path} (attempt ${event.attempt})`;
    case 'retry':
      return `retry ${event.path} after ${event.cause}: waiting ${event.waitMs} ms`;
    case 'clock-skew':
      return `local clock is ${Math.round(event.offsetMs / 1000)} s off the server's; signing with the server's time`;
  }
}

/**
 * The first estimate, by the strategy chosen: one GET per ID is exact; listing depends on the size of
 * the account; `auto` is a range from one list page to one GET per ID plus that page.
 */
export function describeFetchEstimate(strategy: Strategy, toFetch: number, rps: number): string {
  const estimate = estimateRequests({ all: false, strategy }, toFetch);
  const time = (requests: number): string => formatSeconds(Math.max(0, requests - 1) / rps);
  const count = (n: number): string => `${n} request${n === 1 ? '' : 's'}`;
  if (estimate.max === null)
    return `strategy ${strategy}: at least ${count(estimate.min)}, depending on the size of the account`;
  if (estimate.min === estimate.max) return `${count(estimate.min)}: at least ${time(estimate.min)}`;
  return `strategy ${strategy}: ${estimate.min} to ${count(estimate.max)}, at least ${time(estimate.min)} to ${time(estimate.max)}`;
}

/** The whole run: validate, fetch, flatten, write. Returns the exit code; throws typed errors. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  // Undone however the run ends: the lock on --out/--name is released even after an error.
  const atExit: Array<() => Promise<void>> = [];
  try {
    return await runReport(argv, io, atExit);
  } finally {
    for (const undo of atExit.reverse()) await undo();
  }
}

async function runReport(argv: string[], io: CliIo, atExit: Array<() => Promise<void>>): Promise<number> {
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
  let options = resolveOptions(raw, io.env, startedAt);
  // Log lines pass through the progress display, so they never tear a live bar.
  const progress = createProgress({
    stream: io.stderr,
    clock,
    total: 0,
    enabled: options.progress && !options.quiet,
    rps: options.rps,
  });
  const log = createLogger(progress, { verbose: options.verbose, quiet: options.quiet });
  // The --template and the --compare report are read now: a bad file fails the run before any request.
  const reportInputs = await readReportInputs(options);
  for (const warning of reportInputs.history.warnings) log.warn(warning);
  for (const note of reportInputs.history.notes ?? []) log.info(note);
  if (options.compare.length > 0) log.debug(`compare: ${describeHistory(reportInputs.history)}`);
  // Compiles --model-pattern (a template's too): an invalid one fails here, before any request.
  const namer = createModelNamer(reportInputs.naming);

  // Everything is validated before a single request is sent.
  let requested: TaskIdEntry[] | 'all' = 'all';
  let given = 0;
  if (!options.all) {
    const entries = await collectEntries(options, io.stdin);
    given = entries.length;
    const unique = dedupeTaskIds(entries);
    for (const warning of unique.warnings) log.warn(warning);
    for (const e of unique.entries) {
      if (!e.valid)
        log.warn(
          `invalid task id ${JSON.stringify(e.id.slice(0, 80))} (${e.source} line ${e.line}): not sent`,
        );
    }
    requested = unique.entries;
  }
  const found = await resolveCredentials({ profile: options.profile, env: io.env });
  for (const warning of found.warnings) log.warn(warning);
  log.debug(`credentials: ${found.source}`);
  if (!options.endpointGiven && found.apiUrl !== undefined) {
    // No endpoint named: the profile's gateway tells the site (public, gov, fin).
    options = { ...options, endpoint: deriveEndpointFromApiUrl(found.apiUrl.url, found.apiUrl.where) };
    log.debug(`endpoint: ${options.endpoint}, from ${found.apiUrl.where}`);
  }
  const { credentials } = found;
  if (options.resume && !options.nameGiven) {
    // The default name is today's: an interrupted run of another day would silently start over.
    const newest = await findNewestCheckpoint(options.outDir);
    if (newest === null) log.info(`--resume: no checkpoint in ${options.outDir}; fetching every task`);
    else {
      options = { ...options, name: newest.name };
      log.info(`--resume: continuing ${newest.path}, the newest checkpoint in ${options.outDir}`);
    }
  }
  if (options.dryRun) {
    const { planDryRun } = await import('../pipeline/plan-dry-run.js');
    const plan = await planDryRun({
      options,
      requested,
      given,
      credentialsSource: found.source,
      accessKey: credentials.accessKey,
      history: reportInputs.history,
      naming: reportInputs.naming,
    });
    progress.finish();
    io.stdout.write(`${plan.join('\n')}\n`);
    return EXIT_OK;
  }
  await prepareOutDir(options.outDir);
  const lock = await takeRunLock(join(options.outDir, `${options.name}.lock`));
  atExit.push(() => lock.release());
  const existingReports = await findExistingReports(
    listReportPaths(options.outDir, options.name, options.formats),
  );
  const replaceNotice = formatReplaceNotice(existingReports);
  if (replaceNotice !== null) log.info(replaceNotice);
  const leftovers = await removeLeftoverTempFiles(options.outDir);
  if (leftovers.length > 0) log.info(`removed temporary files left by a killed run: ${leftovers.join(', ')}`);

  const checkpointPath = join(options.outDir, `${options.name}${CHECKPOINT_SUFFIX}`);
  const checkpoint = await openCheckpoint(
    checkpointPath,
    options.resume ? 'resume' : options.fresh ? 'fresh' : 'new',
    (message) => log.warn(message),
    { endpoint: options.endpoint, accessKey: credentials.accessKey },
  );
  if (checkpoint.rejected > 0)
    log.warn(
      `${checkpoint.rejected} records of ${checkpointPath} are not valid tasks (a task_id that differs from its key, not an object…): those tasks are fetched again`,
    );
  const toFetch =
    requested === 'all'
      ? 0
      : requested.filter((e) => e.valid && !checkpoint.known.has(taskIdKey(e.id))).length;
  if (options.resume && requested !== 'all') {
    log.info(`resuming: ${checkpoint.known.size} tasks already in ${checkpointPath}`);
    const dropped = describeDroppedTasks(checkpoint.known, requested);
    if (dropped !== null) log.warn(`--resume: ${dropped} (in ${checkpointPath})`);
  }
  log.info(
    requested === 'all'
      ? `listing every task at ${options.endpoint} at ${options.rps} request/s`
      : `fetching ${toFetch} tasks from ${options.endpoint} at ${options.rps} request/s (${describeFetchEstimate(options.strategy, toFetch, options.rps)})`,
  );

  log.debug(`route: ${describeRoute(chooseRoute(options.endpoint, readProxySettings(io.env)))}`);
  // undici loads only when a request is about to be sent: --help and --dry-run start faster without it.
  // At 1 request/s the writers load in the gaps between requests (warm-up-writers.ts).
  const transport = warmUpWritersWhileFetching(
    io.createTransport?.() ?? (await import('../client/transport.js')).createUndiciTransport(io.env),
    options,
  );
  // Little's law sizes the in-flight limit from the latency seen so far; --concurrency bounds it.
  const inFlight = createInFlightLimit(options.rps, {
    ...(options.concurrency === null ? {} : { max: options.concurrency }),
    onChange: (limit, latencyMs) => {
      const bound =
        options.concurrency === null ? `at most ${MAX_IN_FLIGHT}` : `--concurrency ${options.concurrency}`;
      log.debug(
        latencyMs === null
          ? `in flight: up to ${limit} until the first answer (${bound}); ${computeInFlightLimit(options.rps, INITIAL_LATENCY_MS, options.concurrency ?? undefined)} connections opened ahead (${options.rps}/s × ${INITIAL_LATENCY_MS} ms × ${IN_FLIGHT_HEADROOM} + 1)`
          : `in flight: up to ${limit} (${options.rps}/s × ${Math.round(latencyMs)} ms observed latency × ${IN_FLIGHT_HEADROOM} + 1, ${bound})`,
      );
    },
  });
  const client = createNclueClient({
    endpoint: options.endpoint,
    credentials,
    gate: createRateGate(options.rps, clock, { marginMs: computeJitterMarginMs(options.rps) }),
    warmConnections: inFlight.warmConnections,
    onAnswer: (latencyMs) => inFlight.observe(latencyMs),
    clock,
    transport,
    timeoutMs: options.timeoutMs,
    retries: options.retries,
    onEvent: (event) => log.debug(describeEvent(event)),
    credentialsSource: found.source,
  });
  progress.addTotal(toFetch);
  const onOutcome = async (entry: TaskIdEntry, outcome: TaskOutcome, via: 'get' | 'list'): Promise<void> => {
    // Listed tasks are kept too (not for --all, which --resume does not continue).
    if (outcome.kind === 'fetched' && (via === 'get' || requested !== 'all'))
      await checkpoint.record(entry.id, outcome.task);
    if (outcome.kind === 'failed') log.debug(`task ${entry.id}: ${outcome.error}`);
    progress.tick(outcome.kind === 'failed');
  };

  const listingProgress = requested === 'all' ? createListingProgress(progress) : undefined;
  const routeEstimate = createRouteEstimate(progress, options.rps);
  let collected;
  let waited: WaitResult | null = null;
  try {
    collected = await collectTasks(requested, {
      client,
      strategy: options.strategy,
      maxTasks: options.maxTasks,
      concurrency: () => inFlight.current(),
      known: checkpoint.known,
      onOutcome,
      onEvent: (event) => {
        const line = describeCollectEvent(event);
        log[line.level](line.text);
        listingProgress?.(event);
        routeEstimate(event);
      },
      ...(io.interrupt ? { stop: io.interrupt.stop, cancel: io.interrupt.cancel } : {}),
    });
    if (options.wait) {
      // Same client, so polls pass the same rate gate; fresher states go to the checkpoint for --resume.
      waited = await waitForTasks(collected.entries, collected.outcomes, {
        client,
        clock,
        timeoutMs: options.waitTimeoutMs,
        concurrency: inFlight.current(),
        onUpdate: (entry, task) => checkpoint.record(entry.id, task),
        onState: (state) => progress.waiting(state),
        ...(io.interrupt ? { stop: io.interrupt.stop, cancel: io.interrupt.cancel } : {}),
      });
      collected = { ...collected, outcomes: waited.outcomes };
    }
  } catch (error) {
    // No report. A checkpoint of a run that fetched nothing is noise; one that holds tasks is kept,
    // so that a rerun with --resume after fixing the cause (a rotated key, say) fetches only the rest.
    if (checkpoint.recorded === 0 && !options.resume) await checkpoint.remove();
    else
      log.info(
        `the tasks fetched so far are kept in ${checkpointPath}: fix the cause, then rerun with --resume`,
      );
    if (error instanceof ListingError) {
      log.error(error.message);
      return EXIT_INTERNAL;
    }
    throw error;
  } finally {
    progress.finish();
    await transport.close().catch(() => undefined);
  }

  const interrupted =
    collected.outcomes.some((o) => o.kind === 'interrupted') ||
    collected.listing?.end === 'interrupted' ||
    (waited?.interrupted ?? false);
  const { report, warnings } = buildReport(
    collected.entries,
    collected.outcomes,
    { generatedAt: startedAt.toISOString(), endpoint: options.endpoint },
    namer,
  );
  // The raw tasks are in the rows now: let them go before the writers run (100,000 tasks hold
  // about as much memory as their rows).
  collected.outcomes.length = 0;
  if (waited) waited.outcomes.length = 0;
  for (const warning of warnings) log.warn(warning);
  const modelView = buildModelView(report.rows, reportInputs.history.reports, {
    naming: reportInputs.naming,
    namer,
    period: options.period,
    now: startedAt,
  });
  for (const warning of modelView.warnings) log.warn(warning);
  let written: WrittenFile[] = [];
  let unwritten: UnwrittenFile[] = [];
  // A run that fetched nothing (a wrong key scope, the API down) must not replace good reports of the
  // same name with a page of errors: they are left as they were. With none, the error report is written.
  const keptReports =
    report.summary.facts.fetched === 0 && report.summary.facts.failed > 0 ? existingReports : [];
  if (keptReports.length > 0) {
    log.warn(
      `no task could be fetched, so the existing reports of ${options.name} are left as they were: ${keptReports.join(', ')}; fix the cause (see the fetch errors below), then run again`,
    );
  } else {
    try {
      written = await writeReports(report, { ...options, ...reportInputs, models: modelView.models });
    } catch (error) {
      if (!(error instanceof ReportWriteError)) throw error;
      ({ written, unwritten } = error);
    }
  }
  const regressions =
    options.failOnRegression === null
      ? []
      : findRegressions(modelView.models.models, options.failOnRegression);

  const { facts, statusCounts } = report.summary;
  const signal = io.interrupt?.signal() ?? null;
  // A spent quota stopped the run like an interruption: the reports hold what was fetched, exit 4.
  const quota = client.quotaExceeded;
  if (quota !== null) log.error(quota.message);
  const exitCode =
    unwritten.length > 0
      ? EXIT_WRITE
      : quota !== null
        ? EXIT_AUTH
        : interrupted && signal
          ? signal === 'SIGTERM'
            ? EXIT_SIGTERM
            : EXIT_SIGINT
          : facts.failed > 0
            ? EXIT_PARTIAL
            : regressions.length > 0
              ? EXIT_REGRESSION
              : EXIT_OK;
  // Only a complete run removes the checkpoint: after errors, an interruption or a failed write,
  // --resume fetches only the tasks without a good row and keeps the rest. A regression is a
  // complete run: every task was fetched and every report written.
  if (exitCode === EXIT_OK || exitCode === EXIT_REGRESSION) await checkpoint.remove();
  else if (exitCode === EXIT_WRITE)
    log.info(
      `every fetched task is kept in ${checkpointPath}: --resume writes the reports without new requests`,
    );
  else if (checkpoint.recorded === 0 && !options.resume) await checkpoint.remove();
  else if (exitCode === EXIT_PARTIAL && requested !== 'all')
    log.info(
      `the fetched tasks are kept in ${checkpointPath}: --resume fetches only the ${facts.failed} without a good row`,
    );
  else if (exitCode === EXIT_AUTH && requested !== 'all')
    log.info(
      `the fetched tasks are kept in ${checkpointPath}: once the quota allows, --resume fetches only the rest`,
    );
  const outcome: RunOutcome = {
    written,
    unwritten,
    kept: keptReports,
    statusCounts,
    requested: facts.requested,
    fetched: facts.fetched,
    failed: facts.failed,
    errors: report.rows.flatMap((row) => (row.fetch_error === null ? [] : [row.fetch_error])),
    requests: client.stats.requests,
    retries: client.stats.retries,
    throttled: client.stats.throttled,
    elapsedMs: clock.now() - startedAt.getTime(),
    wait: waited && { polls: waited.polls, unfinished: waited.unfinishedByStatus, timedOut: waited.timedOut },
    periodLine: formatPeriodLine(modelView.models),
    modelsLine: formatModelsLine(modelView.models),
    lackingLine:
      collected.lacking !== undefined && collected.lacking.tasks > 0
        ? describeLackingFields(collected.lacking)
        : null,
    quotaExceeded: quota !== null,
    exitCode,
  };
  const lines = formatFinalLines(outcome);
  // The exit code's line comes last, after the lines it points to ("see above").
  const exitLine = lines.pop();
  for (const line of lines) log.info(line);
  const openPeriod = formatOpenPeriodWarning(modelView.models);
  if (openPeriod !== null) log.warn(openPeriod);
  // Errors, so that --quiet (cron) still says which model fell; printed whatever the exit code.
  for (const line of formatRegressionLines(regressions, options.failOnRegression ?? 0)) log.error(line);
  if (exitLine !== undefined) log.info(exitLine);
  const quietError = options.quiet ? formatQuietError(outcome) : null;
  if (quietError !== null) log.error(quietError);
  return exitCode;
}
