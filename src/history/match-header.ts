import { isReportField, type ReportField } from '../core/report-field.js';
import type { Template } from '../templates/template.js';

/**
 * Recognises the columns of a report read back for `--compare`: a header is a field name (the CSV's
 * machine contract) or the label a template gives a field (the workbook, a templated CSV). Headers
 * are compared trimmed and ignoring case. The first template that claims a label wins.
 */
export function createHeaderMatcher(templates: readonly Template[]): (header: string) => ReportField | null {
  const byLabel = new Map<string, ReportField>();
  for (const template of templates) {
    for (const column of template.columns) {
      const key = normalise(column.label);
      if (!byLabel.has(key)) {
        byLabel.set(key, column.field);
      }
    }
  }
  return (header) => {
    const key = normalise(header);
    if (isReportField(key)) {
      return key;
    }
    return byLabel.get(key) ?? null;
  };
}

function normalise(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase();
}

/**
 * Reads back a status the workbook shows in a template's words (`Available`, `사용 가능`) as the API's
 * (`completed`); a status no template names is kept as written. The first template that claims a
 * label wins, as for headers.
 */
export function createStatusMatcher(templates: readonly Template[]): (shown: string) => string {
  const byLabel = new Map<string, string>();
  for (const template of templates) {
    for (const [status, label] of Object.entries(template.statusLabels)) {
      const key = normalise(label);
      if (!byLabel.has(key)) {
        byLabel.set(key, status);
      }
    }
  }
  return (shown) => byLabel.get(normalise(shown)) ?? shown;
}
