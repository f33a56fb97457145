/** Decimals an AUROC difference keeps wherever it is written (JSON, CSV, sheets, page). */
export const CHANGE_DECIMALS = 6;

const SCALE = 10 ** CHANGE_DECIMALS;

/**
 * An AUROC difference rounded to CHANGE_DECIMALS, so that 0.82 − 0.85 is −0.03 and not
 * −0.029999999999999916: a filter `<= -0.03` in a spreadsheet and `--fail-on-regression 0.03` both see
 * the drop the report shows. AUROC values themselves keep full precision. Pure.
 */
export function roundChange(value: number): number {
  const rounded = Math.round(value * SCALE) / SCALE;
  // Math.round(-0.4) is -0: write 0.
  return rounded === 0 ? 0 : rounded;
}

/** `a − b` rounded (roundChange), or null when either is missing. */
export function differenceOf(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : roundChange(a - b);
}
