import { UsageError } from '../core/errors.js';
import { readRegularFileSync } from '../core/open-regular-file.js';
import { locateJsonError } from './locate-json-error.js';
import { BUILT_IN_OPTIONS, toKebabCase, type DeclaredOptions } from './declared-options.js';

/** Options a config file may not set: yargs' own flags, and `config` itself (no chains of files). */
const NOT_IN_CONFIG: ReadonlySet<string> = new Set([...BUILT_IN_OPTIONS, 'config']);

export type ConfigValues = Record<string, string | boolean | string[]>;

/** Options that may be given more than once, so a config file may list several values. */
const REPEATABLE: ReadonlySet<string> = new Set(['compare', 'model-alias']);

/** `"model-aliases": { "OLD": "NEW" }`: the config file's way to give `--model-alias` several times. */
const ALIASES_KEY = 'model-aliases';
const ALIAS_FLAG = 'model-alias';

/**
 * Why a config file is not JSON, by line and column. Never JSON.parse's message: on Node 20 it quotes
 * the text around the error, and a config file is no place to echo from.
 */
function describeJsonError(text: string): string {
  const where = locateJsonError(text);
  return where === null ? 'syntax error' : `${where.reason} (line ${where.line}, column ${where.column})`;
}

/** The kind of a value, never the value: it is file content. */
function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * Parses a `--config` JSON file: one object whose keys are long option names, kebab-case
 * (`"wait-timeout"`) or camelCase (`"waitTimeout"`). Values are checked against the option's kind so a
 * typo fails loudly instead of turning into a silent default: booleans must be JSON true/false, other
 * options a string or a number; `format` may also be an array (`["csv", "xlsx"]`). Returns the values by
 * kebab-case name, ready for yargs, which ranks them below flags and NCLUE_REPORT_* variables.
 */
export function parseConfigFile(text: string, path: string, declared: DeclaredOptions): ConfigValues {
  const body = text.replace(/^\uFEFF/, '');
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new UsageError(`--config ${path} is not valid JSON: ${describeJsonError(body)}`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new UsageError(
      `--config ${path} must hold a JSON object of options, e.g. {"out": "./reports", "rps": 1}`,
    );
  }
  const known = [...declared.strings, ...declared.booleans].filter((k) => !NOT_IN_CONFIG.has(k)).sort();
  const out: ConfigValues = {};
  const seenAs = new Map<string, string>();
  let position = 0;
  for (const [key, value] of Object.entries(json as Record<string, unknown>)) {
    position++;
    // Only the names of known options are shown: an unknown key is file content, never echoed.
    const name = toKebabCase(key) === ALIASES_KEY ? ALIAS_FLAG : toKebabCase(key);
    if (toKebabCase(key) === ALIASES_KEY) {
      const earlier = seenAs.get(name);
      if (earlier !== undefined)
        throw new UsageError(`--config ${path}: "${earlier}" and "${key}" are the same option; keep one`);
      seenAs.set(name, key);
      out[name] = readAliases(value, key, path);
      continue;
    }
    if (NOT_IN_CONFIG.has(name))
      throw new UsageError(`--config ${path}: "${name}" cannot be set in a config file`);
    const isBoolean = declared.booleans.has(name);
    if (!isBoolean && !declared.strings.has(name)) {
      throw new UsageError(
        `--config ${path}: key ${position} of the object is not an option (its name is not shown: file content is never echoed); known options: ${known.join(', ')}`,
      );
    }
    const earlier = seenAs.get(name);
    if (earlier !== undefined)
      throw new UsageError(`--config ${path}: "${earlier}" and "${key}" are the same option; keep one`);
    seenAs.set(name, key);

    if (isBoolean) {
      if (typeof value !== 'boolean') {
        throw new UsageError(`--config ${path}: "${key}" must be true or false, got ${describeType(value)}`);
      }
      out[name] = value;
    } else if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) {
      out[name] = String(value);
    } else if (name === 'format' && Array.isArray(value) && value.every((v) => typeof v === 'string')) {
      out[name] = value.join(',');
    } else if (REPEATABLE.has(name) && Array.isArray(value) && value.every((v) => typeof v === 'string')) {
      out[name] = value;
    } else {
      throw new UsageError(
        `--config ${path}: "${key}" must be a string or a number, got ${describeType(value)}`,
      );
    }
  }
  return out;
}

/** `{ "OLD": "NEW" }` as `--model-alias` values (`OLD=NEW`); anything else is a UsageError. */
function readAliases(value: unknown, key: string, path: string): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError(
      `--config ${path}: "${key}" must be an object of old → new model names, e.g. {"LTV forecast": "LTV 예측"}; got ${describeType(value)}`,
    );
  }
  return Object.entries(value as Record<string, unknown>).map(([from, to]) => {
    if (typeof to !== 'string' || to.trim() === '' || from.trim() === '' || from.includes('=')) {
      throw new UsageError(
        `--config ${path}: "${key}" maps ${JSON.stringify(from)} to ${typeof to === 'string' ? JSON.stringify(to) : describeType(to)}; give a non-empty old name without "=" and a non-empty new name`,
      );
    }
    return `${from}=${to}`;
  });
}

/** Reads and parses a `--config` file. Synchronous because yargs calls config readers synchronously. */
export function readConfigFile(path: string, declared: DeclaredOptions): ConfigValues {
  let text: string;
  try {
    text = readRegularFileSync(path, '--config');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new UsageError(`--config ${path} cannot be read (${code})`);
  }
  return parseConfigFile(text, path, declared);
}
