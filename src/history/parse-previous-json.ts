import { UsageError } from '../core/errors.js';
import { parsePreviousAuroc } from './parse-previous-auroc.js';
import { addModelFields, type PreviousReport, type PreviousRow } from '../core/previous-report.js';

/**
 * Reads back a JSON report this tool wrote (`{ "rows": [...], "summary": {...} }`, see
 * src/writers/json.ts; a bare array of rows is accepted too). AUROC is a JSON number, so it comes
 * back as the same double. Pure.
 *
 * @throws UsageError when the text is not JSON or not shaped like a report.
 */
export function parsePreviousJson(text: string, source: string): PreviousReport {
  let root: unknown;
  try {
    root = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new UsageError(`--compare ${source} is not valid JSON (${(error as Error).message})`);
  }
  const document = isObject(root) ? root : { rows: root };
  const rows = document.rows;
  if (!Array.isArray(rows)) {
    throw new UsageError(
      `--compare ${source} has no "rows" array; give a JSON report written by nclue-report`,
    );
  }
  return {
    source,
    format: 'json',
    generatedAt: readGeneratedAt(document),
    rows: rows.map((row, index) => parseRow(row, `${source} rows[${index}]`)),
  };
}

function parseRow(value: unknown, where: string): PreviousRow {
  if (!isObject(value) || typeof value.task_id !== 'string' || value.task_id.trim() === '') {
    throw new UsageError(`--compare ${where}: not a report row (it needs a "task_id" text)`);
  }
  return addModelFields(
    {
      task_id: value.task_id.trim(),
      task_name: optionalText(value.task_name),
      status: optionalText(value.status),
      auroc: parsePreviousAuroc(value.auroc, where),
      fetchError: optionalText(value.fetch_error) !== null,
    },
    (field) =>
      !(field in value)
        ? undefined
        : typeof value[field] === 'number'
          ? String(value[field])
          : optionalText(value[field]),
  );
}

function readGeneratedAt(document: Record<string, unknown>): string | null {
  if (typeof document.generatedAt === 'string') {
    return document.generatedAt;
  }
  const summary = document.summary;
  const facts = isObject(summary) ? summary.facts : undefined;
  return isObject(facts) && typeof facts.generatedAt === 'string' ? facts.generatedAt : null;
}

function optionalText(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
