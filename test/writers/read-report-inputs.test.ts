import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readReportInputs } from '../../src/writers/read-report-inputs.js';

let dir: string;
let template: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nclue-inputs-'));
  template = join(dir, 'team.json');
  await writeFile(
    template,
    JSON.stringify({
      columns: [{ field: 'task_id' }, { field: 'auroc' }],
      models: { aliases: { 'LTV forecast': 'LTV 예측', 'Churn v1': 'Churn' } },
    }),
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readReportInputs: how models are named', () => {
  it('takes a template’s aliases, a flag or the config winning for the same old name', async () => {
    const inputs = await readReportInputs({
      template,
      compare: [],
      modelAliases: { 'LTV forecast': '고객 생애가치(LTV) 예측', 'Upsell 2025': 'Upsell' },
    });
    expect(inputs.naming.aliases).toEqual({
      'LTV forecast': '고객 생애가치(LTV) 예측',
      'Churn v1': 'Churn',
      'Upsell 2025': 'Upsell',
    });
  });

  it('has no aliases without any', async () => {
    expect((await readReportInputs({ template: undefined, compare: [] })).naming.aliases).toEqual({});
  });
});
