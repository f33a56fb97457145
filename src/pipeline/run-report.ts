import { createNclueClient, type ClientEvent, type NclueClient } from '../client/nclue-client.js';
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
import { deriveEndpointFromApiUrl } from '../client/endpoint.js';
import type { RunOptions } from './resolve-options.js';
import { UsageError } from '../core/errors.js';
import { dedupeTaskIds, isValidTaskId, taskIdKey, type TaskIdEntry } from '../input/parse-task-ids.js';
import { readTaskIdFile } from '../input/read-task-ids.js';
import { buildReport } from './build-report.js';
import { findExistingReports, formatReplaceNotice, listReportPaths } from './report-paths.js';
import {
  CHECKPOINT_SUFFIX,
  describeDroppedTasks,
  findNewestCheckpoint,
  openCheckpoint,
  type Checkpoint,
} from './checkpoint.js';
import { collectTasks, type Collected } from './collect-tasks.js';
import { describeCollectEvent } from './describe-collect-event.js';
import { createListingProgress } from './listing-progress.js';
import { ListingError } from './listing-error.js';
import { waitForTasks, type WaitResult } from './wait-for-tasks.js';
import type { TaskOutcome } from './fetch-tasks.js';
import { prepareOutDir } from '../writers/prepare-out-dir.js';
import { removeLeftoverTempFiles } from '../writers/leftover-temp-files.js';
import { takeRunLock } from './run-lock.js';
import {
  ReportWriteError,
  writeReports,
  type UnwrittenFile,
  type WrittenFile,
} from '../writers/write-reports.js';
import { readReportInputs, type ReportInputs } from '../writers/read-report-inputs.js';
import { createRouteEstimate } from './route-estimate.js';
import { warmUpWritersWhileFetching, type WarmUp } from './warm-up-writers.js';
import { estimateRequests } from './format-dry-run-plan.js';
import { describeHistory } from '../history/read-history.js';
import { buildModelView, type ModelView } from '../models/build-model-view.js';
import { findRegressions } from '../models/describe-models.js';
import { createModelNamer, type ModelNamer } from '../models/model-naming.js';
import type { Strategy } from '../core/formats.js';
import { join } from 'node:path';
import { formatSeconds } from '../report/format-seconds.js';
import type { Report } from '../core/row.js';
import { decideRunEnding, type RunEnding } from './run-ending.js';
import type { ReportOutcome, ReportRunIo, ReportRunResult, RunLog } from './report-outcome.js';

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

/** What the run knows once its inputs are read, before anything is sent. */
interface RunPlan {
  options: RunOptions;
  requested: TaskIdEntry[] | 'all';
  reportInputs: ReportInputs;
  namer: ModelNamer;
}

/**
 * One report run: reads the inputs, fetches (or lists) the tasks, builds and writes the reports and
 * settles the checkpoint. Returns what happened; throws typed errors (UsageError, StopRunError…).
 */
export async function runReport(resolved: RunOptions, io: ReportRunIo): Promise<ReportRunResult> {
  const { log, progress } = io;
  let options = resolved;
  const { requested, given, reportInputs, namer } = await readRunInputs(options, io);
  const found = await resolveCredentials({ profile: options.profile, env: io.env });
  for (const warning of found.warnings) log.warn(warning);
  log.debug(`credentials: ${found.source}`);
  if (!options.endpointGiven && found.apiUrl !== undefined) {
    // No endpoint named: the profile's gateway tells the site (public, gov, fin).
    options = { ...options, endpoint: deriveEndpointFromApiUrl(found.apiUrl.url, found.apiUrl.where) };
    log.debug(`endpoint: ${options.endpoint}, from ${found.apiUrl.where}`);
  }
  const { credentials } = found;
  options = await chooseResumedName(options, log);
  if (options.dryRun) {
    const { planDryRun } = await import('./plan-dry-run.js');
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
    return { kind: 'dry-run', plan };
  }
  const run: RunPlan = { options, requested, reportInputs, namer };
  const existingReports = await prepareOut(options, io);
  const checkpoint = await openRunCheckpoint(run, credentials.accessKey, log);
  const toFetch =
    requested === 'all'
      ? 0
      : requested.filter((e) => e.valid && !checkpoint.known.has(taskIdKey(e.id))).length;
  log.info(
    requested === 'all'
      ? `listing every task at ${options.endpoint} at ${options.rps} request/s`
      : `fetching ${toFetch} tasks from ${options.endpoint} at ${options.rps} request/s (${describeFetchEstimate(options.strategy, toFetch, options.rps)})`,
  );
  const connection = await connect(options, found, io, requested === 'all' ? null : requested.length);
  progress.addTotal(toFetch);
  const fetched = await fetchAll(run, checkpoint, connection, io);
  if (fetched.kind === 'listing-failed') return fetched;
  const { client } = connection;
  return finishRun(run, { ...fetched, checkpoint, client, existingReports }, io);
}

