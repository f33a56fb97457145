import { describe, expect, it } from 'vitest';
import { createHeaderMatcher } from '../../src/history/match-header.js';
import { parsePreviousCsv } from '../../src/history/parse-previous-csv.js';
import { parsePreviousJson } from '../../src/history/parse-previous-json.js';
import { UsageError } from '../../src/core/errors.js';
import { loadTemplate } from '../../src/templates/load-template.js';

const matchFields = createHeaderMatcher([]);

describe('createHeaderMatcher', () => {
  it('knows field names and every given template label, ignoring case, blanks and a BOM', async () => {
    const match = createHeaderMatcher([await loadTemplate('default'), await loadTemplate('ko')]);
    expect(match('task_id')).toBe('task_id');
    expect(match('\uFEFFAUROC ')).toBe('auroc');
    expect(match('task name')).toBe('task_name');
    expect(match('태스크 ID')).toBe('task_id');
    expect(match('이전 AUROC')).toBe('auroc_previous');
    expect(match('score')).toBeNull();
  });
});

describe('parsePreviousCsv', () => {
  it('reads IDs, names, statuses and AUROC exactly, with or without BOM, undoing formula escapes', () => {
    const csv =
      'task_id,task_name,status,auroc,fetch_error\r\n' +
      "a,'=1+2,completed,0.7681659649879657,\r\n" +
      '"b","say ""hi"", ok",failed,,\r\n' +
      "c,''=quoted,,0.30000000000000004,HTTP 404\r\n";
    for (const text of [csv, `\uFEFF${csv}`]) {
      const report = parsePreviousCsv(text, 'old.csv', matchFields);
      expect(report).toMatchObject({ source: 'old.csv', format: 'csv', generatedAt: null });
      expect(report.rows).toEqual([
        {
          task_id: 'a',
          task_name: '=1+2',
          status: 'completed',
          auroc: 0.7681659649879657,
          fetchError: false,
        },
        { task_id: 'b', task_name: 'say "hi", ok', status: 'failed', auroc: null, fetchError: false },
        { task_id: 'c', task_name: "'=quoted", status: null, auroc: 0.30000000000000004, fetchError: true },
      ]);
    }
  });

  it('finds the columns wherever they are, by name or label', async () => {
    const match = createHeaderMatcher([await loadTemplate('ko')]);
    const report = parsePreviousCsv('AUROC,태스크 ID,extra\n0.5,x,1\n', 'ko.csv', match);
    expect(report.rows).toEqual([
      { task_id: 'x', task_name: null, status: null, auroc: 0.5, fetchError: false },
    ]);
  });

  it.each([
    ['', /is empty/],
    ['task_name,auroc\nx,0.5\n', /has no task_id column/],
    ['task_id,status\nx,completed\n', /has no auroc column/],
    ['task_id,auroc\nx,N/A\n', /old\.csv line 2: AUROC "N\/A" is not a number/],
    ['task_id,auroc\n,0.5\n', /line 2: the task_id cell is empty/],
  ])('rejects %j with a UsageError', (text, message) => {
    expect(() => parsePreviousCsv(text, 'old.csv', matchFields)).toThrow(UsageError);
    expect(() => parsePreviousCsv(text, 'old.csv', matchFields)).toThrow(message);
  });
});

describe('parsePreviousJson', () => {
  it('reads the rows and the run start of a JSON report', () => {
    const text = JSON.stringify({
      format: 'nclue-report',
      summary: { facts: { generatedAt: '2025-12-01T00:00:00.000Z' } },
      rows: [
        {
          task_id: 'a',
          task_name: '=1+2',
          status: 'completed',
          auroc: 0.7681659649879657,
          fetch_error: null,
        },
        { task_id: 'b', task_name: null, status: null, auroc: null, fetch_error: 'timeout' },
      ],
    });
    expect(parsePreviousJson(`\uFEFF${text}`, 'old.json')).toEqual({
      source: 'old.json',
      format: 'json',
      generatedAt: '2025-12-01T00:00:00.000Z',
      rows: [
        {
          task_id: 'a',
          task_name: '=1+2',
          status: 'completed',
          auroc: 0.7681659649879657,
          fetchError: false,
        },
        { task_id: 'b', task_name: null, status: null, auroc: null, fetchError: true },
      ],
    });
  });

  it('accepts a bare array of rows', () => {
    expect(parsePreviousJson('[{"task_id":"x","auroc":"0.5"}]', 'rows.json').rows[0]?.auroc).toBe(0.5);
  });

  it.each([
    ['{', /is not valid JSON/],
    ['{"summary":{}}', /has no "rows" array/],
    ['{"rows":[{"auroc":0.5}]}', /rows\[0\]: not a report row/],
    ['{"rows":[{"task_id":"x","auroc":true}]}', /AUROC true is not a number/],
  ])('rejects %j with a UsageError', (text, message) => {
    expect(() => parsePreviousJson(text, 'old.json')).toThrow(UsageError);
    expect(() => parsePreviousJson(text, 'old.json')).toThrow(message);
  });
});
