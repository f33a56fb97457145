import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { flattenTask } from '../../src/report/flatten-task.js';
import { REPORT_COLUMNS, type ReportRow } from '../../src/core/row.js';
import { EXAMPLE_ROW } from '../support/example-row.js';

const EXAMPLE_ID = EXAMPLE_ROW.task_id;

/** The response example of the Get task page (docs/api.md, "Get task"). */
function readExample(): Record<string, unknown> {
  const text = readFileSync(new URL('./fixtures/get-task-example.json', import.meta.url), 'utf8');
  return JSON.parse(text) as Record<string, unknown>;
}

describe('flattenTask', () => {
  it('maps the documented Get-task example to the expected row', () => {
    const { row, warnings } = flattenTask(readExample(), EXAMPLE_ID);
    // flattenTask does not rank: auroc_rank stays null until the rows are ranked together.
    const expected: ReportRow = { ...EXAMPLE_ROW, auroc_rank: null };
    expect(row).toEqual(expected);
    expect(Object.keys(row)).toEqual([...REPORT_COLUMNS]);
    expect(warnings).toEqual([]);
  });

  it('uses the requested ID, not the response one', () => {
    const { row } = flattenTask({ ...readExample(), task_id: 'F5AEBC0C' }, 'f5aebc0c');
    expect(row.task_id).toBe('f5aebc0c');
  });

  it.each([
    ['complete', 'completed'],
    ['completed', 'completed'],
    ['failed', 'failed'],
    ['in_progress', 'in_progress'],
    ['Complete', 'Complete'],
  ])('status %s → %s', (status, expected) => {
    expect(flattenTask({ status }, 'id').row.status).toBe(expected);
  });

  it('leaves every field empty for an empty response, without warnings', () => {
    const { row, warnings } = flattenTask({}, 'id-1');
    for (const column of REPORT_COLUMNS) {
      expect(row[column], column).toBe(column === 'task_id' ? 'id-1' : null);
    }
    expect(warnings).toEqual([]);
  });

  it('keeps a failed task with its fail message and no AUROC', () => {
    const { row, warnings } = flattenTask(
      { ...readExample(), status: 'failed', AUROC: null, fail_message: 'NUM_OF_LABEL_INSUFFICIENT' },
      EXAMPLE_ID,
    );
    expect(row.auroc).toBeNull();
    expect(row.fail_message).toBe('NUM_OF_LABEL_INSUFFICIENT');
    expect(warnings).toEqual([]);
  });

  it('stringifies numbers and booleans in text fields', () => {
    const { row, warnings } = flattenTask({ task_name: 12345, train_bucket: true }, 'id');
    expect(row.task_name).toBe('12345');
    expect(row.train_bucket).toBe('true');
    expect(warnings).toEqual([]);
  });

  it('keeps text exactly, Korean and formula-looking text included', () => {
    const { row } = flattenTask({ task_name: '=모델 1, "테스트"\n', fail_message: '' }, 'id');
    expect(row.task_name).toBe('=모델 1, "테스트"\n');
    expect(row.fail_message).toBe('');
  });

  it('empties object and array text fields with a warning each', () => {
    const { row, warnings } = flattenTask({ task_name: { ko: '이름' }, train_file_path: ['a'] }, 'id');
    expect(row.task_name).toBeNull();
    expect(row.train_file_path).toBeNull();
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('task_name');
    expect(warnings[1]).toContain('train_file_path');
  });

  it('passes a non-numeric AUROC warning through', () => {
    const { row, warnings } = flattenTask({ AUROC: 'N/A' }, 'id');
    expect(row.auroc).toBeNull();
    expect(warnings).toEqual([expect.stringContaining('"N/A"')]);
  });

  it('accepts a numeric AUROC and a lower-case auroc field', () => {
    expect(flattenTask({ AUROC: 0.91 }, 'id').row.auroc).toBe(0.91);
    expect(flattenTask({ auroc: '0.91' }, 'id').row.auroc).toBe(0.91);
  });

  it.each([
    [93734, 93734],
    ['93734', 93734],
    [' 42 ', 42],
    [0, 0],
    ['', null],
    [null, null],
  ])('line_count %o → %o without a warning', (raw, expected) => {
    const { row, warnings } = flattenTask({ line_count: raw }, 'id');
    expect(row.line_count).toBe(expected);
    expect(warnings).toEqual([]);
  });

  it.each([[-1], [1.5], ['12abc'], ['-3'], [true], [{}], [Number.NaN], [2 ** 60]])(
    'line_count %o → null with a warning',
    (raw) => {
      const { row, warnings } = flattenTask({ line_count: raw }, 'id');
      expect(row.line_count).toBeNull();
      expect(warnings).toEqual([expect.stringContaining('line_count')]);
    },
  );

  it('formats disk usage from bytes given as a string', () => {
    const { row } = flattenTask({ disk_usage: '512' }, 'id');
    expect(row.disk_usage_bytes).toBe(512);
    expect(row.disk_usage).toBe('0.5 KB');
  });

  it('leaves both disk usage columns empty for a bad size', () => {
    const { row, warnings } = flattenTask({ disk_usage: '40 MB' }, 'id');
    expect(row.disk_usage).toBeNull();
    expect(row.disk_usage_bytes).toBeNull();
    expect(warnings).toEqual([expect.stringContaining('disk_usage')]);
  });

  describe('duration_seconds', () => {
    it.each([
      ['2024-11-26T11:48:16', '2024-11-26T11:49:55', 99],
      ['2024-11-26 11:48:16', '2024-11-26 11:48:16', 0],
      ['2024-11-26T11:48:16.200', '2024-11-26T11:48:17.900', 2], // 1.7 s rounds to 2
      ['2024-11-26T23:59:59', '2024-11-27T00:00:01', 2],
      ['2024-11-26T11:48:16+09:00', '2024-11-26T02:49:16Z', 60], // offsets honoured
    ])('%s → %s = %d s', (createdAt, completedAt, expected) => {
      const { row, warnings } = flattenTask({ created_at: createdAt, completed_at: completedAt }, 'id');
      expect(row.duration_seconds).toBe(expected);
      expect(warnings).toEqual([]);
    });

    it.each([
      [undefined, '2024-11-26T11:49:55'],
      ['2024-11-26T11:48:16', null],
      ['2024-11-26T11:48:16', ''],
    ])('is null without a warning while a time is missing (%o, %o)', (createdAt, completedAt) => {
      const { row, warnings } = flattenTask({ created_at: createdAt, completed_at: completedAt }, 'id');
      expect(row.duration_seconds).toBeNull();
      expect(warnings).toEqual([]);
    });

    it('is null with a warning when a time does not parse', () => {
      const { row, warnings } = flattenTask(
        { created_at: '2024-11-26T11:48:16', completed_at: 'tomorrow' },
        'id',
      );
      expect(row.duration_seconds).toBeNull();
      expect(row.completed_at).toBe('tomorrow');
      expect(warnings).toEqual([expect.stringContaining('completed_at "tomorrow"')]);
    });

    it('is null with a warning when completion precedes creation', () => {
      const { row, warnings } = flattenTask(
        { created_at: '2024-11-26T11:49:55', completed_at: '2024-11-26T11:48:16' },
        'id',
      );
      expect(row.duration_seconds).toBeNull();
      expect(warnings).toEqual([expect.stringContaining('before')]);
    });
  });
});
