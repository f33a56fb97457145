import type { ReportField } from './report-field.js';

/*
 * The parts of a template the report layer reads (sorting, the hint language); the whole Template
 * type and its parser live in src/templates/.
 */

/** Languages with bundled troubleshooting hints (src/report/troubleshooting.ts). */
export const TEMPLATE_LANGUAGES = ['en', 'ko'] as const;
export type TemplateLanguage = (typeof TEMPLATE_LANGUAGES)[number];

/** One key of a template's `sort`: rows are ordered by these fields in turn. */
export interface SortKey {
  field: ReportField;
  direction: 'asc' | 'desc';
}
