import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { MODEL_FIELDS, type ModelComparison, type ModelEntry } from '../models/model-entry.js';
import { periodColumn } from '../models/task-period.js';
import { WRITE_BUFFER_BYTES, writeFileAtomic } from './atomic-write.js';
import { createRecordsStringifyOptions, renderCsvRecords } from './csv.js';
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
  return renderCsvRecords([...modelsCsvRecords(comparison, options)], options.bom);
}

/**
 * Writes renderModelsCsv's bytes through csv-stringify's stream, a record at a time: a run of 100,000
 * models never holds the whole text, nor every record, at once.
 */
export async function writeModelsCsv(
  path: string,
  comparison: ModelComparison,
  options: ModelsCsvOptions,
): Promise<void> {
  await writeFileAtomic(path, (tempPath) =>
    pipeline(
      Readable.from(modelsCsvRecords(comparison, options)),
      stringify(createRecordsStringifyOptions(options.bom)),
      createWriteStream(tempPath, { highWaterMark: WRITE_BUFFER_BYTES }),
    ),
  );
}

/** The header, then one record per model. */
function* modelsCsvRecords(comparison: ModelComparison, options: ModelsCsvOptions): Generator<string[]> {
  yield [...MODELS_CSV_FIELDS, ...comparison.periods.map(periodColumn)];
  const columnOf = new Map(comparison.periods.map((period, index) => [period, index]));
  for (const entry of comparison.models) {
    yield formatModelRecord(entry, columnOf, options);
  }
}

/**
 * One model's record. Its period columns are empty but for the periods it has (a model has a few of
 * the run's periods; looking each column up in every entry cost 100,000 models more than the rest).
 */
function formatModelRecord(
  entry: ModelEntry,
  columnOf: ReadonlyMap<string, number>,
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
  const first = MODELS_CSV_FIELDS.length;
  const record = new Array<string>(first + columnOf.size).fill('');
  let index = 0;
  for (const field of MODELS_CSV_FIELDS) record[index++] = cell(entry[field]);
  for (const period in entry.periods) {
    const column = columnOf.get(period);
    if (column !== undefined) record[first + column] = cell(entry.periods[period] ?? null);
  }
  return record;
}
