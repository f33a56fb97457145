/**
 * First characters that make a spreadsheet read a CSV cell as a formula or that can start one
 * after a line break: OWASP "CSV Injection" (https://owasp.org/www-community/attacks/CSV_Injection)
 * lists `=`, `+`, `-`, `@`, TAB, CR and LF; NUL and the full-width `＝＋－＠` (which some
 * spreadsheets normalise to ASCII) are added for the same reason.
 */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r', '\n', '\0', '＝', '＋', '－', '＠']);

const QUOTE = 0x27;
const SPACE = 0x20;
const NO_BREAK_SPACE = 0xa0;
const IDEOGRAPHIC_SPACE = 0x3000;

/** The prefix that defuses a cell; spreadsheets show the rest as text. */
const ESCAPE_PREFIX = "'";

/**
 * Defuses a text cell for CSV: if it begins — after any leading spaces, which spreadsheets skip —
 * with a formula trigger, prefix a single quote so it is shown as text. Other text is unchanged.
 * Only for text: numbers (a negative AUROC, say) must not be passed through it.
 *
 * Text that already looks escaped (`'` before a trigger, or before such a text) gets one more quote,
 * so the escape can always be undone exactly (see unescapeFormula): `'=x` is written `''=x`.
 */
export function escapeFormula(text: string): string {
  return needsEscape(text) ? `${ESCAPE_PREFIX}${text}` : text;
}

/**
 * Undoes escapeFormula, for reading back a CSV this tool wrote (`--compare`): removes the one quote
 * escapeFormula added, and leaves every other text as it is. `unescapeFormula(escapeFormula(t)) === t`
 * for every text t.
 */
export function unescapeFormula(text: string): string {
  return text.startsWith(ESCAPE_PREFIX) && needsEscape(text.slice(1)) ? text.slice(1) : text;
}

/**
 * A trigger after any leading spaces (ASCII, no-break U+00A0 or the full-width ideographic U+3000 that
 * Korean input methods type), or after quotes that themselves precede one.
 */
function needsEscape(text: string): boolean {
  const code = text.charCodeAt(0);
  if (code !== QUOTE && code !== SPACE && code !== NO_BREAK_SPACE && code !== IDEOGRAPHIC_SPACE) {
    // Nothing to skip: the first character decides (the common case, checked without a regex).
    return FORMULA_TRIGGERS.has(text.charAt(0));
  }
  const first = text
    .replace(/^'*/, '')
    .replace(/^[ \u00a0\u3000]+/, '')
    .charAt(0);
  return FORMULA_TRIGGERS.has(first);
}
