import type { Clock } from '../client/clock.js';
import type { Transport } from '../client/transport.js';
import type { Report } from '../core/row.js';
import type { ModelView } from '../models/build-model-view.js';
import type { ModelEntry } from '../models/model-entry.js';
import type { UnwrittenFile, WrittenFile } from '../writers/write-reports.js';
import type { Collected } from './collect-tasks.js';
import type { ProgressCounter } from './listing-progress.js';
import type { EstimateTarget } from './route-estimate.js';
import type { RunEnding } from './run-ending.js';
import type { WaitResult, WaitState } from './wait-for-tasks.js';

/* What a report run (src/pipeline/run-report.ts) is given by the CLI and what it gives back. */

/** Where a report run's log lines go (the CLI's logger, which keeps them off stdout). */
export interface RunLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
}

/** The progress display a report run feeds (the CLI's bar or plain lines). */
export interface RunProgress extends ProgressCounter, EstimateTarget {
  waiting(state: WaitState): void;
  finish(): void;
}

/** What a report run is given besides its options: the process's environment and its outputs. */
export interface ReportRunIo {
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadableStream;
  clock: Clock;
  createTransport?: () => Transport;
  /** Aborted on the first Ctrl-C / SIGTERM; `cancel` once in-flight requests had their grace time. */
  interrupt?: { stop: AbortSignal; cancel: AbortSignal; signal(): NodeJS.Signals | null };
  log: RunLog;
  progress: RunProgress;
  /** When the run started (the report's generated_at and the default period's "now"). */
  startedAt: Date;
  /** Undone by the caller however the run ends: the lock on --out/--name is pushed here. */
  atExit: Array<() => Promise<void>>;
}

/** A finished report run, for the CLI's final lines and exit code. */
export interface ReportOutcome {
  /** Which row of the exit table applies (src/pipeline/run-ending.ts). */
  ending: RunEnding;
  written: WrittenFile[];
  unwritten: UnwrittenFile[];
  /** Existing reports left as they were because the run fetched nothing. */
  kept: string[];
  report: Report;
  models: ModelView['models'];
  /** Models whose AUROC fell by --fail-on-regression or more (empty without that flag). */
  regressions: ModelEntry[];
  failOnRegression: number | null;
  requests: number;
  retries: number;
  throttled: number;
  wait: WaitResult | null;
  lacking: Collected['lacking'];
  quotaExceeded: boolean;
}

/** How a report run ended: the plan of a dry run, a listing that failed, or a report. */
export type ReportRunResult =
  | { kind: 'dry-run'; plan: string[] }
  | { kind: 'listing-failed'; message: string }
  | { kind: 'report'; outcome: ReportOutcome };
