/**
 * Characters a spreadsheet draws about twice as wide as a Latin letter: East Asian Wide/Fullwidth
 * (Unicode UAX #11) — Hangul, Han, kana, CJK punctuation, full-width forms — and emoji.
 */
const WIDE_CHARACTER =
  /[\p{Script=Hangul}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}\u3000-\u303F\uFF01-\uFF60\uFFE0-\uFFE6\p{Emoji_Presentation}]/u;
/** Characters drawn with no width of their own: combining marks, ZWJ, variation selectors. */
const ZERO_WIDTH_CHARACTER = /[\p{Mn}\p{Me}\p{Cf}]/u;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * Width of a text in "Latin character" units: wide characters count 2, zero-width ones 0. For a
 * multi-line text, the width of its longest line.
 */
export function computeDisplayWidth(text: string): number {
  // Fast path for the common case (IDs, paths, numbers): printable ASCII is one unit per character.
  if (PRINTABLE_ASCII.test(text)) {
    return text.length;
  }
  let widest = 0;
  let width = 0;
  for (const character of text) {
    if (character === '\n' || character === '\r') {
      width = 0;
    } else if (!ZERO_WIDTH_CHARACTER.test(character)) {
      width += WIDE_CHARACTER.test(character) ? 2 : 1;
    }
    widest = Math.max(widest, width);
  }
  return widest;
}

export interface ColumnWidthLimits {
  /** Narrowest column, in characters. */
  min: number;
  /** Widest column, in characters; longer text is cut off visually (it is still all in the cell). */
  max: number;
}

export const DEFAULT_COLUMN_WIDTH_LIMITS: Readonly<ColumnWidthLimits> = { min: 8, max: 60 };

/** Room for the autofilter arrow and cell padding, in characters. */
const COLUMN_PADDING_CHARS = 2;

/**
 * A column width (Excel's unit: characters of the default font) that fits the widest of the texts,
 * clamped to the limits. Excel has no auto-fit in the file format, so it is computed here.
 */
export function computeColumnWidth(
  texts: Iterable<string>,
  limits: ColumnWidthLimits = DEFAULT_COLUMN_WIDTH_LIMITS,
): number {
  let widest = 0;
  for (const text of texts) {
    widest = Math.max(widest, computeDisplayWidth(text));
  }
  return fitColumnWidth(widest, limits);
}

/** The column width for content whose widest text is `widestChars` wide: padded, then clamped. */
export function fitColumnWidth(
  widestChars: number,
  limits: ColumnWidthLimits = DEFAULT_COLUMN_WIDTH_LIMITS,
): number {
  return Math.min(limits.max, Math.max(limits.min, widestChars + COLUMN_PADDING_CHARS));
}
