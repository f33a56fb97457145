import { writeFile } from 'node:fs/promises';
import { MODEL_FIELDS, type ModelComparison, type ModelEntry } from '../models/model-entry.js';
import { periodColumn } from '../models/task-period.js';
import { writeFileAtomic } from './atomic-write.js';
import { renderCsvRecords } from './csv.js';
import { escapeFormula } from '../core/escape-formula.js';

/** The fields of `<name>.models.csv` before its period columns: every ModelEntry field but `periods`. */
export const MODELS_CSV_FIELDS = MODEL_FIELDS.filter(
  (field): field is Exclude<(typeof MODEL_FIELDS)[number], 'periods'> => field !== 'periods',
);

export interface ModelsCsvOptions {
  bom: boolean;
  escapeFormulas: boolean;
}

/**
 * `<name>.models.csv`: one row per model in the order of the Models sheet, the fields of the JSON
 * `models` entries (same names), then one `auroc_YYYY_MM` column per known period, oldest first.
 * Numbers at full precision, flags `true`/`false`, absent values empty; quoting, BOM and formula
 * escaping as the task CSV.
 */
export function renderModelsCsv(comparison: ModelComparison, options: ModelsCsvOptions): string {
  const header = [...MODELS_CSV_FIELDS, ...comparison.periods.map(periodColumn)];
  const records = comparison.models.map((entry) => formatModelRecord(entry, comparison.periods, options));
  return renderCsvRecords([header, ...records], options.bom);
}

export async function writeModelsCsv(
  path: string,
  comparison: ModelComparison,
  options: ModelsCsvOptions,
): Promise<void> {
  const text = renderModelsCsv(comparison, options);
  await writeFileAtomic(path, (tempPath) => writeFile(tempPath, text, 'utf8'));
}

function formatModelRecord(
  entry: ModelEntry,
  periods: readonly string[],
  options: ModelsCsvOptions,
): string[] {
  const cell = (value: string | number | boolean | null): string => {
    if (value === null) {
      return '';
    }
    if (typeof value === 'number' || typeof value === 'boolean') {
      return String(value);
    }
    return options.escapeFormulas ? escapeFormula(value) : value;
  };
  return [
    ...MODELS_CSV_FIELDS.map((field) => cell(entry[field])),
    ...periods.map((period) => cell(entry.periods[period] ?? null)),
  ];
}
