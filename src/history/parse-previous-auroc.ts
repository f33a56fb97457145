import { UsageError } from '../core/errors.js';

/** What `String(number)` writes for a finite number: decimal, optional exponent. */
const WRITTEN_NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * An AUROC cell of a previous report: a number as is, a text as the number it spells (exactly:
 * `Number("0.7681659649879657")` is the same double that was written), blank → null.
 *
 * @param where where the cell is, for the message (file and line or cell).
 * @throws UsageError for anything else: the file is then not a report this tool wrote.
 */
export function parsePreviousAuroc(value: unknown, where: string): number | null {
  if (value === null || value === undefined) {
    return null;
  }
  if (typeof value === 'number' && Number.isFinite(value)) {
    return value;
  }
  if (typeof value === 'string') {
    const text = value.trim();
    if (text === '') {
      return null;
    }
    if (WRITTEN_NUMBER.test(text)) {
      return Number(text);
    }
  }
  throw new UsageError(`--compare ${where}: AUROC ${JSON.stringify(value)} is not a number`);
}