/** Reads --template, --compare and the task IDs: a bad file fails the run before any request. */
async function readRunInputs(
  options: RunOptions,
  io: ReportRunIo,
): Promise<{
  requested: TaskIdEntry[] | 'all';
  given: number;
  reportInputs: ReportInputs;
  namer: ModelNamer;
}> {
  const { log } = io;
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
  return { requested, given, reportInputs, namer };
}

/** --resume without --name: the newest checkpoint in --out names the run. */
async function chooseResumedName(options: RunOptions, log: RunLog): Promise<RunOptions> {
  if (options.resume && !options.nameGiven) {
    // The default name is today's: an interrupted run of another day would silently start over.
    const newest = await findNewestCheckpoint(options.outDir);
    if (newest === null) log.info(`--resume: no checkpoint in ${options.outDir}; fetching every task`);
    else {
      options = { ...options, name: newest.name };
      log.info(`--resume: continuing ${newest.path}, the newest checkpoint in ${options.outDir}`);
    }
  }
  return options;
}

/** Creates --out, takes the lock on the name, notes the reports replaced; returns those. */
async function prepareOut(options: RunOptions, io: ReportRunIo): Promise<string[]> {
  const { log, atExit } = io;
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
  return existingReports;
}

async function openRunCheckpoint(
  { options, requested }: RunPlan,
  accessKey: string,
  log: RunLog,
): Promise<Checkpoint> {
  const checkpointPath = join(options.outDir, `${options.name}${CHECKPOINT_SUFFIX}`);
  const checkpoint = await openCheckpoint(
    checkpointPath,
    options.resume ? 'resume' : options.fresh ? 'fresh' : 'new',
    (message) => log.warn(message),
    { endpoint: options.endpoint, accessKey },
  );
  if (checkpoint.rejected > 0)
    log.warn(
      `${checkpoint.rejected} records of ${checkpointPath} are not valid tasks (a task_id that differs from its key, not an object…): those tasks are fetched again`,
    );
  if (options.resume && requested !== 'all') {
    log.info(`resuming: ${checkpoint.known.size} tasks already in ${checkpointPath}`);
    const dropped = describeDroppedTasks(checkpoint.known, requested);
    if (dropped !== null) log.warn(`--resume: ${dropped} (in ${checkpointPath})`);
  }
  return checkpoint;
}

interface Connection {
  client: NclueClient;
  transport: Transport;
  warmUp: WarmUp;
  inFlight: ReturnType<typeof createInFlightLimit>;
}

/** The transport, the in-flight limit and the signed, paced client of this run. */
async function connect(
  options: RunOptions,
  found: { credentials: { accessKey: string; secretKey: string }; source: string },
  io: ReportRunIo,
  expectedTasks: number | null,
): Promise<Connection> {
  const { log, clock } = io;
  const { credentials } = found;
  log.debug(`route: ${describeRoute(chooseRoute(options.endpoint, readProxySettings(io.env)))}`);
  // undici loads only when a request is about to be sent: --help and --dry-run start faster without it.
  // At 1 request/s the writers load in the gaps between requests, in any run once a listing goes
  // past its first page (warm-up-writers.ts).
  const warmUp = warmUpWritersWhileFetching(
    io.createTransport?.() ?? (await import('../client/transport.js')).createUndiciTransport(io.env),
    { formats: options.formats, rps: options.rps, expectedTasks },
  );
  const { transport } = warmUp;
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
  return { client, transport, warmUp, inFlight };
}

type FetchResult =
  | { kind: 'listing-failed'; message: string }
  | { kind: 'fetched'; collected: Collected; waited: WaitResult | null };

