import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { REPORT_FIELDS } from '../../src/core/report-field.js';
import { isTemplatePath, listTemplateNames, loadTemplate } from '../../src/templates/load-template.js';

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'templates-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('loadTemplate', () => {
  it('loads the default when no template is named', async () => {
    const template = await loadTemplate(undefined);
    expect(template.name).toBe('default');
    expect(template.labels.title).toBe('NCLUE task report');
    expect(await loadTemplate('default')).toBe(template);
  });

  it('ships default and ko, each listing every field once', async () => {
    expect(await listTemplateNames()).toEqual(['default', 'ko']);
    for (const name of ['default', 'ko']) {
      const template = await loadTemplate(name);
      expect(template.columns.map((column) => column.field).sort(), name).toEqual([...REPORT_FIELDS].sort());
    }
  });

  it('loads ko by name: Korean labels, sorted best AUROC first', async () => {
    const template = await loadTemplate('ko');
    expect(template.language).toBe('ko');
    expect(template.sheets.summary).toBe('요약');
    expect(template.statusLabels.completed).toBe('사용 가능');
    expect(template.sort[0]).toEqual({ field: 'auroc', direction: 'desc' });
  });

  it('loads a user template by path (relative or absolute) and fills the rest from the default', async () => {
    const path = join(folder, 'mine.json');
    await writeFile(
      path,
      '\uFEFF{ "columns": [{ "field": "task_id" }, { "field": "auroc", "label": "점수" }] }',
    );
    for (const given of [path, relative(process.cwd(), path)]) {
      const template = await loadTemplate(given);
      expect(template.columns.map((column) => column.label)).toEqual(['Task ID', '점수']);
      expect(template.sheets.tasks).toBe('Tasks');
    }
  });

  it.each([
    ['nope', /--template nope: no such template; use one of default, ko, or the path of a \.json file/],
    ['../nclue-no-such-template', /--template \.\.\/nclue-no-such-template: the file does not exist/],
    ['missing.json', /--template missing\.json: the file does not exist/],
    ['bad name!', /neither a template name nor a \.json file/],
  ])('rejects %j with a UsageError', async (given, message) => {
    const error = await loadTemplate(given).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
  });

  it('says when the file is not JSON, and where it fails to validate', async () => {
    const broken = join(folder, 'broken.json');
    await writeFile(broken, '{ "columns": [ }');
    await expect(loadTemplate(broken)).rejects.toThrow(/is not valid JSON/);
    const invalid = join(folder, 'invalid.json');
    await writeFile(invalid, '{ "columns": [{ "field": "score" }] }');
    await expect(loadTemplate(invalid)).rejects.toThrow(/columns\[0\]\.field "score" is not a report field/);
  });
});

describe('isTemplatePath', () => {
  it.each([
    ['ko', false],
    ['my-layout', false],
    ['./ko', true],
    ['templates\\ko', true],
    ['ko.json', true],
    ['KO.JSON', true],
  ])('%j → %s', (text, expected) => {
    expect(isTemplatePath(text)).toBe(expected);
  });
});
