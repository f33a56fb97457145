import { MACHINE_COLUMNS, type ReportField } from '../core/report-field.js';
import type { ReportRow } from '../core/row.js';
import { sortRows } from '../report/sort-rows.js';
import { createFieldReader, selectColumns, type ReportDocument } from './report-document.js';

export interface CsvLayout {
  columns: ReportField[];
  /** Header texts; undefined → the field names. */
  header: string[] | undefined;
  rows: ReportRow[];
}

/**
 * The machine contract's columns, the same with or without `--compare` (MACHINE_COLUMNS): the
 * comparison columns are empty when nothing was compared.
 */
export function machineColumns(): ReportField[] {
  return [...MACHINE_COLUMNS];
}

/**
 * What the CSV holds. By default its machine contract (MACHINE_COLUMNS), rows in input order. A
 * template with
 * `csv.followTemplate` gets its visible columns, in its order and sort, headed by field names or labels.
 */
export function selectCsvLayout(document: ReportDocument): CsvLayout {
  const { template, report, comparison } = document;
  if (!template.csv.followTemplate) {
    return {
      columns: machineColumns(),
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
