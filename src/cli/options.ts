import yargs from 'yargs';
import { UsageError } from '../errors.js';
import { readConfigFile } from '../config/config-file.js';
import { describeDeclaredOptions } from '../config/declared-options.js';
import { checkEnvOptions } from '../config/env-options.js';

/** Report formats the writers know. */
export const FORMATS = ['csv', 'xlsx', 'json', 'html'] as const;
export type Format = (typeof FORMATS)[number];

export const STRATEGIES = ['auto', 'get', 'list'] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** Flags as typed (or taken from NCLUE_REPORT_* env vars and --config), before validation. */
export interface RawOptions {
  command: 'report' | 'completion';
  /** `completion SHELL`: the shell asked for (bash when none). */
  shell: string | undefined;
  ids: string[];
  idsFile: string | undefined;
  all: boolean;
  strategy: string;
  out: string;
  name: string | undefined;
  format: string;
  template: string | undefined;
  compare: string[];
  modelKey: string | undefined;
  modelPattern: string | undefined;
  period: string | undefined;
  failOnRegression: string | undefined;
  endpoint: string | undefined;
  profile: string | undefined;
  rps: string;
  concurrency: string | undefined;
  timeout: string;
  retries: string;
  bom: boolean;
  escapeFormulas: boolean;
  resume: boolean;
  fresh: boolean;
  wait: boolean;
  waitTimeout: string;
  dryRun: boolean;
  progress: boolean;
  quiet: boolean;
  verbose: boolean;
}

export const USAGE = `  nclue-report [TASK_ID ...] [--ids FILE|-] [--out DIR] [--name BASE] [--format csv,xlsx]
               [--compare REPORT|DIR ...] [--fail-on-regression DELTA]
               [--endpoint URL] [--rps N] [--concurrency N]
  nclue-report --all [options]
  nclue-report completion [bash|zsh|fish]

Fetches NCLUE task models through a signed, rate-limited, retrying client and writes CSV and Excel
reports. Credentials: NCLOUD_ACCESS_KEY and NCLOUD_SECRET_KEY, or a profile of ~/.ncloud/configure.
Every option can also be set as NCLUE_REPORT_<OPTION> (e.g. NCLUE_REPORT_RPS=1) or in --config FILE.
Try it without an account: nclue-report-emulator (prints the lines to paste). Docs: docs/options.md.`;

/** One line per exit code, as README "Exit codes" lists them (a test compares the two). */
export const EXIT_CODE_LINES: ReadonlyArray<readonly [code: string, meaning: string]> = [
  ['0', 'every requested task was fetched'],
  ['1', '--all could not list the account, or an internal error'],
  ['2', 'usage or configuration error; nothing was sent'],
  ['3', 'reports written, but some tasks have a fetch_error'],
  ['4', 'credentials rejected'],
  ['5', "reports written, but a model's AUROC fell by more than --fail-on-regression"],
  ['6', 'some reports could not be written; --resume writes them without new requests'],
  ['130', 'interrupted (SIGINT; 143 for SIGTERM): rerun with --resume'],
];

export const EXIT_CODES_HELP = `Exit codes:\n${EXIT_CODE_LINES.map(([code, meaning]) => `  ${code.padEnd(5)}${meaning}`).join('\n')}`;

/** The Examples section of --help: a first run, the monthly run, cron, a dry run. */
export const EXAMPLES_HELP = `Examples:
  First run: three tasks into ./reports (CSV and Excel)
    nclue-report 0f8c… 7a41… c3d2…
  Monthly run: a list of IDs, compared with every earlier report in the folder
    nclue-report --ids tasks.txt --out reports --name nclue-2026-02 --compare reports
  Cron: quiet unless something is wrong; exit 5 when a model's AUROC fell by more than 0.02
    nclue-report --ids tasks.txt --out reports --compare reports --quiet --fail-on-regression 0.02
  Dry run: check the options and see the plan; nothing is sent, nothing written
    nclue-report --ids tasks.txt --compare reports --dry-run`;

/** The environment-variable prefix of every option (NCLUE_REPORT_OUT, NCLUE_REPORT_RPS, …). */
export const ENV_PREFIX = 'NCLUE_REPORT';

/** The shells `nclue-report completion SHELL` writes a script for. */
export const COMPLETION_SHELLS = ['bash', 'zsh', 'fish'] as const;
export type CompletionShell = (typeof COMPLETION_SHELLS)[number];

