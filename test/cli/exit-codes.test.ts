import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../src/cli/exit-codes.js';
import { decideRunEnding, type RunEndFacts } from '../../src/pipeline/run-ending.js';

const CLEAN: RunEndFacts = {
  unwritten: 0,
  quotaExceeded: false,
  interruptedBy: null,
  failed: 0,
  regressions: 0,
};

describe('the exit code of a report run', () => {
  it.each<[string, Partial<RunEndFacts>, string, number]>([
    ['a clean run', {}, 'complete', 0],
    ['failed tasks', { failed: 2 }, 'tasks-failed', 3],
    ['a spent quota', { quotaExceeded: true }, 'quota-exceeded', 4],
    ['a regression', { regressions: 1 }, 'regression', 5],
    ['a failed write', { unwritten: 1 }, 'write-failed', 6],
    ['Ctrl-C', { interruptedBy: 'SIGINT' }, 'sigint', 130],
    ['SIGTERM', { interruptedBy: 'SIGTERM' }, 'sigterm', 143],
    ['another signal, as Ctrl-C', { interruptedBy: 'SIGHUP' }, 'sigint', 130],
  ])('%s', (_, facts, ending, code) => {
    const decided = decideRunEnding({ ...CLEAN, ...facts });
    expect(decided).toBe(ending);
    expect(exitCodeFor(decided)).toBe(code);
  });

  it.each<[string, Partial<RunEndFacts>, number]>([
    [
      'a failed write outranks everything',
      { unwritten: 1, quotaExceeded: true, interruptedBy: 'SIGTERM', failed: 1, regressions: 1 },
      6,
    ],
    [
      'a spent quota outranks an interruption and failed tasks',
      { quotaExceeded: true, interruptedBy: 'SIGINT', failed: 3 },
      4,
    ],
    ['an interruption outranks failed tasks', { interruptedBy: 'SIGTERM', failed: 3, regressions: 1 }, 143],
    ['failed tasks outrank a regression', { failed: 1, regressions: 2 }, 3],
  ])('%s', (_, facts, code) => {
    expect(exitCodeFor(decideRunEnding({ ...CLEAN, ...facts }))).toBe(code);
  });
});
