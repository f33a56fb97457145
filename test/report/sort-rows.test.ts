import { describe, expect, it } from 'vitest';
import type { ReportField } from '../../src/core/report-field.js';
import type { ReportRow } from '../../src/core/row.js';
import { sortRows } from '../../src/report/sort-rows.js';
import type { SortKey } from '../../src/core/template-types.js';
import { makeRow } from './fixtures/make-row.js';

const read = (row: ReportRow, field: ReportField) =>
  field in row ? (row[field as keyof ReportRow] ?? null) : null;
const ids = (rows: ReportRow[]) => rows.map((row) => row.task_id);

const ROWS = [
  makeRow({ task_id: 'a', task_name: 'task 10', auroc: 0.7, created_at: '2024-11-26T11:48:16' }),
  makeRow({ task_id: 'b', task_name: 'Task 2', auroc: null, created_at: '2024-11-26T11:48:16+09:00' }),
  makeRow({ task_id: 'c', task_name: '나 모델', auroc: 0.9, created_at: 'soon' }),
  makeRow({ task_id: 'd', task_name: null, auroc: 0.7, created_at: null }),
  makeRow({ task_id: 'e', task_name: '가 모델', auroc: 0.8, created_at: '2024-01-01 00:00:00' }),
];

describe('sortRows', () => {
  it.each<[string, SortKey[], string[]]>([
    ['no keys: input order', [], ['a', 'b', 'c', 'd', 'e']],
    [
      'AUROC descending, ties in input order, empty last',
      [{ field: 'auroc', direction: 'desc' }],
      ['c', 'e', 'a', 'd', 'b'],
    ],
    ['AUROC ascending, empty still last', [{ field: 'auroc', direction: 'asc' }], ['a', 'd', 'e', 'c', 'b']],
    [
      'text: numbers by value, case ignored, Hangul in dictionary order',
      [{ field: 'task_name', direction: 'asc' }],
      ['b', 'a', 'e', 'c', 'd'],
    ],
    [
      'dates by instant (an offset counts), unparseable after, empty last',
      [{ field: 'created_at', direction: 'asc' }],
      ['e', 'b', 'a', 'c', 'd'],
    ],
    [
      'a second key breaks ties',
      [
        { field: 'auroc', direction: 'desc' },
        { field: 'task_id', direction: 'desc' },
      ],
      ['c', 'e', 'd', 'a', 'b'],
    ],
  ])('%s', (_case, keys, expected) => {
    expect(ids(sortRows(ROWS, keys, read))).toEqual(expected);
  });

  it('returns a new array and leaves the input alone', () => {
    const sorted = sortRows(ROWS, [{ field: 'auroc', direction: 'desc' }], read);
    expect(sorted).not.toBe(ROWS);
    expect(ids(ROWS)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});
