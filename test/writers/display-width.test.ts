import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { computeColumnWidth, computeDisplayWidth, fitColumnWidth } from '../../src/writers/display-width.js';

describe('computeDisplayWidth', () => {
  it.each([
    ['', 0],
    ['Task ID', 7],
    ['모델', 4], // Hangul syllables
    ['ㅎㅏ', 4], // Hangul compatibility jamo
    ['漢字', 4],
    ['カタカナ', 8],
    ['ＡＢ', 4], // full-width Latin
    ['＝＋', 4],
    ['、。', 4], // CJK punctuation
    ['😀', 2],
    ['👍🏽', 2], // emoji + skin-tone modifier: one glyph
    ['👨‍👩‍👧', 2], // a ZWJ family: one glyph
    ['é', 1], // e + combining acute
    ['a\u200Db', 2], // zero-width joiner
    ['모델 A-1', 8],
    ['short\nmuch longer line', 16],
    ['ab\r\n모델모델', 8],
  ])('%j → %d', (text, expected) => {
    expect(computeDisplayWidth(text)).toBe(expected);
  });
});

describe('computeDisplayWidth, line by line, is string-width', () => {
  // Without a cluster a line is measured per code point (fast); with one, by string-width itself.
  it.each([
    '구매예측 모델 2026-11',
    'ﾊﾝｶｸ half-width kana',
    'Ünïcödé façade — ±½ … → ©',
    'Ελληνικά кириллица עברית العربية',
    '𠀋𡈽 (Han beyond the BMP)',
    '全角　スペース',
    'tab\tinside',
    'control\u0007bell',
    '🇰🇷 flag, 👨‍👩‍👧 family, 1️⃣ keycap',
    'e\u0301 combining, 각 conjoining jamo',
    'zero\u200Bwidth space, soft\u00ADhyphen',
  ])('%j', (line) => {
    expect(computeDisplayWidth(line)).toBe(stringWidth(line));
  });
});

describe('computeColumnWidth', () => {
  it('fits the widest text plus padding', () => {
    expect(computeColumnWidth(['Task name', 'YOUR_TASK_NAME_LONGER'])).toBe(23);
  });

  it('counts Hangul double', () => {
    expect(computeColumnWidth(['가나다라마바사아자차'])).toBe(22);
  });

  it.each([
    [[], 8],
    [['a'], 8],
    [['x'.repeat(200)], 60],
  ])('clamps %j to %d', (texts, expected) => {
    expect(computeColumnWidth(texts)).toBe(expected);
  });

  it('honours custom limits', () => {
    expect(fitColumnWidth(100, { min: 5, max: 30 })).toBe(30);
    expect(fitColumnWidth(0, { min: 5, max: 30 })).toBe(5);
  });
});
