import { createNclueClient, type ClientEvent } from '../client/nclue-client.js';
import { systemClock, type Clock } from '../client/clock.js';
import { createRateGate } from '../client/rate-gate.js';
import { createUndiciTransport, type Transport } from '../client/transport.js';
import { readEnvCredentials, requireCredentials } from '../config/credentials.js';
import { resolveOptions, type RunOptions } from '../config/resolve-options.js';
import { UsageError } from '../errors.js';
import { dedupeTaskIds, isValidTaskId, taskIdKey, type TaskIdEntry } from '../input/parse-task-ids.js';
import { readTaskIdFile } from '../input/read-task-ids.js';
import { buildReport } from '../pipeline/build-report.js';
import { openCheckpoint } from '../pipeline/checkpoint.js';
import { collectTasks } from '../pipeline/collect-tasks.js';
import type { TaskOutcome } from '../pipeline/fetch-tasks.js';
import { prepareOutDir } from '../writers/prepare-out-dir.js';
import { writeReports } from '../writers/write-reports.js';
import { EXIT_OK, EXIT_PARTIAL, EXIT_SIGINT, EXIT_SIGTERM } from './exit-codes.js';
import { createLogger, type TextSink } from './logger.js';
import { parseArgv } from './options.js';
import { createProgress, type ProgressSink } from './progress.js';
import { join } from 'node:path';

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
  if (options.idsFile !== undefined) entries.push(...(await readTaskIdFile(options.idsFile, stdin)));
  if (entries.length === 0) {
    throw new UsageError(
      'no task IDs given: pass IDs as arguments, a file with --ids FILE (- for stdin), or --all for every task',
    );
  }
  return entries;
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
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

/** The whole run: validate, fetch, flatten, write. Returns the exit code; throws typed errors. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const clock = io.clock ?? systemClock;
  const raw = await parseArgv(argv, io.version, (text) => io.stdout.write(`${text}\n`));
  if (raw === null) return EXIT_OK;
  const startedAt = new Date(clock.now());
  const options = resolveOptions(raw, io.env, startedAt);
  const log = createLogger(io.stderr, { verbose: options.verbose, quiet: options.quiet });

  // Everything is validated before a single request is sent.
  let requested: TaskIdEntry[] | 'all' = 'all';
  if (!options.all) {
    const unique = dedupeTaskIds(await collectEntries(options, io.stdin));
    for (const warning of unique.warnings) log.warn(warning);
    for (const e of unique.entries) {
      if (!e.valid) log.warn(`invalid task id ${JSON.stringify(e.id.slice(0, 80))} (${e.source} line ${e.line}): not sent`);
    }
    requested = unique.entries;
  }
  const credentials = requireCredentials(readEnvCredentials(io.env));
  await prepareOutDir(options.outDir);

  const checkpointPath = join(options.outDir, `${options.name}.checkpoint.jsonl`);
  const checkpoint = await openCheckpoint(checkpointPath, options.resume);
  const toFetch =
    requested === 'all' ? 0 : requested.filter((e) => e.valid && !checkpoint.known.has(taskIdKey(e.id))).length;
  if (options.resume) log.info(`resuming: ${checkpoint.known.size} tasks already in ${checkpointPath}`);
  log.info(
    requested === 'all'
      ? `listing every task at ${options.endpoint} at ${options.rps} request/s`
      : `fetching ${toFetch} tasks from ${options.endpoint} at ${options.rps} request/s (at least ${formatDuration(Math.max(0, toFetch - 1) / options.rps)})`,
  );

  const transport = (io.createTransport ?? (() => createUndiciTransport(io.env)))();
  const client = createNclueClient({
    endpoint: options.endpoint,
    credentials,
    gate: createRateGate(options.rps, clock),
    clock,
    transport,
    timeoutMs: options.timeoutMs,
    retries: options.retries,
    onEvent: (event) => log.debug(describeEvent(event)),
  });
  const progress = createProgress({
    stream: io.stderr,
    clock,
    total: toFetch,
    enabled: options.progress && !options.quiet,
  });
  const onOutcome = async (entry: TaskIdEntry, outcome: TaskOutcome): Promise<void> => {
    if (outcome.kind === 'fetched') await checkpoint.record(entry.id, outcome.task);
    if (outcome.kind === 'failed') log.debug(`task ${entry.id}: ${outcome.error}`);
    progress.tick(outcome.kind === 'failed');
  };

  let collected;
  try {
    collected = await collectTasks(requested, {
      client,
      strategy: options.strategy,
      concurrency: options.concurrency,
      known: checkpoint.known,
      onOutcome,
      ...(io.interrupt ? { stop: io.interrupt.stop, cancel: io.interrupt.cancel } : {}),
    });
  } catch (error) {
    // Credentials rejected: no report, and no checkpoint of a run that fetched nothing new.
    if (!options.resume) await checkpoint.remove();
    throw error;
  } finally {
    progress.finish();
    await transport.close().catch(() => undefined);
  }

  const { report, warnings } = buildReport(collected.entries, collected.outcomes, {
    generatedAt: startedAt.toISOString(),
    endpoint: options.endpoint,
  });
  for (const warning of warnings) log.warn(warning);
  const written = await writeReports(report, options);
  for (const file of written) log.info(`wrote ${file.path} (${file.rows} rows)`);

  const interrupted = collected.outcomes.some((o) => o.kind === 'interrupted');
  if (!interrupted) await checkpoint.remove();
  const { facts, statusCounts } = report.summary;
  log.info(`${facts.requested} requested, ${facts.fetched} fetched, ${facts.failed} with fetch_error (${client.stats.requests} requests sent)`);
  log.info(`by status: ${statusCounts.map((s) => `${s.status} ${s.count}`).join(', ')}`);

  const signal = io.interrupt?.signal() ?? null;
  if (interrupted && signal) {
    log.info('interrupted: unfetched tasks are marked "interrupted"; rerun with --resume to finish (exit code 130/143)');
    return signal === 'SIGTERM' ? EXIT_SIGTERM : EXIT_SIGINT;
  }
  if (facts.failed > 0) {
    log.info('exit code 3: reports written, but some rows have a fetch_error (see the Errors sheet)');
    return EXIT_PARTIAL;
  }
  return EXIT_OK;
}
