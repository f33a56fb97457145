import { UsageError } from '../errors.js';
import { stripPeriodMarkers } from './period-marker.js';

/** Which field of a task names its model (`--model-key`). */
export const MODEL_KEYS = ['name', 'train_feature', 'train_path'] as const;
export type ModelKey = (typeof MODEL_KEYS)[number];

/** How models are named: from which field, and with which `--model-pattern`, if any. */
export interface ModelNaming {
  key: ModelKey;
  /** The source text of `--model-pattern`; null → the period-marker rules alone. */
  pattern: string | null;
}

export const DEFAULT_MODEL_NAMING: Readonly<ModelNaming> = { key: 'name', pattern: null };

/** The fields of a task that a model can be named from. */
export interface ModelSource {
  task_id: string;
  task_name: string | null;
  train_feature_name: string | null;
  train_file_path: string | null;
}

/** A task's model: the name shown, and the key tasks are grouped by. */
export interface ModelName {
  name: string;
  /** The name compared ignoring case, width forms and blanks (see modelKeyOf). */
  key: string;
}

export interface ModelNamer {
  (task: ModelSource): ModelName;
  /** How many tasks `--model-pattern` has named so far (0 → it matches nothing: worth a warning). */
  readonly patternMatches: number;
}

export function parseModelKey(text: string): ModelKey {
  const value = text.trim().toLowerCase();
  if (!(MODEL_KEYS as readonly string[]).includes(value)) {
    throw new UsageError(`unknown --model-key "${text}"; use one of ${MODEL_KEYS.join(', ')}`);
  }
  return value as ModelKey;
}

/**
 * Compiles `--model-pattern`. JavaScript regular-expression syntax, matched case-insensitively.
 *
 * @throws UsageError with the engine's reason when the pattern does not compile.
 */
export function compileModelPattern(pattern: string): RegExp {
  if (pattern === '') {
    throw new UsageError('--model-pattern is empty; give a regular expression, e.g. "^(.*?) v\\d+$"');
  }
  try {
    return new RegExp(pattern, 'iu');
  } catch {
    // Unicode mode refuses escapes that the legacy syntax allows (`[\w\-]`); such a pattern is still
    // what the user meant.
  }
  try {
    return new RegExp(pattern, 'i');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`--model-pattern is not a valid regular expression (${reason})`);
  }
}

/** Two names are one model when they differ only in case, full-width forms or blanks. */
export function modelKeyOf(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/**
 * Creates the function that names a task's model. The field `naming.key` picks is read (a task
 * without it falls back to its name, then its ID, so every task belongs to a model); `--model-pattern`,
 * when given and matching, names the model by its first capture group (or its whole match); otherwise
 * the period markers are removed (stripPeriodMarkers). Pure but for the match counter.
 */
export function createModelNamer(naming: ModelNaming): ModelNamer {
  const pattern = naming.pattern === null ? null : compileModelPattern(naming.pattern);
  let patternMatches = 0;
  const name = (task: ModelSource): ModelName => {
    const text = readKeyField(task, naming.key) ?? task.task_name?.trim() ?? task.task_id;
    let named: string | null = null;
    if (pattern !== null) {
      const match = pattern.exec(text);
      const captured = (match?.[1] ?? match?.[0] ?? '').trim();
      if (captured !== '') {
        patternMatches += 1;
        named = captured;
      }
    }
    const display = named ?? stripPeriodMarkers(text);
    return { name: display, key: modelKeyOf(display) };
  };
  return Object.defineProperty(name, 'patternMatches', { get: () => patternMatches }) as ModelNamer;
}

/** The text of the field `--model-key` picks; null when the task has none. */
export function readKeyField(task: ModelSource, key: ModelKey): string | null {
  const value =
    key === 'name'
      ? task.task_name
      : key === 'train_feature'
        ? task.train_feature_name
        : task.train_file_path;
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}
