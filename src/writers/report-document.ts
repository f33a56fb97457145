import type { Comparison } from '../core/comparison.js';
import type { ModelComparison } from '../models/model-entry.js';
import { compareKey } from '../core/compare-key.js';
import {
  COMPARE_COLUMNS,
  LINEAGE_COLUMNS,
  isCompareColumn,
  type CompareColumn,
  type LineageColumn,
  type FieldValue,
  type ReportField,
} from '../core/report-field.js';
import type { Report, ReportRow } from '../core/row.js';
import type { Template, TemplateColumn } from '../templates/template.js';

/** Everything a writer renders: the report, the layout, and the comparison when `--compare` is given. */
export interface ReportDocument {
  report: Report;
  template: Template;
  comparison: Comparison | null;
  /** The model view (month over month); absent or null → no model sections. */
  models?: ModelComparison | null;
}

/** The fields a comparison fills, for a lookup per cell that costs no array scan. */
const COMPARE_FIELDS: ReadonlySet<ReportField> = new Set([...COMPARE_COLUMNS, ...LINEAGE_COLUMNS]);

/** isCompareColumn, by a set lookup: the writers ask it for every cell. */
function isComparisonField(field: ReportField): field is CompareColumn | LineageColumn {
  return COMPARE_FIELDS.has(field);
}

/** Reads one field of a row: the row's own value, or its comparison column (null without a comparison). */
export type FieldReader = (row: ReportRow, field: ReportField) => FieldValue;

export function createFieldReader(comparison: Comparison | null): FieldReader {
  return (row, field) => {
    if (!isComparisonField(field)) {
      return row[field] ?? null;
    }
    return comparison?.byTaskKey.get(compareKey(row.task_id))?.[field] ?? null;
  };
}

/** The template's columns for this document: the comparison columns only when there is a comparison. */
export function selectColumns(document: ReportDocument): TemplateColumn[] {
  return document.template.columns.filter(
    (column) => document.comparison !== null || !isCompareColumn(column.field),
  );
}
