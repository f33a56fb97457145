import { describe, expect, it } from 'vitest';
import { describeRawValue } from '../../src/report/describe-raw-value.js';

describe('describeRawValue', () => {
  it.each([
    ['N/A', '"N/A"'],
    ['', '""'],
    [' x\n', '" x\\n"'],
    [12.5, '12.5'],
    [Number.NaN, 'NaN'],
    [true, 'true'],
    [null, 'null'],
    [undefined, 'undefined'],
    [10n, '10n'],
    [{ a: 1 }, '{"a":1}'],
    [[1, 2], '[1,2]'],
  ])('%o → %s', (value, expected) => {
    expect(describeRawValue(value)).toBe(expected);
  });

  it('truncates long values to 40 characters with an ellipsis', () => {
    const described = describeRawValue('x'.repeat(100));
    expect(Array.from(described)).toHaveLength(40);
    expect(described.endsWith('…')).toBe(true);
    expect(described.startsWith('"xxx')).toBe(true);
  });

  it('describes a circular object by its kind instead of throwing', () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(describeRawValue(circular)).toBe('(object)');
  });
});
