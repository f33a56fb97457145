import { describe, expect, it } from 'vitest';
import { locateJsonError } from '../../src/config/locate-json-error.js';

describe('locateJsonError', () => {
  it.each([
    '{}',
    ' { "a": [1, -2.5e3, true, false, null, "x\\\\y\\u00e9"], "b": {} } ',
    '[]',
    '"text"',
    '0',
    '['.repeat(100_000) + ']'.repeat(100_000),
  ])('finds nothing wrong in valid JSON %#', (text) => {
    expect(() => JSON.parse(text) as unknown).not.toThrow();
    expect(locateJsonError(text)).toBeNull();
  });

  it.each([
    ['', 1, 1, 'unexpected end of the file'],
    ['{"a": 1,}', 1, 9, 'expected a property name in double quotes'],
    ['{"a" 1}', 1, 6, "expected ':' after a property name"],
    ['[1 2]', 1, 4, "expected ',' or ']'"],
    ['{\r\n"a": 01}', 2, 7, "expected ',' or '}'"],
    ['{"a": "x\ny"}', 1, 9, 'control character or line break inside a string'],
    ['{"a": "\\q"}', 1, 8, 'invalid escape in a string'],
    ['{} {}', 1, 4, 'unexpected text after the JSON value'],
    ['[', 1, 2, 'unexpected end of the file'],
    ['[' + '['.repeat(100_000), 1, 100_002, 'unexpected end of the file'],
  ])('%j: line %i, column %i: %s', (text, line, column, reason) => {
    expect(() => JSON.parse(text) as unknown).toThrow();
    expect(locateJsonError(text)).toEqual({ line, column, reason });
  });
});
