/**
 * The long options the yargs parser declares, by kind. `--config` keys, `NCLUE_REPORT_*` variables and
 * the completion script are all checked against this one list, read from the parser itself, so a flag
 * added to src/cli/options.ts is known everywhere without a second list to keep in step.
 */
export interface DeclaredOptions {
  /** Kebab-case names of boolean flags (`bom`, `dry-run`, …). */
  booleans: ReadonlySet<string>;
  /** Kebab-case names of flags that take a value (`out`, `wait-timeout`, …). */
  strings: ReadonlySet<string>;
  /** Default values by kebab-case name (boolean flags defaulting to true get a `--no-` form). */
  defaults: Readonly<Record<string, unknown>>;
}

/** Options of yargs itself, not of a report run: never read from a config file or the environment. */
export const BUILT_IN_OPTIONS: ReadonlySet<string> = new Set(['help', 'h', 'version']);

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * Reads the declared options of a yargs instance. `getOptions()` is part of yargs' runtime API but
 * missing from @types/yargs, hence the structural check instead of a type.
 */
export function describeDeclaredOptions(parser: object): DeclaredOptions {
  const getOptions = (parser as { getOptions?: unknown }).getOptions;
  if (typeof getOptions !== 'function') throw new TypeError('the yargs parser has no getOptions()');
  const raw: unknown = getOptions.call(parser);
  if (raw === null || typeof raw !== 'object') throw new TypeError('yargs getOptions() returned no object');
  const {
    boolean,
    string,
    default: defaults,
  } = raw as { boolean?: unknown; string?: unknown; default?: unknown };
  return {
    booleans: new Set(stringList(boolean)),
    strings: new Set(stringList(string)),
    defaults:
      defaults !== null && typeof defaults === 'object' ? { ...(defaults as Record<string, unknown>) } : {},
  };
}

/** `waitTimeout`, `wait_timeout`, `WAIT_TIMEOUT` → `wait-timeout`. */
export function toKebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/_/g, '-')
    .toLowerCase();
}
