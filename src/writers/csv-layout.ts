import { COMPARE_COLUMNS, MODEL_COLUMNS, type ReportField } from '../report/report-field.js';
import { REPORT_COLUMNS, type ReportRow } from '../report/row.js';
import { sortRows } from '../report/sort-rows.js';
import { createFieldReader, selectColumns, type ReportDocument } from './report-document.js';

export interface CsvLayout {
  columns: ReportField[];
  /** Header texts; undefined → the field names. */
  header: string[] | undefined;
  rows: ReportRow[];
}

/**
 * The machine contract's columns: REPORT_COLUMNS, then with a comparison its three columns, then the
 * model columns. New columns are only ever appended, so a script reading by position keeps working.
 */
export function machineColumns(compared: boolean): ReportField[] {
  return compared
    ? [...REPORT_COLUMNS, ...COMPARE_COLUMNS, ...MODEL_COLUMNS]
    : [...REPORT_COLUMNS, ...MODEL_COLUMNS];
}

/**
 * What the CSV holds. By default its machine contract: REPORT_COLUMNS exactly, rows in input order,
 * with `--compare` the three comparison columns appended after `fetch_error`, and last `model` and
 * `period`. A template with
 * `csv.followTemplate` gets its visible columns, in its order and sort, headed by field names or labels.
 */
export function selectCsvLayout(document: ReportDocument): CsvLayout {
  const { template, report, comparison } = document;
  if (!template.csv.followTemplate) {
    return {
      columns: machineColumns(comparison !== null),
      header: undefined,
      rows: report.rows,
    };
  }
  const columns = selectColumns(document).filter((column) => column.visible);
  return {
    columns: columns.map((column) => column.field),
    header: template.csv.header === 'label' ? columns.map((column) => column.label) : undefined,
    rows: sortRows(report.rows, template.sort, createFieldReader(comparison)),
  };
}
