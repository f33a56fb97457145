import { describe, expect, it } from 'vitest';
import { escapeFormula, unescapeFormula } from '../../src/core/escape-formula.js';

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
    ['\u3000=1', "'\u3000=1"],
    ['\u00a0+1', "'\u00a0+1"],
    // Text that looks escaped already gets one more quote, so reading it back is exact.
    ["'=already quoted", "''=already quoted"],
    ["'' -1", "''' -1"],
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
    "'plain quote",
    "' '=x", // a quote, a space, then a quote: nothing a spreadsheet would run
    'path/filename',
    'NUM_OF_LABEL_INSUFFICIENT',
  ])('leaves %j unchanged', (text) => {
    expect(escapeFormula(text)).toBe(text);
  });
});

describe('unescapeFormula', () => {
  it.each(["'=1+2", "' =1", "''=already quoted", "'@x"])(
    'removes the one quote escapeFormula added to %j',
    (escaped) => {
      expect(escapeFormula(unescapeFormula(escaped))).toBe(escaped);
      expect(unescapeFormula(escaped)).toBe(escaped.slice(1));
    },
  );

  it.each([
    '=1+2',
    ' =1',
    '-',
    "'=already quoted",
    "''x",
    "' '=x",
    "'",
    '',
    'YOUR_TASK_NAME',
    '모델 = 1',
    '\n=cmd',
    '＝1+2',
  ])('round-trips %j exactly', (text) => {
    expect(unescapeFormula(escapeFormula(text))).toBe(text);
  });

  it.each(['plain', "'plain quote", '=not escaped by us', "' '=x"])(
    'leaves unescaped text %j as it is',
    (text) => {
      expect(unescapeFormula(text)).toBe(text);
    },
  );
});

describe('escapeFormula fast path', () => {
  /** The rule as first written: skip leading quotes, then leading spaces, then look at one character. */
  function referenceNeedsEscape(text: string): boolean {
    const first = text
      .replace(/^'*/, '')
      .replace(/^[ \u00a0\u3000]+/, '')
      .charAt(0);
    return ['=', '+', '-', '@', '\t', '\r', '\n', '\0', '＝', '＋', '－', '＠'].includes(first);
  }

  it('escapes exactly the texts the full rule escapes', () => {
    const pieces = [
      "'",
      ' ',
      '\u00a0',
      '\u3000',
      '=',
      '+',
      '-',
      '@',
      '\t',
      '\r',
      '\n',
      '\0',
      '＝',
      'a',
      '1',
      '한',
    ];
    const texts = [''];
    for (const a of pieces) for (const b of pieces) for (const c of pieces) texts.push(a + b + c);
    for (const text of texts) {
      expect(escapeFormula(text), JSON.stringify(text)).toBe(referenceNeedsEscape(text) ? `'${text}` : text);
    }
  });
});
