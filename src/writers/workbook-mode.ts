import type { WorkbookMode } from './xlsx-sheet.js';

/**
 * Up to this many tasks the workbook is exceljs's in-memory Workbook (an Excel table on the Tasks
 * sheet, the charts as images); above it, exceljs's streaming writer (a filter on the Tasks header,
 * the charts on the HTML page). The in-memory workbook holds every cell: the whole CLI's peak RSS
 * just below this size stays under 1 GiB (docs/scale.md has the measurement). A module of its own,
 * so that the warm-up can read it without loading the workbook writer.
 */
export const IN_MEMORY_MAX_TASKS = 20_000;

/** The writer a report of this many tasks gets. */
export function chooseWorkbookMode(taskCount: number): WorkbookMode {
  return taskCount > IN_MEMORY_MAX_TASKS ? 'streaming' : 'in-memory';
}
