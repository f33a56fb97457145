import { eastAsianWidth } from 'get-east-asian-width';
import stringWidth from 'string-width';

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const LINE_BREAK = /\r\n|\r|\n/;
/**
 * Characters that make a grapheme cluster of more than one code point, or have no width of their
 * own: marks, joiners and other format or ignorable characters, controls, emoji and their modifiers,
 * regional indicators (flags), conjoining Hangul jamo, lone surrogates. A line without any is one
 * code point per cluster, and its width the sum of each one's East Asian Width.
 */
const CLUSTERING =
  /[\p{M}\p{Cf}\p{Cc}\p{Cs}\p{Default_Ignorable_Code_Point}\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\u1100-\u11FF\uA960-\uA97F\uD7B0-\uD7FF]/u;

/**
 * Width of a text in "Latin character" units, as a terminal or a spreadsheet draws it: East Asian
 * Wide and Fullwidth characters (Unicode UAX #11: Hangul, Han, kana, full-width forms) and emoji count
 * 2, combining marks and joiners 0, one emoji sequence (`👍🏽`) one glyph. The Unicode tables are the
 * packages': string-width for lines with clusters, get-east-asian-width (which string-width itself
 * uses, ambiguous characters narrow as there) for the rest. For a multi-line text, the width of its
 * longest line.
 */
export function computeDisplayWidth(text: string): number {
  // Fast path for the common case (IDs, paths, numbers): printable ASCII is one unit per character.
  if (PRINTABLE_ASCII.test(text)) {
    return text.length;
  }
  let widest = 0;
  for (const line of text.split(LINE_BREAK)) {
    widest = Math.max(widest, computeLineWidth(line));
  }
  return widest;
}

/**
 * string-width segments every text into graphemes (Intl.Segmenter), about 25 times slower than a
 * look-up per code point: too slow for a 100,000-row workbook's column widths. So only lines that can
 * hold a cluster go through it; on the others both give the same width (a test compares them).
 */
function computeLineWidth(line: string): number {
  if (CLUSTERING.test(line)) {
    return stringWidth(line);
  }
  let width = 0;
  for (const character of line) {
    width += eastAsianWidth(character.codePointAt(0) ?? 0, { ambiguousAsWide: false });
  }
  return width;
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
