import { describe, expect, it } from 'vitest';
import { createErrorRow } from '../../src/report/error-row.js';
import type { RunFacts } from '../../src/core/row.js';
import { summarise, SUMMARY_FAILED_MAX } from '../../src/report/summarise.js';
import { makeRow } from './fixtures/make-row.js';

const FACTS: RunFacts = {
  generatedAt: '2026-01-02T03:04:05.000Z',
  endpoint: 'https://nclue.apigw.ntruss.com/api/v1',
  requested: 3,
  fetched: 2,
  failed: 1,
};

function withAurocs(aurocs: Array<number | null>) {
  return aurocs.map((auroc, index) => makeRow({ task_id: `t${index}`, auroc, status: 'completed' }));
}

describe('summarise', () => {
  it('counts statuses in first-seen order, with buckets for no status and fetch errors', () => {
    const rows = [
      makeRow({ task_id: 'a', status: 'failed' }),
      createErrorRow('b', 'HTTP 404'),
      makeRow({ task_id: 'c', status: 'completed' }),
      makeRow({ task_id: 'd', status: null }),
      makeRow({ task_id: 'e', status: 'failed' }),
      createErrorRow('f', 'timeout'),
    ];
    expect(summarise(rows, FACTS).statusCounts).toEqual([
      { status: 'failed', count: 2 },
      { status: '(fetch error)', count: 2 },
      { status: 'completed', count: 1 },
      { status: '(none)', count: 1 },
    ]);
  });

  it('passes the run facts through', () => {
    expect(summarise([], FACTS).facts).toEqual(FACTS);
  });

  it('has no AUROC statistics and an empty top list when no row has an AUROC', () => {
    const summary = summarise(withAurocs([null, null]), FACTS);
    expect(summary.auroc).toBeNull();
    expect(summary.top).toEqual([]);
  });

  it.each([
    [[0.5], { count: 1, best: 0.5, worst: 0.5, mean: 0.5, median: 0.5 }],
    [[0.9, null, 0.6, 0.75], { count: 3, best: 0.9, worst: 0.6, mean: 0.75, median: 0.75 }], // odd
    [[0.4, 0.9, 0.6, 0.8], { count: 4, best: 0.9, worst: 0.4, mean: 0.675, median: 0.7 }], // even
    [[0.2, 0.2, 1, 1], { count: 4, best: 1, worst: 0.2, mean: 0.6, median: 0.6 }],
  ])('AUROC statistics of %j', (aurocs, expected) => {
    const stats = summarise(withAurocs(aurocs), FACTS).auroc;
    expect(stats).not.toBeNull();
    expect(stats?.count).toBe(expected.count);
    expect(stats?.best).toBe(expected.best);
    expect(stats?.worst).toBe(expected.worst);
    expect(stats?.mean).toBeCloseTo(expected.mean, 12);
    expect(stats?.median).toBeCloseTo(expected.median, 12);
  });

  it('lists the top 10 by AUROC, best first, ties in input order', () => {
    const aurocs = [0.1, 0.95, 0.5, 0.8, 0.8, null, 0.3, 0.7, 0.6, 0.65, 0.2, 0.4, 0.8];
    const top = summarise(withAurocs(aurocs), FACTS).top;
    expect(top).toHaveLength(10);
    expect(top.map((row) => row.auroc)).toEqual([0.95, 0.8, 0.8, 0.8, 0.7, 0.65, 0.6, 0.5, 0.4, 0.3]);
    expect(top.slice(1, 4).map((row) => row.task_id)).toEqual(['t3', 't4', 't12']);
  });

  it.each([
    [[0.5], 0],
    [[0.6, 0.8], 0.1],
    [[0.2, 0.4, 0.4, 0.4, 0.5, 0.5, 0.7, 0.9], 0.2],
  ])('spread of %j is the population standard deviation %d', (aurocs, stdDev) => {
    expect(summarise(withAurocs(aurocs), FACTS).auroc?.stdDev).toBeCloseTo(stdDev, 12);
  });

  it('lists failed tasks in input order, at most SUMMARY_FAILED_MAX, and counts them all', () => {
    const rows = [
      makeRow({ task_id: 'ok', status: 'completed' }),
      ...Array.from({ length: SUMMARY_FAILED_MAX + 3 }, (_, index) =>
        makeRow({ task_id: `f${index}`, status: 'failed', fail_message: 'COMMON_ERROR' }),
      ),
      createErrorRow('gone', 'HTTP 404'),
    ];
    const summary = summarise(rows, FACTS);
    expect(summary.failedTotal).toBe(SUMMARY_FAILED_MAX + 3);
    expect(summary.failed).toHaveLength(SUMMARY_FAILED_MAX);
    expect(summary.failed[0]?.task_id).toBe('f0');
  });

  it('lists fewer than 10 when fewer rows have an AUROC', () => {
    expect(summarise(withAurocs([0.3, null, 0.6]), FACTS).top.map((row) => row.task_id)).toEqual([
      't2',
      't0',
    ]);
  });
});
