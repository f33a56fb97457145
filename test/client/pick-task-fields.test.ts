import { describe, expect, it } from 'vitest';
import { MAX_VALUE_DEPTH, pickTaskFields } from '../../src/client/pick-task-fields.js';

function nested(depth: number): unknown {
  return JSON.parse('['.repeat(depth) + ']'.repeat(depth));
}

describe('pickTaskFields', () => {
  it('keeps the documented fields as they are and drops every other one', () => {
    const task = {
      task_id: 'a',
      task_name: '모델',
      status: 'completed',
      AUROC: '0.9',
      line_count: 3,
      fail_message: null,
      extra: nested(5000),
      __proto__x: 1,
    };
    expect(pickTaskFields(task)).toEqual({
      task_id: 'a',
      task_name: '모델',
      status: 'completed',
      AUROC: '0.9',
      line_count: 3,
      fail_message: null,
    });
  });

  it('bounds the nesting of a wrong-typed documented field, so it can be serialised', () => {
    const picked = pickTaskFields({
      task_id: 'a',
      task_name: nested(5000),
      status: { a: { b: { c: { d: { e: 1 } } } } },
    });
    expect(() => JSON.stringify(picked)).not.toThrow();
    expect(JSON.stringify(picked.task_name)).toBe(
      '['.repeat(MAX_VALUE_DEPTH + 1) + ']'.repeat(MAX_VALUE_DEPTH + 1),
    );
    expect(picked.status).toEqual({ a: { b: { c: { d: {} } } } });
  });

  it('does not change its input', () => {
    const task = { task_id: 'a', other: 1 };
    pickTaskFields(task);
    expect(task).toEqual({ task_id: 'a', other: 1 });
  });
});
