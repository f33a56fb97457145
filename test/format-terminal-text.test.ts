import { describe, expect, it } from 'vitest';
import { formatTerminalText, MAX_TERMINAL_TEXT_CHARS } from '../src/core/format-terminal-text.js';

describe('formatTerminalText', () => {
  it.each([
    ['plain text is kept', 'completed', 'completed'],
    ['Korean and emoji are kept', '완료 ✅ 🚀', '완료 ✅ 🚀'],
    ['a title sequence (OSC … BEL)', '\u001b]0;pwned\u0007done', '\\x1b]0;pwned\\x07done'],
    ['a screen clear (CSI 2J)', '\u001b[2Jx', '\\x1b[2Jx'],
    ['a forged line', 'ok\r\nerror: FAKE LINE', 'ok\\r\\nerror: FAKE LINE'],
    ['a one-character CSI (C1)', '\u009b2J', '\\x9b2J'],
    ['DEL and NUL', 'a\u007fb\u0000c', 'a\\x7fb\\x00c'],
    ['a tab', 'a\tb', 'a\\tb'],
    ['bidirectional overrides', 'abc\u202edcba\u2066x\u2069', 'abc\\u202edcba\\u2066x\\u2069'],
    ['line and paragraph separators', 'a\u2028b\u2029c', 'a\\u2028b\\u2029c'],
  ])('%s', (_name, input, expected) => {
    expect(formatTerminalText(input)).toBe(expected);
  });

  it('caps the result at 200 characters, the last one an ellipsis', () => {
    const out = formatTerminalText('x'.repeat(1000));
    expect(MAX_TERMINAL_TEXT_CHARS).toBe(200);
    expect(Array.from(out)).toHaveLength(200);
    expect(out.endsWith('x…')).toBe(true);
    expect(formatTerminalText('x'.repeat(200))).toBe('x'.repeat(200));
  });

  it('counts escapes in the cap and never cuts one in half', () => {
    const out = formatTerminalText('\u001b'.repeat(100));
    expect(out.length).toBeLessThanOrEqual(200);
    expect(out).toMatch(/^(\\x1b)+…$/);
    expect(formatTerminalText('ab\u001bcd', 5)).toBe('ab…');
    expect(formatTerminalText('🚀'.repeat(300)).length).toBeLessThanOrEqual(400);
    expect(Array.from(formatTerminalText('🚀'.repeat(300)))).toHaveLength(200);
  });
});
