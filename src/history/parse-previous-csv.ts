import { UsageError } from '../core/errors.js';
import { parseCsv } from '../input/parse-csv.js';
import type { ReportField } from '../core/report-field.js';
import { unescapeFormula } from '../core/escape-formula.js';
import { parsePreviousAuroc } from './parse-previous-auroc.js';
import { addModelFields, type PreviousReport, type PreviousRow } from '../core/previous-report.js';

/**
 * Reads back a CSV report this tool wrote (with or without BOM): finds the columns by header, undoes
 * the formula escaping of text cells, and reads AUROC exactly as written (full precision). Pure.
 *
 * @throws UsageError when the text has no `task_id` or `auroc` column, a cell cannot be read, or a
 *   record is longer than MAX_CSV_RECORD_CHARS (parseCsv).
 */
export function parsePreviousCsv(
  text: string,
  source: string,
  matchHeader: (header: string) => ReportField | null,
): PreviousReport {
  const records = parseCsv(text, `--compare ${source}`);
  const header = records[0];
  if (header === undefined) {
    throw new UsageError(`--compare ${source} is empty; give a report written by nclue-report`);
  }
  const columnOf = new Map<ReportField, number>();
  header.fields.forEach((name, index) => {
    const field = matchHeader(name);
    if (field !== null && !columnOf.has(field)) {
      columnOf.set(field, index);
    }
  });
  const required = (field: ReportField): number => {
    const index = columnOf.get(field);
    if (index === undefined) {
      throw new UsageError(
        `--compare ${source} has no ${field} column; give a CSV, xlsx or JSON report written by nclue-report`,
      );
    }
    return index;
  };
  const idColumn = required('task_id');
  const aurocColumn = required('auroc');
  const textAt = (fields: string[], field: ReportField): string | null => {
    const index = columnOf.get(field);
    const value = index === undefined ? '' : (fields[index] ?? '');
    return value === '' ? null : unescapeFormula(value);
  };

  const rows: PreviousRow[] = [];
  for (const record of records.slice(1)) {
    const taskId = unescapeFormula(record.fields[idColumn] ?? '').trim();
    if (taskId === '') {
      throw new UsageError(`--compare ${source} line ${record.line}: the task_id cell is empty`);
    }
    const row: PreviousRow = {
      task_id: taskId,
      task_name: textAt(record.fields, 'task_name'),
      status: textAt(record.fields, 'status'),
      auroc: parsePreviousAuroc(record.fields[aurocColumn] ?? '', `${source} line ${record.line}`),
      fetchError: textAt(record.fields, 'fetch_error') !== null,
    };
    addModelFields(row, (field) => (columnOf.has(field) ? textAt(record.fields, field) : undefined));
    rows.push(row);
  }
  return { source, format: 'csv', generatedAt: null, rows };
}
