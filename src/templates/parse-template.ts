import { UsageError } from '../core/errors.js';
import { fieldKind, isReportField, REPORT_FIELDS, type ReportField } from '../core/report-field.js';
import { TRENDS } from '../models/model-entry.js';
import { compileModelPattern, MODEL_KEYS, type ModelKey } from '../models/model-naming.js';
import { TEMPLATE_LANGUAGES, type SortKey, type TemplateLanguage } from '../core/template-types.js';
import { checkNumberFormat, isDurationFormat } from './check-number-format.js';
import { checkSheetName } from './check-sheet-name.js';
import {
  LABEL_KEYS,
  SHEET_KEYS,
  type CsvLayout,
  type SheetKey,
  type Template,
  type TemplateColumn,
  type TemplateFont,
  type TemplateModels,
} from './template.js';

/** Excel's widest column, in characters. */
const MAX_COLUMN_WIDTH = 255;
/** Excel's longest header worth having; longer labels are surely a mistake. */
const MAX_LABEL_CHARS = 255;

const TOP_LEVEL_KEYS = [
  '$schema',
  'description',
  'name',
  'language',
  'columns',
  'sort',
  'sheets',
  'labels',
  'statusLabels',
  'hints',
  'trendLabels',
  'models',
  'font',
  'csv',
] as const;
const COLUMN_KEYS = ['field', 'label', 'format', 'width', 'visible'] as const;
const SORT_KEYS = ['field', 'direction'] as const;
const CSV_KEYS = ['followTemplate', 'header'] as const;
const MODELS_KEYS = ['key', 'pattern', 'aliases'] as const;
const FONT_KEYS = ['name', 'size'] as const;

type JsonObject = Record<string, unknown>;

/**
 * Validates a parsed template file and fills what it leaves out (sheet names, labels, status labels)
 * from `base` — the bundled default — so a user's template may hold only what it changes. Pure.
 *
 * @param source how to name the template in messages (its path or name).
 * @param base the template to inherit from; null when parsing the default itself (then all is required).
 * @throws UsageError naming the template, the place in it and what to do.
 */
export function parseTemplate(value: unknown, source: string, base: Template | null): Template {
  const fail = (where: string, problem: string): never => {
    throw new UsageError(`--template ${source}: ${where} ${problem}`);
  };
  const root = expectObject(value, 'the file', fail);
  rejectUnknownKeys(root, TOP_LEVEL_KEYS, '', fail);

  const columns = parseColumns(root.columns, base, fail);
  const fields = new Set(columns.map((column) => column.field));
  const sheets = parseTexts(root.sheets, SHEET_KEYS, base?.sheets ?? null, 'sheets', fail);
  checkSheets(sheets, fail);

  return {
    name: root.name === undefined ? source : expectText(root.name, 'name', fail),
    language: parseLanguage(root.language, base?.language ?? 'en', fail),
    columns,
    sort: parseSort(root.sort, fields, fail),
    sheets,
    labels: parseTexts(root.labels, LABEL_KEYS, base?.labels ?? null, 'labels', fail),
    statusLabels: { ...base?.statusLabels, ...parseTextMap(root.statusLabels, 'statusLabels', fail) },
    hints: { ...base?.hints, ...parseTextMap(root.hints, 'hints', fail) },
    trendLabels: parseTexts(root.trendLabels, TRENDS, base?.trendLabels ?? null, 'trendLabels', fail),
    models: parseModels(root.models, fail),
    font: parseFont(root.font, base?.font ?? null, fail),
    csv: parseCsvLayout(root.csv, fail),
  };
}

type Fail = (where: string, problem: string) => never;

function parseColumns(value: unknown, base: Template | null, fail: Fail): TemplateColumn[] {
  if (!Array.isArray(value) || value.length === 0) {
    return fail(
      '"columns"',
      'must be a non-empty array of { "field", "label", "format", "width", "visible" }',
    );
  }
  const columns: TemplateColumn[] = [];
  const seenLabels = new Map<string, string>();
  value.forEach((item, index) => {
    const where = `columns[${index}]`;
    const entry = expectObject(item, where, fail);
    rejectUnknownKeys(entry, COLUMN_KEYS, `${where}.`, fail);
    const field = parseField(entry.field, `${where}.field`, fail);
    if (columns.some((column) => column.field === field)) {
      fail(`${where}.field`, `"${field}" is listed twice; list each field once`);
    }
    const label =
      entry.label === undefined
        ? (base?.columns.find((column) => column.field === field)?.label ?? field)
        : expectText(entry.label, `${where}.label`, fail);
    if (label.length > MAX_LABEL_CHARS) {
      fail(`${where}.label`, `is longer than ${MAX_LABEL_CHARS} characters`);
    }
    // Excel table headers must be unique, ignoring case.
    const previous = seenLabels.get(label.toLowerCase());
    if (previous !== undefined) {
      fail(`${where}.label`, `"${label}" is also the label of ${previous}; headers must be unique`);
    }
    seenLabels.set(label.toLowerCase(), field);
    columns.push({
      field,
      label,
      format: parseFormat(entry.format, field, `${where}.format`, fail),
      width: parseWidth(entry.width, `${where}.width`, fail),
      visible: entry.visible === undefined ? true : expectBoolean(entry.visible, `${where}.visible`, fail),
    });
  });
  if (!columns.some((column) => column.field === 'task_id')) {
    fail('"columns"', 'must include the field "task_id": it identifies each row');
  }
  return columns;
}