/**
 * One option as --help, the README and docs/options.md show it. `kind` is what the value means;
 * numbers are still parsed as text by yargs so that resolve-options can name the bad value exactly.
 */
export interface OptionSpec {
  name: string;
  kind: 'string' | 'number' | 'boolean';
  /** The value's placeholder in help (`FILE`, `N`). */
  value?: string;
  /** The default as yargs applies it (text for numbers, as typed). */
  default?: string | boolean;
  /** A default that is computed, not applied by yargs (shown in help only). */
  shownDefault?: string;
  describe: string;
}

/** Every option of a report run, in --help order. The single list help, parser and docs agree on. */
export const OPTION_SPECS: readonly OptionSpec[] = [
  {
    name: 'ids',
    kind: 'string',
    value: 'FILE',
    describe: 'file of task IDs, one per line or a CSV with a task_id column; - for stdin',
  },
  {
    name: 'all',
    kind: 'boolean',
    default: false,
    describe: 'report every task in the account (GET /tasks, 100 per request)',
  },
  {
    name: 'strategy',
    kind: 'string',
    value: 'auto|get|list',
    default: 'auto',
    describe: 'how to fetch a list of IDs: auto picks the fewer requests',
  },
  {
    name: 'out',
    kind: 'string',
    value: 'DIR',
    default: './reports',
    describe: 'output folder (created if missing)',
  },
  {
    name: 'name',
    kind: 'string',
    value: 'BASE',
    shownDefault: 'nclue-tasks-YYYY-MM-DD',
    describe: 'base name of the report files; existing reports of that name are replaced',
  },
  {
    name: 'format',
    kind: 'string',
    value: 'LIST',
    default: 'csv,xlsx',
    describe: `comma-separated: ${FORMATS.join(', ')}`,
  },
  {
    name: 'template',
    kind: 'string',
    value: 'NAME|FILE',
    shownDefault: 'default',
    describe: 'report layout: default, ko, or a template file',
  },
  {
    name: 'compare',
    kind: 'string',
    value: 'REPORT|DIR',
    describe:
      'earlier reports to compare with: a report file (csv, xlsx or json) or a folder of them; repeatable',
  },
  {
    name: 'model-key',
    kind: 'string',
    value: 'FIELD',
    shownDefault: 'name',
    describe: 'name | train_feature | train_path: the field a model is named from',
  },
  {
    name: 'model-pattern',
    kind: 'string',
    value: 'REGEX',
    describe: 'regular expression naming the model (its first group, or the whole match)',
  },
  {
    name: 'period',
    kind: 'string',
    value: 'YYYY-MM',
    shownDefault: 'the newest month among the fetched tasks',
    describe: "the report's month",
  },
  {
    name: 'fail-on-regression',
    kind: 'number',
    value: 'DELTA',
    describe: "exit 5 when a model's AUROC fell by more than DELTA (0 < DELTA < 1) since its previous period",
  },
  { name: 'endpoint', kind: 'string', value: 'URL', describe: 'NCLUE API base URL (env NCLUE_ENDPOINT)' },
  {
    name: 'profile',
    kind: 'string',
    value: 'NAME',
    shownDefault: 'DEFAULT',
    describe: 'profile of ~/.ncloud/configure (env NCLOUD_PROFILE)',
  },
  {
    name: 'rps',
    kind: 'number',
    value: 'N',
    default: '1',
    describe: 'requests per second at most, retries included',
  },
  {
    name: 'concurrency',
    kind: 'number',
    value: 'N',
    shownDefault: 'auto',
    describe: 'requests in flight at most (auto: rate × observed latency, with headroom, up to 256)',
  },
  {
    name: 'timeout',
    kind: 'number',
    value: 'MS',
    default: '30000',
    describe: 'per-attempt timeout in ms (connect, headers, body)',
  },
  {
    name: 'retries',
    kind: 'number',
    value: 'N',
    default: '4',
    describe: 'retries after the first attempt for transient faults',
  },
  {
    name: 'bom',
    kind: 'boolean',
    default: true,
    describe: 'write a UTF-8 BOM in the CSV (--no-bom to drop)',
  },
  {
    name: 'escape-formulas',
    kind: 'boolean',
    default: true,
    describe: "prefix ' to CSV text a spreadsheet would run as a formula",
  },
  {
    name: 'resume',
    kind: 'boolean',
    default: false,
    describe: 'continue an interrupted run from <out>/<name>.checkpoint.jsonl',
  },
  {
    name: 'fresh',
    kind: 'boolean',
    default: false,
    describe: 'discard the checkpoint of an unfinished run and start over',
  },
  {
    name: 'wait',
    kind: 'boolean',
    default: false,
    describe: 'poll unfinished tasks until they complete or fail',
  },
  {
    name: 'wait-timeout',
    kind: 'number',
    value: 'S',
    default: '3600',
    describe: 'seconds --wait may poll at most',
  },
  { name: 'dry-run', kind: 'boolean', default: false, describe: 'validate and print the plan; send nothing' },
  {
    name: 'progress',
    kind: 'boolean',
    default: true,
    describe: 'show progress on stderr (--no-progress to hide)',
  },
  { name: 'quiet', kind: 'boolean', default: false, describe: 'print only errors' },
  { name: 'verbose', kind: 'boolean', default: false, describe: 'log every request and retry to stderr' },
  {
    name: 'config',
    kind: 'string',
    value: 'FILE',
    describe: 'JSON file of options (keys as the long flags)',
  },
  { name: 'help', kind: 'boolean', describe: 'show this help' },
  { name: 'version', kind: 'boolean', describe: 'show the version number' },
];

