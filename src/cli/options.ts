import yargs from 'yargs';
import { UsageError } from '../errors.js';

/** Report formats the writers know. */
export const FORMATS = ['csv', 'xlsx'] as const;
export type Format = (typeof FORMATS)[number];

/** Flags as typed on the command line, before validation (src/config/resolve-options.ts). */
export interface RawOptions {
  ids: string[];
  idsFile: string | undefined;
  out: string;
  name: string | undefined;
  format: string;
  endpoint: string | undefined;
  rps: string;
  concurrency: string;
  timeout: string;
  retries: string;
  bom: boolean;
  escapeFormulas: boolean;
  resume: boolean;
  verbose: boolean;
}

export const USAGE = `nclue-report [TASK_ID ...] [--ids FILE|-] [--out DIR] [--name BASE] [--format csv,xlsx]
             [--endpoint URL] [--rps N] [--concurrency N]

Fetches NCLUE task models through a signed, rate-limited, retrying client and writes CSV and Excel
reports. Credentials: NCLOUD_ACCESS_KEY and NCLOUD_SECRET_KEY.`;

/**
 * Parses argv. Throws UsageError for unknown flags and malformed values; returns null when --help or
 * --version printed their text (then the caller exits 0).
 */
export async function parseArgv(
  argv: string[],
  version: string,
  print: (text: string) => void,
): Promise<RawOptions | null> {
  let printed = false;
  const parser = yargs(argv)
    .scriptName('nclue-report')
    .usage(USAGE)
    .option('ids', { type: 'string', requiresArg: true, describe: 'file of task IDs, one per line or a CSV with a task_id column; - for stdin' })
    .option('out', { type: 'string', requiresArg: true, default: './reports', describe: 'output folder (created if missing)' })
    .option('name', { type: 'string', requiresArg: true, describe: 'base name of the report files [default: nclue-tasks-YYYY-MM-DD]' })
    .option('format', { type: 'string', requiresArg: true, default: 'csv,xlsx', describe: `comma-separated: ${FORMATS.join(', ')}` })
    .option('endpoint', { type: 'string', requiresArg: true, describe: 'NCLUE API base URL (env NCLUE_ENDPOINT)' })
    .option('rps', { type: 'string', requiresArg: true, default: '1', describe: 'requests per second at most, retries included' })
    .option('concurrency', { type: 'string', requiresArg: true, default: '4', describe: 'requests in flight at most' })
    .option('timeout', { type: 'string', requiresArg: true, default: '30000', describe: 'per-attempt timeout in ms (connect, headers, body)' })
    .option('retries', { type: 'string', requiresArg: true, default: '4', describe: 'retries after the first attempt for transient faults' })
    .option('bom', { type: 'boolean', default: true, describe: 'write a UTF-8 BOM in the CSV (--no-bom to drop)' })
    .option('escape-formulas', { type: 'boolean', default: true, describe: "prefix ' to CSV text that a spreadsheet would run as a formula" })
    .option('resume', { type: 'boolean', default: false, describe: 'continue an interrupted run from <out>/<name>.checkpoint.jsonl' })
    .option('verbose', { type: 'boolean', default: false, describe: 'log every request and retry to stderr' })
    .version(version)
    .help()
    .alias('h', 'help')
    .strictOptions()
    .exitProcess(false)
    .wrap(Math.min(110, process.stderr.columns ?? 100))
    .parserConfiguration({ 'camel-case-expansion': true, 'duplicate-arguments-array': false, 'parse-positional-numbers': false, 'parse-numbers': false })
    .fail((message, error) => {
      throw new UsageError(error?.message ?? message ?? 'invalid arguments');
    });
  parser.showHelpOnFail(false);
  let output = '';
  const args = await parser.parseAsync(argv, {}, (_err, _argv, text) => {
    if (text) {
      output = text;
      printed = true;
    }
  });
  if (printed) {
    print(output);
    return null;
  }
  const positional = args._.map((v) => String(v));
  return {
    ids: positional,
    idsFile: args.ids,
    out: args.out,
    name: args.name,
    format: args.format,
    endpoint: args.endpoint,
    rps: args.rps,
    concurrency: args.concurrency,
    timeout: args.timeout,
    retries: args.retries,
    bom: args.bom,
    escapeFormulas: args.escapeFormulas,
    resume: args.resume,
    verbose: args.verbose,
  };
}
