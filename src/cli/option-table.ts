import type { DeclaredOptions } from '../config/declared-options.js';
import { FORMATS } from '../core/formats.js';

/*
 * The option table and the texts built from it. Imported by --help, --version and `completion`
 * before anything else is loaded (src/cli/quick-answer.ts), so at run time it imports only the
 * format list (src/core/formats.ts).
 */

export const USAGE = `  nclue-report [TASK_ID ...] [--ids FILE|-] [--out DIR] [--name BASE] [--format csv,xlsx]
               [--compare REPORT|DIR ...] [--fail-on-regression DELTA]
               [--endpoint URL] [--rps N] [--concurrency N]
  nclue-report --all [options]
  nclue-report completion [bash|zsh|fish]

Fetches NCLUE task models through a signed, rate-limited, retrying client and writes CSV and Excel
reports. Credentials: NCLOUD_ACCESS_KEY and NCLOUD_SECRET_KEY, or a profile of ~/.ncloud/configure.
Every option can also be set as NCLUE_REPORT_<OPTION> (e.g. NCLUE_REPORT_RPS=1) or in --config FILE.
Try it without an account: nclue-report-emulator (prints the lines to paste). Docs: docs/options.md.`;

/** One line per exit code, as docs/options.md "Exit codes" lists them (a test compares the two). */
export const EXIT_CODE_LINES: ReadonlyArray<readonly [code: string, meaning: string]> = [
  ['0', 'every requested task was fetched'],
  ['1', '--all could not list the whole account, a listing went past --max-tasks, or an internal error'],
  ['2', 'usage or configuration error; nothing was sent'],
  ['3', 'reports written, but some tasks have a fetch_error'],
  ['4', 'keys rejected or not allowed, quota spent, or the endpoint unreachable or wrong'],
  ['5', "reports written, but a model's AUROC fell by at least --fail-on-regression"],
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
  Cron on the 1st: last month's report; quiet unless something is wrong; exit 5 on a drop of 0.02
    nclue-report --config report.json --period previous --quiet --fail-on-regression 0.02
  Dry run: check the options and see the plan; nothing is sent, nothing written
    nclue-report --ids tasks.txt --compare reports --dry-run`;

/** The environment-variable prefix of every option (NCLUE_REPORT_OUT, NCLUE_REPORT_RPS, …). */
export const ENV_PREFIX = 'NCLUE_REPORT';

/** The shells `nclue-report completion SHELL` writes a script for. */
export const COMPLETION_SHELLS = ['bash', 'zsh', 'fish'] as const;
export type CompletionShell = (typeof COMPLETION_SHELLS)[number];

/**
 * One option as --help and docs/options.md show it. `kind` is what the value means;
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
    name: 'max-tasks',
    kind: 'number',
    value: 'N',
    default: '1000000',
    describe: 'a listing that goes past N distinct tasks stops the run (exit 1)',
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
    name: 'model-alias',
    kind: 'string',
    value: 'OLD=NEW',
    describe: 'a renamed model: the tasks of model OLD count as model NEW; repeatable',
  },
  {
    name: 'period',
    kind: 'string',
    value: 'YYYY-MM|previous|current',
    shownDefault: 'the newest month with a completed task',
    describe: "the report's month (previous: the month before today, for cron on the 1st)",
  },
  {
    name: 'fail-on-regression',
    kind: 'number',
    value: 'DELTA',
    describe: "exit 5 when a model's AUROC fell by at least DELTA (0 < DELTA < 1) since its previous period",
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

/**
 * The options the parser declares for this table (createParser in options.ts), by kind, as yargs'
 * getOptions() reports them: `-h` is a boolean alias of `--help`. A test checks the two agree, so the
 * completion script and the environment check can be made without loading yargs.
 */
export function describeOptionTable(specs: readonly OptionSpec[] = OPTION_SPECS): DeclaredOptions {
  const booleans = new Set<string>();
  const strings = new Set<string>();
  const defaults: Record<string, unknown> = {};
  for (const spec of specs) {
    if (spec.kind === 'boolean') {
      booleans.add(spec.name);
      if (spec.name === 'help') booleans.add('h');
    } else strings.add(spec.name);
    if (spec.default !== undefined) defaults[spec.name] = spec.default;
  }
  return { booleans, strings, defaults };
}
