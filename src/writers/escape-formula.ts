/**
 * First characters that make a spreadsheet read a CSV cell as a formula or that can start one
 * after a line break: OWASP "CSV Injection" (https://owasp.org/www-community/attacks/CSV_Injection)
 * lists `=`, `+`, `-`, `@`, TAB, CR and LF; NUL and the full-width `＝＋－＠` (which some
 * spreadsheets normalise to ASCII) are added for the same reason.
 */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r', '\n', '\0', '＝', '＋', '－', '＠']);

/**
 * Defuses a text cell for CSV: if it begins — after any leading spaces, which spreadsheets skip —
 * with a formula trigger, prefix a single quote so it is shown as text. Other text is unchanged.
 * Only for text: numbers (a negative AUROC, say) must not be passed through it.
 */
export function escapeFormula(text: string): string {
  const first = text.replace(/^ +/, '').charAt(0);
  return FORMULA_TRIGGERS.has(first) ? `'${text}` : text;
}
