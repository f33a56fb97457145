import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { REPORT_FIELDS } from '../../src/core/report-field.js';
import { TEMPLATES_DIR } from '../../src/templates/load-template.js';
import { parseTemplate } from '../../src/templates/parse-template.js';
import type { Template } from '../../src/templates/template.js';

let base: Template;

beforeAll(async () => {
  base = parseTemplate(
    JSON.parse(await readFile(join(TEMPLATES_DIR, 'default.json'), 'utf8')),
    'default',
    null,
  );
});

function parse(value: unknown): Template {
  return parseTemplate(value, 'mine.json', base);
}

function problemOf(value: unknown): string {
  try {
    parse(value);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('parseTemplate', () => {
  it('reads the bundled default: every report column in contract order, input order, CSV contract', () => {
    // Every field once; the name first, then the model, status, AUROC, rank and change; IDs after.
    const fields = base.columns.map((column) => column.field);
    expect([...fields].sort()).toEqual([...REPORT_FIELDS].sort());
    expect(fields.slice(0, 6)).toEqual([
      'task_name',
      'model',
      'status',
      'auroc',
      'auroc_rank',
      'auroc_delta',
    ]);
    expect(fields.indexOf('task_id')).toBeGreaterThan(fields.indexOf('fetch_error'));
    expect(base.sort).toEqual([]);
    expect(base.csv).toEqual({ followTemplate: false, header: 'field' });
    expect(base.sheets).toEqual({
      tasks: 'Tasks',
      summary: 'Summary',
      models: 'Models',
      errors: 'Errors',
      changes: 'Changes',
    });
    expect(base.models).toEqual({ key: 'name', pattern: null, aliases: {} });
    expect(base.trendLabels.not_retrained).toBe('not retrained');
  });

  it('reads models.aliases, old name → new, and refuses one that is not text', () => {
    const template = parse({
      columns: [{ field: 'task_id' }],
      models: { aliases: { 'LTV forecast': '고객 생애가치(LTV) 예측' } },
    });
    expect(template.models.aliases).toEqual({ 'LTV forecast': '고객 생애가치(LTV) 예측' });
    expect(() => parse({ columns: [{ field: 'task_id' }], models: { aliases: { old: 3 } } })).toThrow(
      /models\.aliases\."old"/,
    );
    expect(() => parse({ columns: [{ field: 'task_id' }], models: { aliases: ['a=b'] } })).toThrow(
      UsageError,
    );
  });

  it('fills what a user template leaves out from the default', () => {
    const template = parse({
      columns: [{ field: 'task_id' }, { field: 'auroc', label: 'Score', format: '0.00' }],
    });
    expect(template.name).toBe('mine.json');
    expect(template.language).toBe('en');
    expect(template.columns).toEqual([
      { field: 'task_id', label: 'Task ID', format: null, width: null, visible: true },
      { field: 'auroc', label: 'Score', format: '0.00', width: null, visible: true },
    ]);
    expect(template.labels).toEqual(base.labels);
    expect(template.statusLabels.completed).toBe('Available');
  });

  it('reads widths, visibility, sort keys, labels, status labels, hints and the CSV layout', () => {
    const template = parse({
      name: 'weekly',
      language: 'ko',
      columns: [
        { field: 'task_id', width: 40 },
        { field: 'task_name', width: 'auto', visible: false },
        { field: 'auroc' },
      ],
      sort: [{ field: 'auroc', direction: 'desc' }, { field: 'task_name' }],
      sheets: { tasks: 'Weekly' },
      labels: { title: 'Weekly models' },
      statusLabels: { completed: 'Done' },
      hints: { COMMON_ERROR: 'Call Kim.' },
      csv: { followTemplate: true, header: 'label' },
    });
    expect(template.columns[0]?.width).toBe(40);
    expect(template.columns[1]).toMatchObject({ width: null, visible: false });
    expect(template.sort).toEqual([
      { field: 'auroc', direction: 'desc' },
      { field: 'task_name', direction: 'asc' },
    ]);
    expect(template.sheets).toMatchObject({ tasks: 'Weekly', summary: 'Summary' });
    expect(template.labels.title).toBe('Weekly models');
    expect(template.statusLabels).toMatchObject({ completed: 'Done', failed: 'Failed' });
    expect(template.hints).toEqual({ COMMON_ERROR: 'Call Kim.' });
    expect(template.csv).toEqual({ followTemplate: true, header: 'label' });
    expect(template.language).toBe('ko');
  });

  it.each<[string, unknown, RegExp]>([
    ['not an object', [], /the file must be a JSON object/],
    [
      'an unknown top-level key',
      { columns: [{ field: 'task_id' }], colums: [] },
      /"colums" is not a known key/,
    ],
    ['no columns', {}, /"columns" must be a non-empty array/],
    ['an empty column list', { columns: [] }, /"columns" must be a non-empty array/],
    [
      'an unknown field',
      { columns: [{ field: 'task_id' }, { field: 'score' }] },
      /columns\[1\]\.field "score" is not a report field; use one of task_id, /,
    ],
    [
      'a duplicate column',
      { columns: [{ field: 'task_id' }, { field: 'task_id' }] },
      /columns\[1\]\.field "task_id" is listed twice/,
    ],
    [
      'a duplicate label',
      {
        columns: [
          { field: 'task_id', label: 'X' },
          { field: 'auroc', label: 'x' },
        ],
      },
      /columns\[1\]\.label "x" is also the label of task_id/,
    ],
    ['no task_id', { columns: [{ field: 'auroc' }] }, /must include the field "task_id"/],
    [
      'a bad number format',
      { columns: [{ field: 'task_id' }, { field: 'auroc', format: '0.00 km' }] },
      /columns\[1\]\.format "0\.00 km" contains "k"/,
    ],
    [
      'a date format on a number',
      { columns: [{ field: 'task_id' }, { field: 'line_count', format: 'yyyy' }] },
      /date\/time format, but the field holds a number/,
    ],
    [
      'a format that is no text',
      { columns: [{ field: 'task_id' }, { field: 'auroc', format: 4 }] },
      /columns\[1\]\.format must be an Excel number format text/,
    ],
    [
      'a zero width',
      { columns: [{ field: 'task_id', width: 0 }] },
      /columns\[0\]\.width must be a number of characters from 1 to 255/,
    ],
    ['a huge width', { columns: [{ field: 'task_id', width: 300 }] }, /from 1 to 255/],
    ['a text width', { columns: [{ field: 'task_id', width: 'wide' }] }, /from 1 to 255, or "auto"/],
    [
      'a non-boolean visible',
      { columns: [{ field: 'task_id', visible: 'no' }] },
      /columns\[0\]\.visible must be true or false/,
    ],
    [
      'an unknown column key',
      { columns: [{ field: 'task_id', colour: 'red' }] },
      /columns\[0\]\.colour is not a known key/,
    ],
    [
      'a sort on a missing column',
      { columns: [{ field: 'task_id' }], sort: [{ field: 'auroc' }] },
      /sort\[0\]\.field "auroc" is not one of the template's columns/,
    ],
    [
      'a bad direction',
      { columns: [{ field: 'task_id' }], sort: [{ field: 'task_id', direction: 'down' }] },
      /sort\[0\]\.direction must be "asc" or "desc"/,
    ],
    [
      'a bad sheet name',
      { columns: [{ field: 'task_id' }], sheets: { tasks: 'a/b' } },
      /sheets\.tasks "a\/b" contains "\/"/,
    ],
    [
      'two sheets of one name',
      { columns: [{ field: 'task_id' }], sheets: { errors: 'summary' } },
      /sheets\.errors "summary" is the name of another sheet/,
    ],
    [
      'an unknown label',
      { columns: [{ field: 'task_id' }], labels: { titel: 'x' } },
      /labels\.titel is not a known key/,
    ],
    [
      'an empty label',
      { columns: [{ field: 'task_id' }], labels: { title: ' ' } },
      /labels\.title must be a non-empty text/,
    ],
    [
      'an unknown language',
      { columns: [{ field: 'task_id' }], language: 'jp' },
      /"language" must be one of "en", "ko"/,
    ],
    [
      'a bad CSV header',
      { columns: [{ field: 'task_id' }], csv: { header: 'both' } },
      /csv\.header must be "field"/,
    ],
  ])('rejects %s with a message naming the place', (_case, value, problem) => {
    const message = problemOf(value);
    expect(message).toMatch(/^--template mine\.json: /);
    expect(message).toMatch(problem);
  });

  it('requires every label and sheet name when there is no base template', () => {
    expect(() => parseTemplate({ columns: [{ field: 'task_id' }] }, 'bare', null)).toThrow(
      /--template bare: sheets\.tasks is missing/,
    );
  });
});
