import type { RunEnding } from '../pipeline/run-ending.js';

/** Exit codes: a public contract (docs/options.md "Exit codes"). */
export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_USAGE = 2;
export const EXIT_PARTIAL = 3;
/** Credentials rejected, or the endpoint is unreachable or does not serve the NCLUE task API: nothing to report. */
export const EXIT_AUTH = 4;
/** `--fail-on-regression`: every report written, and a model's AUROC fell by the threshold or more. */
export const EXIT_REGRESSION = 5;
/** Some reports could not be written (disk full, a folder in the way); the checkpoint is kept. */
export const EXIT_WRITE = 6;
/** 128 + signal number, as shells report a process ended by SIGINT / SIGTERM. */
export const EXIT_SIGINT = 130;
export const EXIT_SIGTERM = 143;

/** The exit code of each way a report run can end (src/pipeline/run-ending.ts decides which). */
const EXIT_CODE_OF_ENDING: Readonly<Record<RunEnding, number>> = {
  'write-failed': EXIT_WRITE,
  'quota-exceeded': EXIT_AUTH,
  sigterm: EXIT_SIGTERM,
  sigint: EXIT_SIGINT,
  'tasks-failed': EXIT_PARTIAL,
  regression: EXIT_REGRESSION,
  complete: EXIT_OK,
};

export function exitCodeFor(ending: RunEnding): number {
  return EXIT_CODE_OF_ENDING[ending];
}