/** Collects the tasks (and with --wait polls the unfinished ones); a failed listing ends the run. */
async function fetchAll(
  { options, requested }: RunPlan,
  checkpoint: Checkpoint,
  { client, transport, warmUp, inFlight }: Connection,
  io: ReportRunIo,
): Promise<FetchResult> {
  const { log, progress, clock } = io;
  const checkpointPath = join(options.outDir, `${options.name}${CHECKPOINT_SUFFIX}`);
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
        if (event.type === 'list-page' && event.index > 0) warmUp.listingGoesOn(event);
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
      return { kind: 'listing-failed', message: error.message };
    }
    throw error;
  } finally {
    progress.finish();
    await transport.close().catch(() => undefined);
  }
  return { kind: 'fetched', collected, waited };
}

interface Fetched {
  collected: Collected;
  waited: WaitResult | null;
  checkpoint: Checkpoint;
  client: NclueClient;
  existingReports: string[];
}

/** Builds the report and the model view, writes the files, decides the ending, settles the checkpoint. */
async function finishRun(run: RunPlan, fetched: Fetched, io: ReportRunIo): Promise<ReportRunResult> {
  const { options, reportInputs, namer } = run;
  const { collected, waited, client, existingReports } = fetched;
  const { log, startedAt } = io;
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
  const { written, unwritten, keptReports } = await writeFiles(run, report, modelView, existingReports, log);
  const regressions =
    options.failOnRegression === null
      ? []
      : findRegressions(modelView.models.models, options.failOnRegression);

  const { facts } = report.summary;
  const signal = io.interrupt?.signal() ?? null;
  // A spent quota stopped the run like an interruption: the reports hold what was fetched, exit 4.
  const quota = client.quotaExceeded;
  if (quota !== null) log.error(quota.message);
  const ending = decideRunEnding({
    unwritten: unwritten.length,
    quotaExceeded: quota !== null,
    interruptedBy: interrupted ? signal : null,
    failed: facts.failed,
    regressions: regressions.length,
  });
  await settleCheckpoint(ending, run, fetched.checkpoint, facts.failed, log);
  const outcome: ReportOutcome = {
    ending,
    written,
    unwritten,
    kept: keptReports,
    report,
    models: modelView.models,
    regressions,
    failOnRegression: options.failOnRegression,
    requests: client.stats.requests,
    retries: client.stats.retries,
    throttled: client.stats.throttled,
    wait: waited,
    lacking: collected.lacking,
    quotaExceeded: quota !== null,
  };
  return { kind: 'report', outcome };
}

/** Writes every requested format, unless the run fetched nothing and good reports of the name exist. */
async function writeFiles(
  { options, reportInputs }: RunPlan,
  report: Report,
  modelView: ModelView,
  existingReports: string[],
  log: RunLog,
): Promise<{ written: WrittenFile[]; unwritten: UnwrittenFile[]; keptReports: string[] }> {
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
  return { written, unwritten, keptReports };
}

/**
 * Only a complete run removes the checkpoint: after errors, an interruption or a failed write,
 * --resume fetches only the tasks without a good row and keeps the rest. A regression is a
 * complete run: every task was fetched and every report written.
 */
async function settleCheckpoint(
  ending: RunEnding,
  { options, requested }: RunPlan,
  checkpoint: Checkpoint,
  failed: number,
  log: RunLog,
): Promise<void> {
  const checkpointPath = join(options.outDir, `${options.name}${CHECKPOINT_SUFFIX}`);
  if (ending === 'complete' || ending === 'regression') await checkpoint.remove();
  else if (ending === 'write-failed')
    log.info(
      `every fetched task is kept in ${checkpointPath}: --resume writes the reports without new requests`,
    );
  else if (checkpoint.recorded === 0 && !options.resume) await checkpoint.remove();
  else if (ending === 'tasks-failed' && requested !== 'all')
    log.info(
      `the fetched tasks are kept in ${checkpointPath}: --resume fetches only the ${failed} without a good row`,
    );
  else if (ending === 'quota-exceeded' && requested !== 'all')
    log.info(
      `the fetched tasks are kept in ${checkpointPath}: once the quota allows, --resume fetches only the rest`,
    );
}
