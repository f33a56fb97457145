import yargs from 'yargs';
import { UsageError } from '../core/errors.js';
import { readConfigFile, type ConfigValues } from '../config/config-file.js';
import { describeDeclaredOptions } from '../config/declared-options.js';
import { checkEnvOptions } from '../config/env-options.js';
import type { RawOptions } from '../core/raw-options.js';
import { formatHelp } from './format-help.js';
import { COMPLETION_SHELLS, ENV_PREFIX, OPTION_SPECS } from './option-table.js';

export * from './option-table.js';
export { formatHelp } from './format-help.js';

/**
 * Builds the yargs parser; shared by parsing and by the completion script generator. yargs reads the
 * NCLUE_REPORT_* variables from `process.env` itself (not from an injected environment). Help and
 * version are plain flags here: formatHelp() writes the help text. Its messages are English whatever
 * the locale.
 */
export function createParser(_version: string) {
  let parser = yargs()
    .scriptName('nclue-report')
    // Every message of the CLI is English, and suggestOption reads yargs's English wording: without
    // this yargs follows LANG (ko_KR: `알 수 없는 인수입니다: fromat`, and no "did you mean").
    .locale('en')
    // Before the options: help and version are declared below as plain flags (formatHelp writes help).
    .help(false)
    .version(false)
    .command('$0 [taskIds..]', 'write the report', (y) =>
      y.positional('taskIds', { type: 'string', array: true, describe: 'task IDs (UUIDs)' }),
    )
    .command('completion [shell]', 'print a shell completion script', (y) =>
      y.positional('shell', { type: 'string', describe: COMPLETION_SHELLS.join(' | ') }),
    );
  for (const spec of OPTION_SPECS) {
    const takesValue = spec.kind !== 'boolean';
    parser = parser.option(spec.name, {
      // Numbers stay text until resolve-options validates them, so an error can quote what was typed.
      type: takesValue ? 'string' : 'boolean',
      ...(takesValue ? { requiresArg: true } : {}),
      ...(spec.default === undefined ? {} : { default: spec.default }),
      ...(spec.name === 'help' ? { alias: 'h' } : {}),
      describe: spec.describe,
    });
  }
  return parser
    .env(ENV_PREFIX)
    .strictOptions()
    .exitProcess(false)
    .parserConfiguration({
      'camel-case-expansion': true,
      'parse-positional-numbers': false,
      'parse-numbers': false,
    })
    .fail((message, error) => {
      throw new UsageError(suggestOption(error?.message ?? message ?? 'invalid arguments'));
    });
}

/** Edit distance (insertions, deletions, substitutions, adjacent swaps) between two words. */
export function computeEditDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** The option closest to a mistyped one (`fromat` → `format`), or null when none is close (as git does). */
export function findClosestOption(
  typed: string,
  names: readonly string[] = OPTION_SPECS.map((s) => s.name),
): string | null {
  const word = typed.replace(/^-+/, '').replace(/=.*$/, '').toLowerCase();
  const bare = word.startsWith('no-') ? word.slice(3) : word;
  let best: { name: string; distance: number } | null = null;
  for (const name of names) {
    const distance = Math.min(computeEditDistance(word, name), computeEditDistance(bare, name));
    if (best === null || distance < best.distance) best = { name, distance };
  }
  if (best === null) return null;
  // A prefix counts as close (`--conc` → `--concurrency`); otherwise at most a third of the word may differ.
  const isPrefix = word.length >= 3 && best.name.startsWith(word);
  if (isPrefix) return best.name;
  for (const name of names) if (word.length >= 3 && name.startsWith(word)) return name;
  return best.distance <= Math.max(1, Math.floor(word.length / 3)) ? best.name : null;
}

/**
 * yargs says only `Unknown argument: fromat`; this names the flag as typed and the closest option:
 * `unknown option --fromat: did you mean --format?`.
 */
export function suggestOption(message: string): string {
  const match = /^Unknown arguments?: (.+)$/.exec(message);
  if (match === null) return message;
  // yargs names a dashed flag twice, as typed and camel-cased (`fail-on-regresion, failOnRegresion`).
  const typed = [...new Set((match[1] ?? '').split(', ').map((w) => toKebab(w.trim())))];
  return typed
    .map((word) => {
      const flag = word.length === 1 ? `-${word}` : `--${toKebab(word)}`;
      const closest = findClosestOption(toKebab(word));
      return closest === null
        ? `unknown option ${flag}`
        : `unknown option ${flag}: did you mean --${closest}?`;
    })
    .join('; ');
}

