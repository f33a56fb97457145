import { describe, expect, it } from 'vitest';
import {
  computeLackingShare,
  countAbsentFields,
  createLackingFields,
  describeLackingFields,
  findAbsentFields,
} from '../../src/pipeline/list-item-fields.js';

const WHOLE = { task_id: 'a', AUROC: null, line_count: null, disk_usage: 0, fail_message: null };

describe('findAbsentFields', () => {
  it('takes null as a value: only an absent key counts', () => {
    expect(findAbsentFields(WHOLE)).toEqual([]);
    expect(findAbsentFields({ task_id: 'a' })).toEqual(['AUROC', 'line_count', 'disk_usage', 'fail_message']);
  });

  it('takes a lower-case auroc for AUROC', () => {
    const { AUROC: _, ...rest } = WHOLE;
    expect(findAbsentFields(rest)).toEqual(['AUROC']);
    expect(findAbsentFields({ ...rest, auroc: 0.7 })).toEqual([]);
  });
});

describe('counting and describing', () => {
  it('says how many listed tasks lacked which field', () => {
    const lacking = createLackingFields();
    const { AUROC: _, ...noAuroc } = WHOLE;
    for (let i = 0; i < 40; i++) countAbsentFields(lacking, noAuroc);
    expect(countAbsentFields(lacking, WHOLE)).toBe(false);
    expect(describeLackingFields(lacking)).toBe('40 listed tasks lacked AUROC: fetched one by one');
    countAbsentFields(lacking, { task_id: 'b', AUROC: 1, line_count: 1, disk_usage: 1 });
    expect(describeLackingFields(lacking)).toBe(
      '41 listed tasks lacked AUROC (40), fail_message (1): fetched one by one',
    );
  });

  it('names two fields every task lacked with "and"', () => {
    const lacking = createLackingFields();
    countAbsentFields(lacking, { task_id: 'a', AUROC: 1, line_count: 1 });
    expect(describeLackingFields(lacking)).toBe(
      '1 listed task lacked disk_usage and fail_message: fetched one by one',
    );
  });

  it('computes the share of a page that lacks a field', () => {
    expect(computeLackingShare([])).toBe(0);
    expect(computeLackingShare([WHOLE, { task_id: 'b' }, WHOLE, WHOLE])).toBe(0.25);
  });
});
