import { describe, expect, it } from 'vitest';
import {
  describeErrorPlaces,
  describeExitCode,
  formatFinalLines,
  formatQuietError,
  summariseErrors,
  type RunOutcome,
} from '../../src/cli/final-lines.js';

const base: RunOutcome = {
  written: [
    { path: 'reports/nclue-tasks-2026-11-30.csv', rows: 42 },
    { path: 'reports/nclue-tasks-2026-11-30.xlsx', rows: 42 },
  ],
  statusCounts: [
    { status: 'completed', count: 30 },
    { status: 'failed', count: 10 },
    { status: '(fetch error)', count: 2 },
  ],
  requested: 42,
  fetched: 40,
  failed: 2,
  errors: ['not found (HTTP 404)', 'invalid task id'],
  requests: 43,
  retries: 1,
  throttled: 0,
  elapsedMs: 62_000,
  wait: null,
  exitCode: 3,
};

describe('formatFinalLines', () => {
  it('says what was written where, tasks per status, the errors and what the exit code means', () => {
    expect(formatFinalLines(base)).toEqual([
      'done in 1 min 02 s: 42 tasks requested, 40 fetched, 2 with a fetch_error; 43 requests sent (1 retry, 0 throttled)',
      'by status: completed 30, failed 10, (fetch error) 2',
      'fetch errors: 1x not found (HTTP 404), 1x invalid task id',
      'wrote reports/nclue-tasks-2026-11-30.csv (42 rows)',
      'wrote reports/nclue-tasks-2026-11-30.xlsx (42 rows)',
      'exit code 3: reports written, but 2 tasks have a fetch_error (Errors sheet, fetch_error column)',
    ]);
  });

  it('leaves out the error line when every task was fetched, and explains exit 0', () => {
    const lines = formatFinalLines({ ...base, errors: [], failed: 0, fetched: 42, exitCode: 0 });
    expect(lines.some((l) => l.startsWith('fetch errors'))).toBe(false);
    expect(lines.at(-1)).toBe('exit code 0: every requested task was fetched');
  });

  it('tells how --wait ended', () => {
    const finished = formatFinalLines({ ...base, wait: { polls: 3, unfinished: [], timedOut: false } });
    expect(finished).toContain('--wait: every task finished (3 poll rounds)');
    const gaveUp = formatFinalLines({
      ...base,
      wait: { polls: 7, unfinished: [{ status: 'in_progress', count: 2 }], timedOut: true },
    });
    expect(gaveUp).toContain(
      '--wait: gave up at --wait-timeout after 7 poll rounds with 2 tasks unfinished (in_progress 2); run again later or raise --wait-timeout',
    );
  });
});

describe('a write failure (exit 6)', () => {
  const failed: RunOutcome = {
    ...base,
    written: [{ path: 'reports/r.csv', rows: 42 }],
    unwritten: [{ path: 'reports/r.xlsx', reason: 'ENOSPC: no space left on device' }],
    exitCode: 6,
  };

  it('names every report written and every one not written, and how to finish', () => {
    const lines = formatFinalLines(failed);
    expect(lines.slice(-3)).toEqual([
      'wrote reports/r.csv (42 rows)',
      'not written: reports/r.xlsx (ENOSPC: no space left on device)',
      expect.stringMatching(/^exit code 6: .*--resume to write them without new requests$/),
    ]);
  });

  it('is one error line with --quiet', () => {
    expect(formatQuietError(failed)).toBe(
      'could not write reports/r.xlsx (ENOSPC: no space left on device); rerun with --resume to write the reports without new requests (exit code 6)',
    );
  });
});

describe('describeErrorPlaces', () => {
  it('names only the reports that were written', () => {
    const w = (...paths: string[]) => paths.map((path) => ({ path, rows: 1 }));
    expect(describeErrorPlaces(w('r.csv', 'r.models.csv', 'r.xlsx'))).toEqual([
      'Errors sheet',
      'fetch_error column',
    ]);
    expect(describeErrorPlaces(w('r.csv', 'r.models.csv'))).toEqual(['fetch_error column']);
    expect(describeErrorPlaces(w('r.json'))).toEqual(['fetch_error field of the JSON']);
    expect(describeErrorPlaces(w('r.html'))).toEqual(['the HTML page']);
    expect(describeExitCode(3, 1, describeErrorPlaces(w('r.csv')))).toBe(
      'exit code 3: reports written, but 1 task has a fetch_error (fetch_error column)',
    );
  });
});

describe('describeExitCode', () => {
  it.each([
    [0, 0, /^exit code 0: every requested task was fetched$/],
    [3, 1, /^exit code 3: reports written, but 1 task has a fetch_error/],
    [130, 5, /^exit code 130: interrupted \(SIGINT\).*--resume/],
    [143, 5, /^exit code 143: interrupted \(SIGTERM\)/],
  ])('exit %i', (code, failed, text) => {
    expect(describeExitCode(code, failed)).toMatch(text);
  });
});

describe('summariseErrors', () => {
  it('counts reasons, most frequent first, and sums up beyond four', () => {
    const errors = ['a', 'b', 'b', 'c', 'c', 'c', 'd', 'e', 'f'];
    expect(summariseErrors(errors)).toBe('3x c, 2x b, 1x a, 1x d, 2x other reasons');
  });

  it('counts failures of one cause as one reason whatever their trace IDs', () => {
    const errors = [
      'not found (HTTP 404) (trace 5f2c8a1e)',
      'not found (HTTP 404) (trace 77aa01)',
      'gave up after 5 attempts: HTTP 503 (trace x-1)',
      'not found (HTTP 404)',
    ];
    expect(summariseErrors(errors)).toBe('3x not found (HTTP 404), 1x gave up after 5 attempts: HTTP 503');
  });
});

describe('what the closing lines add for the real API (docs/api.md)', () => {
  it('counts the listed tasks that lacked a field, after the errors', () => {
    const lines = formatFinalLines({
      ...base,
      lackingLine: '40 listed tasks lacked AUROC: fetched one by one',
    });
    expect(lines[3]).toBe('40 listed tasks lacked AUROC: fetched one by one');
  });

  it('explains exit 4 after a spent quota: nothing more sent, --resume once the quota allows', () => {
    const lines = formatFinalLines({ ...base, exitCode: 4, quotaExceeded: true });
    expect(lines.at(-1)).toMatch(/^exit code 4: the API quota is spent .*nothing more was sent.*--resume/);
  });
});

describe('formatQuietError', () => {
  it('is one error line for a partial run and nothing for a full one', () => {
    expect(formatQuietError(base)).toBe(
      '2 of 42 tasks could not be fetched (1x not found (HTTP 404), 1x invalid task id); reports written to reports/nclue-tasks-2026-11-30.csv, reports/nclue-tasks-2026-11-30.xlsx (exit code 3)',
    );
    expect(formatQuietError({ ...base, exitCode: 0, failed: 0, errors: [] })).toBeNull();
  });
});
