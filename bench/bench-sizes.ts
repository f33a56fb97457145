/**
 * The sizes of `npm run bench` (bench/main.ts): the full run's, and `--quick`'s, which runs every
 * row at a reduced size within QUICK_BUDGET_MS on a 2-core machine (docs/scale.md, "Benchmark").
 * Options given on the command line (`--ids`, `--list-tasks`, `--rows`) override these.
 */
import { IN_MEMORY_MAX_TASKS } from '../src/writers/xlsx.js';

export interface BenchSizes {
  /** IDs of the ID-mode rows. */
  ids: number;
  /** Tasks of the account the list-mode rows list. */
  listTasks: number;
  /** Rows of the in-memory workbook rows (writer and CLI writing phase), at most `rows`. */
  memoryRows: number;
  /** Rows of the streamed workbook rows (above the in-memory threshold) and the CSV rows. */
  rows: number;
  /** Rows of the CSV rows (writer and CLI writing phase), at most `rows`. */
  csvRows: number;
  /** Runs per side of a writer row at the in-memory size, and at the streamed and CSV sizes. */
  memoryRuns: number;
  largeRuns: number;
  /** Runs of each CLI writing-phase row, each after a run of its bare-library script. */
  cliWriterRuns: number;
  /** Rounds of the start-up rows. */
  startupRounds: number;
  /** Monthly reports of the history rows, and tasks in each. */
  historyReports: number;
  historyTasks: number;
}

export const FULL_BENCH_SIZES: BenchSizes = {
  ids: 200,
  listTasks: 10_000,
  memoryRows: 10_000,
  rows: 100_000,
  csvRows: 100_000,
  memoryRuns: 3,
  largeRuns: 2,
  cliWriterRuns: 2,
  startupRounds: 15,
  historyReports: 12,
  historyTasks: 5_000,
};

/**
 * `--quick`. The streamed size stays just above the in-memory threshold (20,000 tasks, xlsx.ts), so
 * the streamed rows still run; every writer side runs once; the history is two months.
 */
export const QUICK_BENCH_SIZES: BenchSizes = {
  ids: 20,
  listTasks: 500,
  memoryRows: 1_000,
  rows: IN_MEMORY_MAX_TASKS + 500,
  csvRows: 5_000,
  memoryRuns: 1,
  largeRuns: 1,
  cliWriterRuns: 1,
  startupRounds: 3,
  historyReports: 2,
  historyTasks: 300,
};

/** What `--quick` is meant to take at most, in ms (the issue: under 2 minutes on a 2-core machine). */
export const QUICK_BUDGET_MS = 120_000;

/** The sizes of a run, `--rows` given or not: the in-memory and CSV sizes never exceed it. */
export function chooseBenchSizes(quick: boolean, given: { rows?: number } = {}): BenchSizes {
  const sizes = quick ? QUICK_BENCH_SIZES : FULL_BENCH_SIZES;
  if (given.rows === undefined) return sizes;
  return {
    ...sizes,
    rows: given.rows,
    memoryRows: Math.min(sizes.memoryRows, given.rows),
    csvRows: quick ? Math.min(sizes.csvRows, given.rows) : given.rows,
  };
}

/** The last line of a run: how long it took, and for `--quick` whether that was within its budget. */
export function formatBenchDuration(took: string, tookMs: number, quick: boolean): string {
  if (!quick) return `Benchmark took ${took}.`;
  const within = tookMs <= QUICK_BUDGET_MS;
  return `Benchmark took ${took}: ${within ? 'within' : 'over'} the --quick budget of ${QUICK_BUDGET_MS / 60_000} min.`;
}
