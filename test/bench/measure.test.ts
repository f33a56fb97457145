import { describe, expect, it } from 'vitest';
import {
  computeConcurrency,
  computeFetchMs,
  computeIdealMs,
  computeMinGapMs,
  formatBenchTable,
  formatMiB,
  formatMs,
  median,
  type BenchRow,
} from '../../bench/measure.js';
import { createSyntheticTasks, syntheticTaskId } from '../../bench/synthetic-tasks.js';
import { isValidTaskId } from '../../src/input/parse-task-ids.js';
import { flattenTask } from '../../src/report/flatten-task.js';

describe('benchmark arithmetic', () => {
  it.each([
    [1, 1, 0, 0],
    [200, 20, 250, 10_200],
    [10_000, 1, 0, 9_999_000],
    [3, 2, 100, 1_100],
  ])('%i requests at %i/s with %i ms latency ideally take %i ms', (n, rps, latency, ms) => {
    expect(computeIdealMs(n, rps, latency)).toBe(ms);
  });

  it('measures the fetch phase from the first arrival to the last answer', () => {
    expect(computeFetchMs([1000, 1050, 1100], 250)).toBe(350);
    expect(computeFetchMs([], 250)).toBe(0);
  });

  it('finds the shortest gap between arrivals, in any order', () => {
    expect(computeMinGapMs([100, 0, 150, 300])).toBe(50);
    expect(computeMinGapMs([5])).toBe(Number.POSITIVE_INFINITY);
  });

  it('keeps ceil(L·R) + 1 requests in flight, plus one for jitter', () => {
    expect(computeConcurrency(20, 250)).toBe(7);
    expect(computeConcurrency(1, 300)).toBe(3);
  });

  it('takes the median of odd and even counts', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it.each([
    [137, '137 ms'],
    [10_503, '10.50 s'],
    [100_000, '1 min 40 s'],
    [9_999_000, '2 h 46 min'],
  ])('formats %i ms as %s', (ms, text) => {
    expect(formatMs(ms)).toBe(text);
  });

  it('formats KiB as MiB', () => {
    expect(formatMiB(512 * 1024)).toBe('512 MiB');
    expect(formatMiB(null)).toBe('n/a');
  });

  it('prints one aligned Markdown table with a mark per target', () => {
    const row: BenchRow = {
      benchmark: 'ID mode',
      setup: '200 IDs',
      requests: '200',
      throttled: '0',
      time: '10.50 s',
      reference: 'ideal 10.20 s',
      ratio: '1.030',
      peakRss: '104 MiB',
      target: 'ratio ≤ 1.05',
      met: true,
    };
    const lines = formatBenchTable([row, { ...row, benchmark: 'List', met: false }]).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^\| benchmark \| setup +\| requests \| 429s \|/);
    expect(lines[2]).toContain('| ✓ ratio ≤ 1.05 |');
    expect(lines[3]).toContain('| ✗ ratio ≤ 1.05 |');
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
  });
});

describe('createSyntheticTasks', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    expect(createSyntheticTasks(50, 7)).toEqual(createSyntheticTasks(50, 7));
    expect(createSyntheticTasks(50, 7)).not.toEqual(createSyntheticTasks(50, 8));
  });

  it('makes unique, valid task IDs and tasks the report flattens without warnings', () => {
    const tasks = createSyntheticTasks(500);
    const ids = tasks.map((t) => String(t.task_id));
    expect(new Set(ids).size).toBe(500);
    expect(ids.every(isValidTaskId)).toBe(true);
    expect(ids[3]).toBe(syntheticTaskId(3));
    for (const task of tasks) expect(flattenTask(task, String(task.task_id)).warnings).toEqual([]);
  });
});
