import { describe, expect, it } from 'vitest';
import { compareReports } from '../../src/history/compare-reports.js';
import type { PreviousReport, PreviousRow } from '../../src/core/previous-report.js';
import { createErrorRow } from '../../src/report/error-row.js';
import { makeRow } from '../report/fixtures/make-row.js';

function previous(rows: PreviousRow[]): PreviousReport {
  return { source: 'old.csv', format: 'csv', generatedAt: '2025-12-01T00:00:00.000Z', rows };
}

function was(
  task_id: string,
  status: string | null,
  auroc: number | null,
  task_name: string | null = null,
): PreviousRow {
  return { task_id, task_name, status, auroc, fetchError: false };
}

describe('compareReports', () => {
  const current = [
    makeRow({ task_id: 'A-UP', task_name: 'up', status: 'completed', auroc: 0.9 }),
    makeRow({ task_id: 'b-down', task_name: 'down', status: 'completed', auroc: 0.6 }),
    makeRow({ task_id: 'c-same', status: 'completed', auroc: 0.75 }),
    makeRow({ task_id: 'd-done', status: 'completed', auroc: 0.8 }),
    makeRow({ task_id: 'e-new', task_name: 'fresh', status: 'pending' }),
    makeRow({ task_id: 'f-tiny', status: 'completed', auroc: 0.7000000000000001 }),
    createErrorRow('g-lost', 'HTTP 404'),
  ];
  const before = previous([
    was('a-up', 'completed', 0.8),
    was('B-DOWN', 'completed', 0.75),
    was('c-same', 'completed', 0.75),
    was('d-done', 'in_progress', null),
    was('f-tiny', 'completed', 0.7),
    was('g-lost', 'completed', 0.65),
    was('h-gone', 'failed', null, 'retired'),
  ]);
  const comparison = compareReports(current, before);

  it('matches tasks by lower-cased ID and fills the comparison columns', () => {
    // Differences rounded to 6 decimals: 0.9 − 0.8 is 0.1, not 0.09999999999999998.
    expect(comparison.byTaskKey.get('a-up')).toEqual({
      auroc_previous: 0.8,
      auroc_delta: 0.1,
      status_previous: 'completed',
      previous_task_id: 'a-up',
    });
    expect(comparison.byTaskKey.get('b-down')?.auroc_delta).toBe(-0.15);
    expect(comparison.byTaskKey.get('c-same')).toEqual({
      auroc_previous: 0.75,
      auroc_delta: 0,
      status_previous: 'completed',
      previous_task_id: 'c-same',
    });
    expect(comparison.byTaskKey.get('d-done')).toEqual({
      auroc_previous: null,
      auroc_delta: null,
      status_previous: 'in_progress',
      previous_task_id: 'd-done',
    });
    expect(comparison.byTaskKey.has('e-new')).toBe(false);
  });

  it('lists moves largest first, then status changes, new and gone tasks; unchanged tasks (and a move under 0.0000005) are left out', () => {
    expect(comparison.changes.map((change) => [change.kind, change.task_id])).toEqual([
      ['auroc', 'b-down'],
      ['auroc', 'A-UP'],
      ['status', 'd-done'],
      ['status', 'g-lost'],
      ['new', 'e-new'],
      ['gone', 'h-gone'],
    ]);
  });

  it('keeps every value a change needs, at full precision', () => {
    const byId = new Map(comparison.changes.map((change) => [change.task_id, change]));
    expect(byId.has('f-tiny')).toBe(false);
    expect(comparison.byTaskKey.get('f-tiny')).toMatchObject({ auroc_previous: 0.7, auroc_delta: 0 });
    expect(byId.get('b-down')).toMatchObject({ auroc: 0.6, auroc_previous: 0.75, auroc_delta: -0.15 });
    expect(byId.get('g-lost')).toMatchObject({
      status: '(fetch error)',
      status_previous: 'completed',
      auroc: null,
      auroc_previous: 0.65,
      auroc_delta: null,
    });
    expect(byId.get('e-new')).toMatchObject({
      task_name: 'fresh',
      status: 'pending',
      status_previous: null,
      auroc_previous: null,
    });
    expect(byId.get('h-gone')).toMatchObject({
      task_name: 'retired',
      status: null,
      status_previous: 'failed',
    });
    expect(comparison.previous).toEqual({
      source: 'old.csv',
      generatedAt: '2025-12-01T00:00:00.000Z',
      rows: 7,
    });
  });

  it('treats a previous fetch error as a status of its own, and lists no change between equal reports', () => {
    const fetched = [makeRow({ task_id: 'x', status: 'completed', auroc: 0.5 })];
    const lost = compareReports(
      fetched,
      previous([{ task_id: 'x', task_name: null, status: null, auroc: null, fetchError: true }]),
    );
    expect(lost.changes).toMatchObject([
      { kind: 'status', status_previous: '(fetch error)', status: 'completed' },
    ]);
    expect(lost.byTaskKey.get('x')?.status_previous).toBeNull();
    expect(compareReports(fetched, previous([was('X', 'completed', 0.5)])).changes).toEqual([]);
  });

  it('uses the first of duplicate previous IDs', () => {
    const result = compareReports(
      [makeRow({ task_id: 'x', status: 'completed', auroc: 0.5 })],
      previous([was('x', 'completed', 0.4), was('X', 'completed', 0.1)]),
    );
    expect(result.byTaskKey.get('x')?.auroc_previous).toBe(0.4);
  });
});

describe('compareReports with a previous report that lacks columns', () => {
  it('counts no status change when the previous report had no status column', () => {
    const now = [makeRow({ task_id: 'a', status: 'completed', auroc: 0.8 })];
    const comparison = compareReports(now, previous([was('a', null, 0.8)]));
    expect(comparison.changes).toEqual([]);
  });

  it('counts no AUROC move when the previous report had no AUROC column', () => {
    const now = [makeRow({ task_id: 'a', status: 'completed', auroc: 0.8 })];
    const comparison = compareReports(now, previous([was('a', 'completed', null)]));
    expect(comparison.changes).toEqual([]);
  });

  it('still sees a fetch error appear when statuses are unknown', () => {
    const now = [createErrorRow('a', 'not found (HTTP 404)')];
    const comparison = compareReports(now, previous([was('a', null, 0.8)]));
    expect(comparison.changes.map((c) => c.kind)).toEqual(['status']);
  });
});
