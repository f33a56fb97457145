import { COMPARE_COLUMNS, type ReportField } from '../report/report-field.js';
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
 * What the CSV holds. By default its machine contract: REPORT_COLUMNS exactly, rows in input order,
 * and with `--compare` the three comparison columns appended after `fetch_error`. A template with
 * `csv.followTemplate` gets its visible columns, in its order and sort, headed by field names or labels.
 */
export function selectCsvLayout(document: ReportDocument): CsvLayout {
  const { template, report, comparison } = document;
  if (!template.csv.followTemplate) {
    return {
      columns: comparison === null ? [...REPORT_COLUMNS] : [...REPORT_COLUMNS, ...COMPARE_COLUMNS],
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
