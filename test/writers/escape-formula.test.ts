import { describe, expect, it } from 'vitest';
import { escapeFormula } from '../../src/writers/escape-formula.js';

describe('escapeFormula', () => {
  // OWASP "CSV Injection" vectors, plus NUL and the full-width forms.
  it.each([
    ['=1+2', "'=1+2"],
    ['=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'],
    ['+1', "'+1"],
    ['-1+2', "'-1+2"],
    ['-', "'-"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ['\n=1', "'\n=1"],
    ['\0=1', "'\0=1"],
    [' =1', "' =1"],
    ['   @x', "'   @x"],
    ['  -2', "'  -2"],
    ['＝1+2', "'＝1+2"],
    ['＋1', "'＋1"],
    ['－1', "'－1"],
    ['＠x', "'＠x"],
  ])('escapes %j', (text, expected) => {
    expect(escapeFormula(text)).toBe(expected);
  });

  it.each([
    '',
    '   ',
    'YOUR_TASK_NAME',
    '모델 = 1',
    'a=b',
    'x-1',
    '0.7681659649879657',
    "'=already quoted",
    'path/filename',
    'NUM_OF_LABEL_INSUFFICIENT',
    '\u3000=1', // an ideographic space is not skipped by spreadsheets like ASCII spaces
  ])('leaves %j unchanged', (text) => {
    expect(escapeFormula(text)).toBe(text);
  });
});
