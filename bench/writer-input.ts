/**
 * The input every writer of the writer benchmark reads (bench/writers.ts): the rows of a report
 * and the Tasks sheet's columns as the project's own workbook lays them out, in one JSON file. Ours,
 * the Node floor and the Python peers (bench/peers/) each read it in a process of their own.
 */
import type { Report } from '../src/core/row.js';

export interface WriterBenchColumn {
  field: string;
  label: string;
  /** How the cell is written: text, a number, a wall-clock date, or seconds shown as a time. */
  kind: 'text' | 'number' | 'date' | 'duration';
  numFmt: string | null;
  width: number;
  hidden: boolean;
}

export interface WriterBenchInput {
  columns: WriterBenchColumn[];
  /** Rows already in the sheet's order (every writer writes them as they come). */
  report: Report;
}

/** What each benchmark process prints as its last line on stdout. */
export interface WriterBenchResult {
  maxRssKb: number;
}