/** The default an option shows in help and docs, or undefined when it has none. */
export function formatOptionDefault(spec: OptionSpec): string | undefined {
  if (spec.shownDefault !== undefined) return spec.shownDefault;
  return spec.default === undefined ? undefined : String(spec.default);
}

/** `--ids FILE`, `-h, --help`: how an option is written in help and docs. */
export function formatOptionFlag(spec: OptionSpec): string {
  const flag = `--${spec.name}${spec.value === undefined ? '' : ` ${spec.value}`}`;
  return spec.name === 'help' ? `-h, ${flag}` : flag;
}

/** Words of `text` wrapped to `width` columns; a tag such as `[default: ./reports]` is never split. */
function wrapWords(words: readonly string[], width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

const FLAG_COLUMN = 26;

/**
 * The whole --help text: usage, commands, every option with its type and default (each tag after a
 * space), examples and the exit codes. Written here rather than by yargs, whose help shows numbers as
 * `[string]` and runs tags into the text.
 */
export function formatHelp(columns = 100): string {
  const width = Math.max(60, Math.min(110, columns));
  const optionLines = OPTION_SPECS.flatMap((spec) => {
    const shown = formatOptionDefault(spec);
    const tags = [`[${spec.kind}]`, ...(shown === undefined ? [] : [`[default: ${shown}]`])];
    const words = [...spec.describe.split(' '), ...tags];
    const text = wrapWords(words, width - FLAG_COLUMN - 2);
    const flag = `  ${formatOptionFlag(spec)}`;
    const first =
      flag.length < FLAG_COLUMN
        ? `${flag.padEnd(FLAG_COLUMN)}${text[0] ?? ''}`
        : `${flag}\n${' '.repeat(FLAG_COLUMN)}${text[0] ?? ''}`;
    return [first, ...text.slice(1).map((l) => `${' '.repeat(FLAG_COLUMN)}${l}`)];
  });
  return [
    `Usage:\n${USAGE}`,
    `Commands:
  nclue-report [TASK_ID ...]        write the report (the default command)
  nclue-report completion [SHELL]   print a completion script for ${COMPLETION_SHELLS.join(', ')} (default bash)`,
    `Options:\n${optionLines.join('\n')}`,
    EXAMPLES_HELP,
    EXIT_CODES_HELP,
  ].join('\n\n');
}

/**
 * Builds the yargs parser; shared by parsing and by the completion script generator. yargs reads the
 * NCLUE_REPORT_* variables from `process.env` itself (not from an injected environment). Help and
 * version are plain flags here: formatHelp() writes the help text.
 */
export function createParser(_version: string) {
  let parser = yargs()
    .scriptName('nclue-report')
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
  const typed = (match[1] ?? '').split(', ').map((w) => w.trim());
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
  parser.config('config', (path: string) => readConfigFile(path, declared));
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
  return {
    command,
    shell: optionalString(args.shell),
    ids: toStrings(args.taskIds),
    idsFile: optionalString(args.ids),
    all: Boolean(last(args.all)),
    strategy: String(last(args.strategy)),
    out: String(last(args.out)),
    name: optionalString(args.name),
    format: String(last(args.format)),
    template: optionalString(args.template),
    compare: toStrings(args.compare),
    modelKey: optionalString(args.modelKey),
    modelPattern: optionalString(args.modelPattern),
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
