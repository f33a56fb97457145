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
