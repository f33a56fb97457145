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