function parseField(value: unknown, where: string, fail: Fail): ReportField {
  const name = expectText(value, where, fail);
  if (!isReportField(name)) {
    return fail(where, `"${name}" is not a report field; use one of ${REPORT_FIELDS.join(', ')}`);
  }
  return name;
}

function parseFormat(value: unknown, field: ReportField, where: string, fail: Fail): string | null {
  if (value === undefined || value === null) {
    return null;
  }
  if (typeof value !== 'string') {
    return fail(where, 'must be an Excel number format text such as "0.0000" or "#,##0"');
  }
  // A duration may be shown as a time of day past 24 h (`[h]:mm:ss`): the writer turns its seconds
  // into days for it (isDurationFormat).
  const problem =
    field === 'duration_seconds' && isDurationFormat(value)
      ? null
      : checkNumberFormat(value, fieldKind(field));
  if (problem !== null) {
    fail(where, `${JSON.stringify(value)} ${problem}`);
  }
  return value;
}

function parseWidth(value: unknown, where: string, fail: Fail): number | null {
  if (value === undefined || value === null || value === 'auto') {
    return null;
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 1 || value > MAX_COLUMN_WIDTH) {
    return fail(where, `must be a number of characters from 1 to ${MAX_COLUMN_WIDTH}, or "auto"`);
  }
  return value;
}

function parseSort(value: unknown, fields: ReadonlySet<ReportField>, fail: Fail): SortKey[] {
  if (value === undefined) {
    return [];
  }
  if (!Array.isArray(value)) {
    return fail('"sort"', 'must be an array of { "field", "direction": "asc" | "desc" }');
  }
  const keys: SortKey[] = [];
  value.forEach((item, index) => {
    const where = `sort[${index}]`;
    const entry = expectObject(item, where, fail);
    rejectUnknownKeys(entry, SORT_KEYS, `${where}.`, fail);
    const field = parseField(entry.field, `${where}.field`, fail);
    if (!fields.has(field)) {
      fail(`${where}.field`, `"${field}" is not one of the template's columns`);
    }
    if (keys.some((key) => key.field === field)) {
      fail(`${where}.field`, `"${field}" is listed twice`);
    }
    const direction = entry.direction ?? 'asc';
    if (direction !== 'asc' && direction !== 'desc') {
      fail(`${where}.direction`, 'must be "asc" or "desc"');
    }
    keys.push({ field, direction: direction as SortKey['direction'] });
  });
  return keys;
}

function parseTexts<K extends string>(
  value: unknown,
  keys: readonly K[],
  base: Readonly<Record<K, string>> | null,
  where: string,
  fail: Fail,
): Record<K, string> {
  const given = value === undefined ? {} : expectObject(value, `"${where}"`, fail);
  rejectUnknownKeys(given, keys, `${where}.`, fail);
  const texts = {} as Record<K, string>;
  for (const key of keys) {
    const text = given[key];
    if (text !== undefined) {
      texts[key] = expectText(text, `${where}.${key}`, fail);
    } else if (base !== null) {
      texts[key] = base[key];
    } else {
      fail(`${where}.${key}`, 'is missing');
    }
  }
  return texts;
}

function checkSheets(sheets: Record<SheetKey, string>, fail: Fail): void {
  const seen = new Set<string>();
  for (const key of SHEET_KEYS) {
    const problem = checkSheetName(sheets[key]);
    if (problem !== null) {
      fail(`sheets.${key}`, `${JSON.stringify(sheets[key])} ${problem}`);
    }
    // Excel compares sheet names without regard to case.
    if (seen.has(sheets[key].toLowerCase())) {
      fail(`sheets.${key}`, `${JSON.stringify(sheets[key])} is the name of another sheet too`);
    }
    seen.add(sheets[key].toLowerCase());
  }
}

function parseTextMap(value: unknown, where: string, fail: Fail): Record<string, string> {
  if (value === undefined) {
    return {};
  }
  const entries = expectObject(value, `"${where}"`, fail);
  const texts: Record<string, string> = {};
  for (const [key, text] of Object.entries(entries)) {
    texts[key] = expectText(text, `${where}.${key}`, fail);
  }
  return texts;
}

