import type { ConditionalFormattingOptions, Worksheet } from 'exceljs';

/** What exceljs reads back of a table; its typings do not declare the model it keeps under `table`. */
export interface TableModel {
  name: string;
  tableRef: string;
  headerRow: boolean;
  columns: Array<{ name: string; filterButton: boolean }>;
  style: { theme: string; showRowStripes: boolean };
}

/** The conditional formats exceljs read from a sheet (undeclared in its typings). */
export function readConditionalFormats(sheet: Worksheet): ConditionalFormattingOptions[] {
  return (sheet as unknown as { conditionalFormattings: ConditionalFormattingOptions[] })
    .conditionalFormattings;
}

/** The tables exceljs read from a sheet. */
export function readTables(sheet: Worksheet): TableModel[] {
  return sheet.getTables().map((entry) => (entry as unknown as { table: TableModel }).table);
}
