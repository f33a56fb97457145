import { describe, expect, it } from 'vitest';
import { parseAuroc } from '../../src/report/parse-auroc.js';

describe('parseAuroc', () => {
  it.each([
    ['0.7681659649879657', 0.7681659649879657],
    ['  0.5 ', 0.5],
    ['1', 1],
    ['0', 0],
    ['.25', 0.25],
    ['7.5e-1', 0.75],
    ['1E-3', 0.001],
    [0.7681659649879657, 0.7681659649879657],
    [0, 0],
    [1, 1],
  ])('%o → %d without a warning', (raw, expected) => {
    const parsed = parseAuroc(raw);
    expect(parsed.value).toBe(expected);
    expect(parsed.warning).toBeUndefined();
  });

  it('keeps the exact double that Number() gives for the documented example', () => {
    expect(parseAuroc('0.7681659649879657').value).toBe(Number('0.7681659649879657'));
    expect(String(parseAuroc('0.7681659649879657').value)).toBe('0.7681659649879657');
  });

  it.each([[null], [undefined], [''], ['   ']])('%o → null without a warning (no AUROC yet)', (raw) => {
    expect(parseAuroc(raw)).toEqual({ value: null });
  });

  it.each([
    ['N/A', '"N/A"'],
    ['abc', '"abc"'],
    ['0x1', '"0x1"'],
    ['Infinity', '"Infinity"'],
    ['1e999', '"1e999"'],
    ['0.5.1', '"0.5.1"'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
    [true, 'true'],
    [{ value: 0.5 }, '{"value":0.5}'],
    [[0.5], '[0.5]'],
  ])('%o → null with a warning naming the raw value', (raw, shown) => {
    const parsed = parseAuroc(raw);
    expect(parsed.value).toBeNull();
    expect(parsed.warning).toContain(shown);
    expect(parsed.warning).toContain('not a number');
  });

  it('truncates a long raw value in the warning', () => {
    const parsed = parseAuroc('N/A '.repeat(50));
    expect(parsed.value).toBeNull();
    expect(parsed.warning).toContain('…');
    expect(parsed.warning).not.toContain('N/A '.repeat(20));
  });

  it.each([[1.5], ['-0.1'], ['2']])('keeps %o outside 0–1 but warns', (raw) => {
    const parsed = parseAuroc(raw);
    expect(parsed.value).toBe(Number(raw));
    expect(parsed.warning).toContain('outside 0–1');
  });
});
