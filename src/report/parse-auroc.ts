import { describeRawValue } from './describe-raw-value.js';

export interface ParsedAuroc {
  value: number | null;
  warning?: string;
}

/** A plain decimal number with an optional exponent; no hex, `Infinity`, separators or blanks inside. */
const DECIMAL_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Reads the API's `AUROC` field. The Get-task docs type it as Number (0–1) but their example carries a
 * string (`"0.7681659649879657"`), so both are accepted; the number keeps full precision (`Number()`).
 * See docs/api.md, "Discrepancies".
 *
 * - null, undefined, `''` (or blanks) → `{ value: null }`, no warning: the task has no AUROC yet.
 * - anything non-numeric (`"N/A"`, NaN, Infinity, booleans, objects) → `{ value: null, warning }`.
 * - a number outside 0–1 is kept, with a warning.
 */
export function parseAuroc(value: unknown): ParsedAuroc {
  if (value === null || value === undefined) {
    return { value: null };
  }
  let parsed: number;
  if (typeof value === 'number') {
    parsed = value;
  } else if (typeof value === 'string') {
    const text = value.trim();
    if (text === '') {
      return { value: null };
    }
    if (!DECIMAL_NUMBER.test(text)) {
      return notANumber(value);
    }
    parsed = Number(text);
  } else {
    return notANumber(value);
  }
  if (!Number.isFinite(parsed)) {
    return notANumber(value);
  }
  if (parsed < 0 || parsed > 1) {
    return { value: parsed, warning: `AUROC ${describeRawValue(value)} is outside 0–1; kept as is` };
  }
  return { value: parsed };
}

function notANumber(value: unknown): ParsedAuroc {
  return { value: null, warning: `AUROC ${describeRawValue(value)} is not a number; left empty` };
}
