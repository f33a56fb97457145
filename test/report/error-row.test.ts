import { describe, expect, it } from 'vitest';
import { createErrorRow } from '../../src/report/error-row.js';
import { REPORT_COLUMNS } from '../../src/core/row.js';

describe('createErrorRow', () => {
  it('keeps only the task ID and the reason', () => {
    const row = createErrorRow('abc', 'HTTP 404 (Not Found)');
    expect(Object.keys(row)).toEqual([...REPORT_COLUMNS]);
    for (const column of REPORT_COLUMNS) {
      const expected =
        column === 'task_id' ? 'abc' : column === 'fetch_error' ? 'HTTP 404 (Not Found)' : null;
      expect(row[column], column).toBe(expected);
    }
  });
});