/** yargs reports a typed `--fail-on-regresion` camel-cased as `failOnRegresion`. */
function toKebab(word: string): string {
  return word.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

/** A repeated flag (`--rps 1 --rps 2`) counts once: the last one wins, as in most CLIs. */
function last(value: unknown): unknown {
  return Array.isArray(value) ? value[value.length - 1] : value;
}

function optionalString(value: unknown): string | undefined {
  const v = last(value);
  return v === undefined || v === null ? undefined : String(v);
}

/**
 * The options whose value is the config file's (no flag or variable replaced it), by kebab-case name:
 * a message about one of them names the option and the form it needs, never the value (file content).
 */
function findValuesFromConfig(values: ConfigValues, args: Record<string, unknown>): ReadonlySet<string> {
  const names = new Set<string>();
  for (const [name, value] of Object.entries(values)) {
    const final = args[name];
    const text = (v: unknown): string => (Array.isArray(v) ? v.map(String).join(',') : String(v));
    if (text(last(final)) === text(value) || text(final) === text(value)) names.add(name);
  }
  return names;
}

function toStrings(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => String(v));
}

/**
 * Parses argv. Throws UsageError for unknown flags and malformed values; returns null when --help or
 * --version printed their text (then the caller exits 0).
 */
export async function parseArgv(
  argv: string[],
  version: string,
  print: (text: string) => void,
): Promise<RawOptions | null> {
  const parser = createParser(version);
  parser.showHelpOnFail(false);
  // Precedence: flags → NCLUE_REPORT_* variables → --config file → defaults (yargs applies them in that
  // order). yargs reads process.env itself, so that is what is checked.
  const declared = describeDeclaredOptions(parser);
  checkEnvOptions(process.env, ENV_PREFIX, declared);
  let config: { path: string; values: ConfigValues } | undefined;
  parser.config('config', (path: string) => {
    config = { path, values: readConfigFile(path, declared) };
    return config.values;
  });
  const args = await parser.parseAsync(argv);
  if (args.help === true) {
    print(formatHelp(process.stdout.columns ?? 100));
    return null;
  }
  if (args.version === true) {
    print(version);
    return null;
  }
  const command = args._[0] === 'completion' ? 'completion' : 'report';
  const fromConfig = config && {
    path: config.path,
    names: findValuesFromConfig(config.values, args as Record<string, unknown>),
  };
  return {
    ...(fromConfig ? { fromConfig } : {}),
    command,
    shell: optionalString(args.shell),
    ids: toStrings(args.taskIds),
    idsFile: optionalString(args.ids),
    all: Boolean(last(args.all)),
    strategy: String(last(args.strategy)),
    maxTasks: String(last(args.maxTasks)),
    out: String(last(args.out)),
    name: optionalString(args.name),
    format: String(last(args.format)),
    template: optionalString(args.template),
    compare: toStrings(args.compare),
    modelKey: optionalString(args.modelKey),
    modelPattern: optionalString(args.modelPattern),
    modelAlias: toStrings(args.modelAlias),
    period: optionalString(args.period),
    failOnRegression: optionalString(args.failOnRegression),
    endpoint: optionalString(args.endpoint),
    profile: optionalString(args.profile),
    rps: String(last(args.rps)),
    concurrency: optionalString(args.concurrency),
    timeout: String(last(args.timeout)),
    retries: String(last(args.retries)),
    bom: Boolean(last(args.bom)),
    escapeFormulas: Boolean(last(args.escapeFormulas)),
    resume: Boolean(last(args.resume)),
    fresh: Boolean(last(args.fresh)),
    wait: Boolean(last(args.wait)),
    waitTimeout: String(last(args.waitTimeout)),
    dryRun: Boolean(last(args.dryRun)),
    progress: Boolean(last(args.progress)),
    quiet: Boolean(last(args.quiet)),
    verbose: Boolean(last(args.verbose)),
  };
}
