/**
 * How a report run ended; the CLI gives each ending its exit code (src/cli/exit-codes.ts). When more
 * than one applies, the first in ENDINGS wins: a failed write outranks a spent quota, which outranks
 * an interruption, then failed tasks, then a regression.
 */
export type RunEnding =
  'write-failed' | 'quota-exceeded' | 'sigterm' | 'sigint' | 'tasks-failed' | 'regression' | 'complete';

/** The facts of a finished run that decide its ending. */
export interface RunEndFacts {
  /** Reports that could not be written. */
  unwritten: number;
  /** The API quota ran out and the run stopped sending. */
  quotaExceeded: boolean;
  /** The signal that interrupted the run, or null when it was not interrupted. */
  interruptedBy: NodeJS.Signals | null;
  /** Tasks that ended with a fetch_error. */
  failed: number;
  /** Models past --fail-on-regression. */
  regressions: number;
}

const ENDINGS: ReadonlyArray<readonly [RunEnding, (facts: RunEndFacts) => boolean]> = [
  ['write-failed', (f) => f.unwritten > 0],
  ['quota-exceeded', (f) => f.quotaExceeded],
  ['sigterm', (f) => f.interruptedBy === 'SIGTERM'],
  ['sigint', (f) => f.interruptedBy !== null],
  ['tasks-failed', (f) => f.failed > 0],
  ['regression', (f) => f.regressions > 0],
];

/** The first ending of ENDINGS whose condition holds; `complete` when none does. */
export function decideRunEnding(facts: RunEndFacts): RunEnding {
  return ENDINGS.find(([, applies]) => applies(facts))?.[0] ?? 'complete';
}
