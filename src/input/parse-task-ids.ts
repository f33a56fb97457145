import { parseCsv } from './parse-csv.js';

/**
 * Task ID lists: one ID per line, or a CSV whose header row has a `task_id` column (as exported from
 * the console). Pure: text in, entries out; reading files lives in read-task-ids.ts.
 */

/** Task IDs are UUIDs: hex groups 8-4-4-4-12, any case. Nothing else is ever put into a URL. */
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isValidTaskId(text: string): boolean {
  return UUID_PATTERN.test(text);
}

export interface TaskIdEntry {
  /** The ID as written, trimmed. */
  id: string;
  /** Where it came from, for messages: `args`, a file name, `stdin`. */
  source: string;
  /** 1-based line (or CSV record) number in the source; the argument position for `args`. */
  line: number;
  valid: boolean;
}

export interface UniqueTaskIds {
  entries: TaskIdEntry[];
  warnings: string[];
}

/** The comparison key of an ID: UUIDs compare case-insensitively, anything else exactly. */
export function taskIdKey(id: string): string {
  return isValidTaskId(id) ? id.toLowerCase() : id;
}

/** Splits into lines, tolerating a UTF-8 BOM and CRLF / CR line ends. */
function splitLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
}

function isIgnorable(line: string): boolean {
  const trimmed = line.trim();
  return trimmed === '' || trimmed.startsWith('#');
}

/** Index of a `task_id` column when the first meaningful line is a CSV header naming one, else -1. */
function findTaskIdColumn(lines: string[], source: string): number {
  const header = lines.find((l) => !isIgnorable(l));
  if (header === undefined || !header.includes(',')) {
    // A one-column CSV export has the header `task_id` alone on its line.
    return header !== undefined && normaliseHeader(header) === 'task_id' ? 0 : -1;
  }
  const first = parseCsv(header, source)[0];
  return first ? first.fields.findIndex((f) => normaliseHeader(f) === 'task_id') : -1;
}

function normaliseHeader(field: string): string {
  return field.trim().replace(/^"|"$/g, '').trim().toLowerCase();
}

/** Parses one source (a file's text or stdin) into entries, in order. */
export function parseTaskIdText(text: string, source: string): TaskIdEntry[] {
  const lines = splitLines(text);
  const column = findTaskIdColumn(lines, source);
  if (column < 0) {
    const entries: TaskIdEntry[] = [];
    lines.forEach((raw, i) => {
      if (isIgnorable(raw)) return;
      const id = raw.trim();
      entries.push({ id, source, line: i + 1, valid: isValidTaskId(id) });
    });
    return entries;
  }
  // CSV: skip comment lines before the header, then take the task_id column of every record.
  const firstDataIndex = lines.findIndex((l) => !isIgnorable(l));
  const body = lines.slice(firstDataIndex).join('\n');
  const records = parseCsv(body, source).slice(1);
  const entries: TaskIdEntry[] = [];
  for (const record of records) {
    const value = record.fields[column]?.trim() ?? '';
    if (value === '' || value.startsWith('#')) continue;
    entries.push({ id: value, source, line: record.line + firstDataIndex, valid: isValidTaskId(value) });
  }
  return entries;
}

/** Keeps the first occurrence of every ID (UUIDs case-insensitively) and warns about the rest. */
export function dedupeTaskIds(entries: TaskIdEntry[]): UniqueTaskIds {
  const seen = new Map<string, TaskIdEntry>();
  const warnings: string[] = [];
  for (const entry of entries) {
    const key = taskIdKey(entry.id);
    const first = seen.get(key);
    if (first) {
      warnings.push(
        `duplicate task id ${entry.id} (${entry.source} line ${entry.line}) already listed at ${first.source} line ${first.line}; reported once`,
      );
      continue;
    }
    seen.set(key, entry);
  }
  return { entries: [...seen.values()], warnings };
}
