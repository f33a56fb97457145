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
  concurrency: string;
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

export const USAGE = `nclue-report [TASK_ID ...] [--ids FILE|-] [--out DIR] [--name BASE] [--format csv,xlsx]
             [--compare REPORT|FOLDER ...] [--fail-on-regression DELTA]
             [--endpoint URL] [--rps N] [--concurrency N]
nclue-report --all [options]
nclue-report completion

Fetches NCLUE task models through a signed, rate-limited, retrying client and writes CSV and Excel
reports. Credentials: NCLOUD_ACCESS_KEY and NCLOUD_SECRET_KEY, or a profile of ~/.ncloud/configure.
Every option can also be set as NCLUE_REPORT_<OPTION> (e.g. NCLUE_REPORT_RPS=1) or in --config FILE.`;

/** The exit codes, as README "Exit codes" lists them. */
export const EXIT_CODES_HELP = `Exit codes:
  0    every requested task was fetched
  1    --all could not list the account, or an internal error
  2    usage or configuration error; nothing was sent
  3    reports written, but some tasks have a fetch_error
  4    credentials rejected
  5    reports written, but a model's AUROC fell by more than --fail-on-regression
  6    some reports could not be written; --resume writes them without new requests
  130  interrupted (SIGINT; 143 for SIGTERM): rerun with --resume`;

/** The environment-variable prefix of every option (NCLUE_REPORT_OUT, NCLUE_REPORT_RPS, …). */
export const ENV_PREFIX = 'NCLUE_REPORT';

/**
 * Builds the yargs parser; shared by parsing and by the completion script generator. yargs reads the
 * NCLUE_REPORT_* variables from `process.env` itself (not from an injected environment).
 */
export function createParser(version: string) {
  return yargs()
    .scriptName('nclue-report')
    .usage(USAGE)
    .command('$0 [taskIds..]', 'write the report', (y) =>
      y.positional('taskIds', { type: 'string', array: true, describe: 'task IDs (UUIDs)' }),
    )
    .command('completion', 'print a shell completion script (bash/zsh)')
    .option('ids', {
      type: 'string',
      requiresArg: true,
      describe: 'file of task IDs, one per line or a CSV with a task_id column; - for stdin',
    })
    .option('all', {
      type: 'boolean',
      default: false,
      describe: 'report every task in the account (GET /tasks, 100 per request)',
    })
    .option('strategy', {
      type: 'string',
      requiresArg: true,
      default: 'auto',
      describe: 'auto | get | list: how to fetch a list of IDs',
    })
    .option('out', {
      type: 'string',
      requiresArg: true,
      default: './reports',
      describe: 'output folder (created if missing)',
    })
    .option('name', {
      type: 'string',
      requiresArg: true,
      describe: 'base name of the report files [default: nclue-tasks-YYYY-MM-DD]',
    })
    .option('format', {
      type: 'string',
      requiresArg: true,
      default: 'csv,xlsx',
      describe: `comma-separated: ${FORMATS.join(', ')}`,
    })
    .option('template', {
      type: 'string',
      requiresArg: true,
      describe: 'report layout: default, ko, or a template file',
    })
    .option('compare', {
      type: 'string',
      requiresArg: true,
      describe:
        'earlier reports to compare with: a report file (csv, xlsx or json) or a folder of them; repeatable',
    })
    .option('model-key', {
      type: 'string',
      requiresArg: true,
      describe: 'name | train_feature | train_path: the field a model is named from [default: name]',
    })
    .option('model-pattern', {
      type: 'string',
      requiresArg: true,
      describe: 'regular expression naming the model (its first group, or the whole match)',
    })
    .option('period', {
      type: 'string',
      requiresArg: true,
      describe: "the report's month, YYYY-MM [default: the newest month among the fetched tasks]",
    })
    .option('fail-on-regression', {
      type: 'string',
      requiresArg: true,
      describe:
        "exit 5 when a model's AUROC fell by more than DELTA (0 < DELTA < 1) since its previous period",
    })
    .option('endpoint', {
      type: 'string',
      requiresArg: true,
      describe: 'NCLUE API base URL (env NCLUE_ENDPOINT)',
    })
    .option('profile', {
      type: 'string',
      requiresArg: true,
      describe: 'profile of ~/.ncloud/configure (env NCLOUD_PROFILE) [default: DEFAULT]',
    })
    .option('rps', {
      type: 'string',
      requiresArg: true,
      default: '1',
      describe: 'requests per second at most, retries included',
    })
    .option('concurrency', {
      type: 'string',
      requiresArg: true,
      default: '4',
      describe: 'requests in flight at most',
    })
    .option('timeout', {
      type: 'string',
      requiresArg: true,
      default: '30000',
      describe: 'per-attempt timeout in ms (connect, headers, body)',
    })
    .option('retries', {
      type: 'string',
      requiresArg: true,
      default: '4',
      describe: 'retries after the first attempt for transient faults',
    })
    .option('bom', {
      type: 'boolean',
      default: true,
      describe: 'write a UTF-8 BOM in the CSV (--no-bom to drop)',
    })
    .option('escape-formulas', {
      type: 'boolean',
      default: true,
      describe: "prefix ' to CSV text a spreadsheet would run as a formula",
    })
    .option('resume', {
      type: 'boolean',
      default: false,
      describe: 'continue an interrupted run from <out>/<name>.checkpoint.jsonl',
    })
    .option('fresh', {
      type: 'boolean',
      default: false,
      describe: 'discard the checkpoint of an unfinished run and start over',
    })
    .option('wait', {
      type: 'boolean',
      default: false,
      describe: 'poll unfinished tasks until they complete or fail',
    })
    .option('wait-timeout', {
      type: 'string',
      requiresArg: true,
      default: '3600',
      describe: 'seconds --wait may poll at most',
    })
    .option('dry-run', {
      type: 'boolean',
      default: false,
      describe: 'validate and print the plan; send nothing',
    })
    .option('progress', {
      type: 'boolean',
      default: true,
      describe: 'show progress on stderr (--no-progress to hide)',
    })
    .option('quiet', { type: 'boolean', default: false, describe: 'print only errors' })
    .option('verbose', { type: 'boolean', default: false, describe: 'log every request and retry to stderr' })
    .option('config', {
      type: 'string',
      requiresArg: true,
      describe: 'JSON file of options (keys as the long flags)',
    })
    .epilog(EXIT_CODES_HELP)
    .env(ENV_PREFIX)
    .version(version)
    .help()
    .alias('h', 'help')
    .strictOptions()
    .exitProcess(false)
    .wrap(Math.min(110, process.stderr.columns ?? 100))
    .parserConfiguration({
      'camel-case-expansion': true,
      'parse-positional-numbers': false,
      'parse-numbers': false,
    })
    .fail((message, error) => {
      throw new UsageError(error?.message ?? message ?? 'invalid arguments');
    });
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
  let output: string | null = null;
  const args = await parser.parseAsync(argv, {}, (_err, _argv, text) => {
    if (text) output = text;
  });
  if (output !== null) {
    print(output);
    return null;
  }
  const command = args._[0] === 'completion' ? 'completion' : 'report';
  return {
    command,
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
    concurrency: String(last(args.concurrency)),
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
