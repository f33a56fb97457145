import { describe, expect, it } from 'vitest';
import {
  chooseBenchSizes,
  formatBenchDuration,
  FULL_BENCH_SIZES,
  QUICK_BENCH_SIZES,
  QUICK_BUDGET_MS,
} from '../../bench/bench-sizes.js';
import { planPacingCases } from '../../bench/pacing.js';
import { IN_MEMORY_MAX_TASKS } from '../../src/writers/xlsx.js';

describe('benchmark sizes', () => {
  it('keeps the full run as it was', () => {
    expect(FULL_BENCH_SIZES).toEqual({
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
    });
    expect(chooseBenchSizes(false)).toBe(FULL_BENCH_SIZES);
  });

  it('makes every --quick size smaller than the full one, with at least one run of each', () => {
    for (const key of Object.keys(FULL_BENCH_SIZES) as Array<keyof typeof FULL_BENCH_SIZES>) {
      expect(QUICK_BENCH_SIZES[key], key).toBeLessThanOrEqual(FULL_BENCH_SIZES[key]);
      expect(QUICK_BENCH_SIZES[key], key).toBeGreaterThanOrEqual(1);
    }
    expect(QUICK_BENCH_SIZES.rows).toBeLessThan(FULL_BENCH_SIZES.rows);
    expect(QUICK_BENCH_SIZES.historyReports).toBeGreaterThanOrEqual(2);
  });

  it('keeps the streamed workbook rows in --quick: its size is above the in-memory threshold', () => {
    expect(QUICK_BENCH_SIZES.rows).toBeGreaterThan(IN_MEMORY_MAX_TASKS);
    expect(QUICK_BENCH_SIZES.memoryRows).toBeLessThanOrEqual(IN_MEMORY_MAX_TASKS);
  });

  it('lets --rows set the streamed size and caps the smaller ones by it', () => {
    expect(chooseBenchSizes(false, { rows: 5_000 })).toMatchObject({
      rows: 5_000,
      memoryRows: 5_000,
      csvRows: 5_000,
    });
    expect(chooseBenchSizes(true, { rows: 50_000 })).toMatchObject({
      rows: 50_000,
      memoryRows: QUICK_BENCH_SIZES.memoryRows,
      csvRows: QUICK_BENCH_SIZES.csvRows,
    });
    expect(chooseBenchSizes(true, { rows: 800 })).toMatchObject({ rows: 800, memoryRows: 800, csvRows: 800 });
  });

  it('says whether --quick kept to its two minutes', () => {
    expect(QUICK_BUDGET_MS).toBe(120_000);
    expect(formatBenchDuration('1 min 31 s', 91_000, true)).toBe(
      'Benchmark took 1 min 31 s: within the --quick budget of 2 min.',
    );
    expect(formatBenchDuration('2 min 5 s', 125_000, true)).toBe(
      'Benchmark took 2 min 5 s: over the --quick budget of 2 min.',
    );
    expect(formatBenchDuration('12 min 56 s', 776_000, false)).toBe('Benchmark took 12 min 56 s.');
  });
});

describe('pacing cases', () => {
  it('runs every case of the full run in --quick but the 10,000-GET one, smaller and once', () => {
    const full = planPacingCases(false);
    const quick = planPacingCases(true);
    expect(full.named.map((c) => c.label)).toContain('Pacing: 10,000 GETs');
    expect(quick.named.map((c) => c.label)).toEqual(
      full.named.map((c) => c.label).filter((label) => label !== 'Pacing: 10,000 GETs'),
    );
    for (const c of [...quick.named, ...quick.grid]) {
      expect(c.runs, c.label).toBe(1);
      // About a second of requests at most (2 IDs at least), except the whole-process case.
      if (c.measure === 'fetch') expect(c.ids, c.label).toBeLessThanOrEqual(Math.max(2, c.rps));
    }
    // The grid keeps every rate, at two of its latencies.
    expect(new Set(quick.grid.map((c) => c.rps))).toEqual(new Set(full.grid.map((c) => c.rps)));
    expect(quick.grid.length).toBeLessThan(full.grid.length);
  });

  it('keeps the issue small run in --quick: 8 IDs at 1/s with 1.5 s latency, whole process', () => {
    const small = planPacingCases(true).named.find((c) => c.label === 'Pacing: whole process');
    expect(small).toMatchObject({ ids: 8, rps: 1, latencyMs: 1500, measure: 'process', runs: 1 });
    const full = planPacingCases(false).named.find((c) => c.label === 'Pacing: whole process');
    expect(full).toMatchObject({ ids: 8, rps: 1, latencyMs: 1500, measure: 'process', runs: 3 });
  });
});
