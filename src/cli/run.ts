import { join } from 'node:path';
import { createNclueClient, type ClientEvent } from '../client/nclue-client.js';
import { systemClock, type Clock } from '../client/clock.js';
import { createRateGate } from '../client/rate-gate.js';
import { createUndiciTransport, type Transport } from '../client/transport.js';
import { readEnvCredentials, requireCredentials } from '../config/credentials.js';
import { resolveOptions, type RunOptions } from '../config/resolve-options.js';
import { UsageError } from '../errors.js';
import { dedupeTaskIds, isValidTaskId, type TaskIdEntry } from '../input/parse-task-ids.js';
import { readTaskIdFile } from '../input/read-task-ids.js';
import { buildReport } from '../pipeline/build-report.js';
import { openCheckpoint } from '../pipeline/checkpoint.js';
import { fetchTasks, type TaskOutcome } from '../pipeline/fetch-tasks.js';
import type { Report } from '../report/row.js';
import { prepareOutDir } from '../writers/prepare-out-dir.js';
import { EXIT_OK, EXIT_PARTIAL, EXIT_SIGINT, EXIT_SIGTERM } from './exit-codes.js';
import { createLogger, type Logger, type TextSink } from './logger.js';
import { parseArgv } from './options.js';

export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadableStream;
  stdout: TextSink;
  stderr: TextSink;
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
    throw new UsageError('no task IDs given: pass IDs as arguments or a file with --ids FILE (- for stdin)');
  }
  return entries;
}

function formatDuration(seconds: number): string {
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

async function writeReports(options: RunOptions, report: Report, log: Logger): Promise<void> {
  const base = join(options.outDir, options.name);
  for (const format of options.formats) {
    const path = `${base}.${format}`;
    if (format === 'csv') {
      const { writeCsv } = await import('../writers/csv.js');
      await writeCsv(path, report.rows, { bom: options.bom, escapeFormulas: options.escapeFormulas });
    } else {
      const { writeXlsx } = await import('../writers/xlsx.js');
      await writeXlsx(path, report);
    }
    log.info(`wrote ${path} (${report.rows.length} rows)`);
  }
}

/** The whole run: validate, fetch, flatten, write. Returns the exit code; throws typed errors. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const clock = io.clock ?? systemClock;
  const raw = await parseArgv(argv, io.version, (text) => io.stdout.write(`${text}\n`));
  if (raw === null) return EXIT_OK;
  const startedAt = new Date(clock.now());
  const options = resolveOptions(raw, io.env, startedAt);
  const log = createLogger(io.stderr, { verbose: options.verbose });

  // Everything is validated before a single request is sent.
  const entries = await collectEntries(options, io.stdin);
  const unique = dedupeTaskIds(entries);
  for (const warning of unique.warnings) log.warn(warning);
  const credentials = requireCredentials(readEnvCredentials(io.env));
  await prepareOutDir(options.outDir);

  const valid = unique.entries.filter((e) => e.valid);
  for (const e of unique.entries) {
    if (!e.valid) log.warn(`invalid task id ${JSON.stringify(e.id.slice(0, 80))} (${e.source} line ${e.line}): not sent`);
  }

  const checkpointPath = join(options.outDir, `${options.name}.checkpoint.jsonl`);
  const checkpoint = await openCheckpoint(checkpointPath, options.resume);
  const toFetch = valid.filter((e) => !checkpoint.known.has(e.id.toLowerCase())).length;
  if (options.resume) log.info(`resuming: ${valid.length - toFetch} tasks from ${checkpointPath}`);
  log.info(
    `fetching ${toFetch} tasks from ${options.endpoint} at ${options.rps} request/s (at least ${formatDuration(Math.max(0, toFetch - 1) / options.rps)})`,
  );

  const transport = (io.createTransport ?? (() => createUndiciTransport(io.env)))();
  const gate = createRateGate(options.rps, clock);
  const client = createNclueClient({
    endpoint: options.endpoint,
    credentials,
    gate,
    clock,
    transport,
    timeoutMs: options.timeoutMs,
    retries: options.retries,
    onEvent: (event) => log.debug(describeEvent(event)),
  });

  let done = 0;
  let failures = 0;
  let nextReport = 0.1;
  let lastReportAt = clock.now();
  const onOutcome = async (entry: TaskIdEntry, outcome: TaskOutcome): Promise<void> => {
    done++;
    if (outcome.kind === 'fetched') await checkpoint.record(entry.id, outcome.task);
    else if (outcome.kind === 'failed') {
      failures++;
      log.debug(`task ${entry.id}: ${outcome.error}`);
    }
    const now = clock.now();
    if (toFetch > 0 && (done / toFetch >= nextReport || now - lastReportAt >= 30_000)) {
      while (done / toFetch >= nextReport) nextReport += 0.1;
      lastReportAt = now;
      log.info(`progress: ${done}/${toFetch} tasks (${Math.floor((100 * done) / toFetch)}%), ${failures} failed`);
    }
  };

  let outcomes: TaskOutcome[];
  try {
    outcomes = await fetchTasks(unique.entries, {
      client,
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
    await transport.close().catch(() => undefined);
  }

  const { report, warnings } = buildReport(unique.entries, outcomes, {
    generatedAt: startedAt.toISOString(),
    endpoint: options.endpoint,
  });
  for (const warning of warnings) log.warn(warning);
  await writeReports(options, report, log);

  const interrupted = outcomes.some((o) => o.kind === 'interrupted');
  if (!interrupted) await checkpoint.remove();
  const { requested, fetched, failed } = report.summary.facts;
  log.info(`${requested} requested, ${fetched} fetched, ${failed} with fetch_error (${client.stats.requests} requests sent)`);

  const signal = io.interrupt?.signal() ?? null;
  if (interrupted && signal) {
    log.info(`interrupted: unfetched tasks are marked "interrupted"; rerun with --resume to finish`);
    return signal === 'SIGTERM' ? EXIT_SIGTERM : EXIT_SIGINT;
  }
  return failed > 0 ? EXIT_PARTIAL : EXIT_OK;
}
