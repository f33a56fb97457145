import { UsageError } from '../core/errors.js';
import { stripPeriodMarkers } from './period-marker.js';

/** Which field of a task names its model (`--model-key`). */
export const MODEL_KEYS = ['name', 'train_feature', 'train_path'] as const;
export type ModelKey = (typeof MODEL_KEYS)[number];

/** How models are named: from which field, and with which `--model-pattern`, if any. */
export interface ModelNaming {
  key: ModelKey;
  /** The source text of `--model-pattern`; null → the period-marker rules alone. */
  pattern: string | null;
  /**
   * Renamed models, old name → new name (`--model-alias OLD=NEW`, `"model-aliases"`, a template's
   * `models.aliases`); both sides are matched as model names are (period markers removed, folded).
   */
  aliases?: Readonly<Record<string, string>>;
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
  /** A model name as written (an earlier report's `model`), with the aliases applied. */
  rename(name: string): ModelName;
  /** The old names of the aliases that no task named so far has matched, as given. */
  unmatchedAliases(): string[];
}

/**
 * `--model-alias OLD=NEW`: split at the first `=`, both sides trimmed and non-empty.
 *
 * @throws UsageError naming the value and the form it needs.
 */
export function parseModelAlias(text: string): [string, string] {
  const at = text.indexOf('=');
  const from = at < 0 ? '' : text.slice(0, at).trim();
  const to = at < 0 ? '' : text.slice(at + 1).trim();
  if (from === '' || to === '') {
    throw new UsageError(
      `--model-alias "${text}" is not OLD=NEW; give the old and the new model name, e.g. --model-alias 'LTV forecast=LTV 예측'`,
    );
  }
  return [from, to];
}

/** Repeated `--model-alias` values as one map; a later alias of the same old name wins. */
export function parseModelAliases(texts: readonly string[]): Record<string, string> {
  const aliases: Record<string, string> = {};
  for (const text of texts) {
    const [from, to] = parseModelAlias(text);
    aliases[from] = to;
  }
  return aliases;
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

/**
 * Two names are one model when they differ only in case, full-width forms (NFKC), or in the
 * separators between words: a run of `-`, `_`, `.` and blanks is one separator, so `churn-model`,
 * `churn_model` and `Churn Model` are one model.
 */
export function modelKeyOf(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\-_.]+/gu, ' ')
    .trim();
}

/**
 * Creates the function that names a task's model. The field `naming.key` picks is read (a task
 * without it falls back to its name, then its ID, so every task belongs to a model); `--model-pattern`,
 * when given and matching, names the model by its first capture group (or its whole match); otherwise
 * the period markers are removed (stripPeriodMarkers). A model named by an alias's old name is
 * the alias's new model. Pure but for the match counters.
 */
export function createModelNamer(naming: ModelNaming): ModelNamer {
  const pattern = naming.pattern === null ? null : compileModelPattern(naming.pattern);
  let patternMatches = 0;
  // Old model key → the new model, and which old names have matched a task.
  const aliases = new Map<string, { from: string; to: ModelName }>();
  for (const [from, to] of Object.entries(naming.aliases ?? {})) {
    const name = stripPeriodMarkers(to);
    aliases.set(modelKeyOf(stripPeriodMarkers(from)), { from, to: { name, key: modelKeyOf(name) } });
  }
  const matched = new Set<string>();
  const rename = (display: string): ModelName => {
    const key = modelKeyOf(display);
    const alias = aliases.get(key);
    if (alias === undefined) {
      return { name: display, key };
    }
    matched.add(alias.from);
    return alias.to;
  };
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
    return rename(named ?? stripPeriodMarkers(text));
  };
  return Object.defineProperties(name, {
    patternMatches: { get: () => patternMatches },
    rename: { value: rename },
    unmatchedAliases: {
      value: () => [...aliases.values()].map((alias) => alias.from).filter((from) => !matched.has(from)),
    },
  }) as ModelNamer;
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