function parseLanguage(value: unknown, fallback: TemplateLanguage, fail: Fail): TemplateLanguage {
  if (value === undefined) {
    return fallback;
  }
  if (!(TEMPLATE_LANGUAGES as readonly unknown[]).includes(value)) {
    return fail('"language"', `must be one of ${TEMPLATE_LANGUAGES.map((l) => `"${l}"`).join(', ')}`);
  }
  return value as TemplateLanguage;
}

/**
 * `"models": { "key": "train_feature", "pattern": "^(.*?) v\\d+$", "aliases": { "OLD": "NEW" } }`:
 * checked as the flags are.
 */
function parseModels(value: unknown, fail: Fail): TemplateModels {
  if (value === undefined) {
    return { key: null, pattern: null, aliases: {} };
  }
  const entry = expectObject(value, '"models"', fail);
  rejectUnknownKeys(entry, MODELS_KEYS, 'models.', fail);
  let key: ModelKey | null = null;
  if (entry.key !== undefined && entry.key !== null) {
    if (!(MODEL_KEYS as readonly unknown[]).includes(entry.key)) {
      fail('models.key', `must be one of ${MODEL_KEYS.map((k) => `"${k}"`).join(', ')}`);
    }
    key = entry.key as ModelKey;
  }
  let pattern: string | null = null;
  if (entry.pattern !== undefined && entry.pattern !== null) {
    pattern = expectText(entry.pattern, 'models.pattern', fail);
    try {
      compileModelPattern(pattern);
    } catch (error) {
      fail('models.pattern', (error as Error).message.replace(/^--model-pattern /, ''));
    }
  }
  const aliases: Record<string, string> = {};
  if (entry.aliases !== undefined && entry.aliases !== null) {
    const given = expectObject(entry.aliases, 'models.aliases', fail);
    for (const [from, to] of Object.entries(given)) {
      const where = `models.aliases.${JSON.stringify(from)}`;
      const target = expectText(to, where, fail);
      if (from.trim() === '' || target.trim() === '') {
        fail(where, 'needs a non-empty old and new model name');
      }
      aliases[from.trim()] = target.trim();
    }
  }
  return { key, pattern, aliases };
}

/** `"font": { "name": "Malgun Gothic", "size": 11 }`; left out → the base template's. */
function parseFont(value: unknown, base: TemplateFont | null, fail: Fail): TemplateFont {
  if (value === undefined) {
    return base ?? fail('"font"', 'is missing');
  }
  const entry = expectObject(value, '"font"', fail);
  rejectUnknownKeys(entry, FONT_KEYS, 'font.', fail);
  const name =
    entry.name === undefined && base !== null ? base.name : expectText(entry.name, 'font.name', fail);
  const size = entry.size === undefined && base !== null ? base.size : entry.size;
  if (typeof size !== 'number' || !Number.isFinite(size) || size < 6 || size > 72) {
    fail('font.size', 'must be a number of points from 6 to 72');
  }
  return { name, size: size as number };
}

function parseCsvLayout(value: unknown, fail: Fail): CsvLayout {
  if (value === undefined) {
    return { followTemplate: false, header: 'field' };
  }
  const entry = expectObject(value, '"csv"', fail);
  rejectUnknownKeys(entry, CSV_KEYS, 'csv.', fail);
  const header = entry.header ?? 'field';
  if (header !== 'field' && header !== 'label') {
    fail('csv.header', 'must be "field" (the column names) or "label" (the template\'s headers)');
  }
  return {
    followTemplate:
      entry.followTemplate === undefined
        ? false
        : expectBoolean(entry.followTemplate, 'csv.followTemplate', fail),
    header: header as CsvLayout['header'],
  };
}

function expectObject(value: unknown, where: string, fail: Fail): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(where, 'must be a JSON object');
  }
  return value as JsonObject;
}

function expectText(value: unknown, where: string, fail: Fail): string {
  if (typeof value !== 'string' || value.trim() === '') {
    return fail(where, 'must be a non-empty text');
  }
  return value;
}

function expectBoolean(value: unknown, where: string, fail: Fail): boolean {
  if (typeof value !== 'boolean') {
    return fail(where, 'must be true or false');
  }
  return value;
}

function rejectUnknownKeys(entry: JsonObject, known: readonly string[], prefix: string, fail: Fail): void {
  for (const key of Object.keys(entry)) {
    if (!known.includes(key)) {
      const where = prefix === '' ? JSON.stringify(key) : `${prefix}${key}`;
      fail(where, `is not a known key; use one of ${known.join(', ')}`);
    }
  }
}
