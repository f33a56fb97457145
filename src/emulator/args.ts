import { parseArgs } from 'node:util';
import { GATEWAY_ERRORS } from './errors.js';
import { SAMPLE_ACCESS_KEY, SAMPLE_SECRET_KEY } from './sample-keys.js';

export const DEFAULT_EMULATOR_PORT = 8787;
/** NCLUE asks for ≤ 1 request per second (docs/api.md, "Rate limit"), so the standalone emulator enforces it. */
export const DEFAULT_EMULATOR_RPS = 1;

export const EMULATOR_USAGE = `Usage: nclue-report-emulator [options]   (from a clone: npm run emulator -- [options])

A local stand-in of the NCLUE task API: try nclue-report without a NAVER Cloud account. It serves the
bundled sample tasks, checks signatures and the rate limit like the real API, answers with the API
Gateway's error codes and an x-ncp-trace-id, and prints the lines to paste into another shell
(NCLOUD_ACCESS_KEY, NCLOUD_SECRET_KEY, NCLUE_ENDPOINT).

Options:
  --data FILE              task data: JSON array of tasks or {"tasks": [...]} (default: the bundled
                           samples/tasks.json); alias --data-file
  --port N                 port to listen on, 0 = any free port (default ${DEFAULT_EMULATOR_PORT})
  --host HOST              address to bind (default 127.0.0.1, loopback only)
  --rps N                  max requests per second, 0 = unlimited (default ${DEFAULT_EMULATOR_RPS}); alias --rate
  --latency-ms N           delay before every response in ms (default 0); alias --latency
  --pagination offset|page meaning of "index" in GET /tasks (default offset)
  --total account|page     meaning of "total" in GET /tasks: the account's tasks, or this page's
                           (default account)
  --list-omit FIELDS       comma-separated fields left out of every list item, e.g. AUROC,line_count
  --faults FILE            JSON map of task ID ("list": list requests, "*": any request) → scripted
                           fault steps, e.g. {"*": [{"errorCode": "410"}]}; errorCode is any of
                           ${Object.keys(GATEWAY_ERRORS).join(', ')}
  -h, --help               show this help

Credentials: NCLOUD_ACCESS_KEY_ID (else NCLOUD_ACCESS_KEY) and NCLOUD_SECRET_ACCESS_KEY (else
NCLOUD_SECRET_KEY) when both are set, else the sample keys (printed at start; they unlock only this
emulator).`;

/** Bad command line for the standalone emulator. */
export class EmulatorArgsError extends Error {
  override readonly name = 'EmulatorArgsError';
}

export interface EmulatorArgs {
  help: boolean;
  dataFile: string;
  faultsFile: string | undefined;
  host: string;
  port: number;
  rps: number;
  latencyMs: number;
  pagination: 'offset' | 'page';
  total: 'account' | 'page';
  listOmit: string[];
  credentials: { accessKey: string; secretKey: string };
  usingSampleKeys: boolean;
}

/** Parses the standalone emulator's argv (without node and script) and credential env vars. Pure. */
export function parseEmulatorArgs(
  argv: string[],
  env: Record<string, string | undefined>,
  defaultDataFile: string,
): EmulatorArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        data: { type: 'string' },
        'data-file': { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        rps: { type: 'string' },
        rate: { type: 'string' },
        'latency-ms': { type: 'string' },
        latency: { type: 'string' },
        pagination: { type: 'string' },
        total: { type: 'string' },
        'list-omit': { type: 'string' },
        faults: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new EmulatorArgsError(`${(error as Error).message}\n\n${EMULATOR_USAGE}`, { cause: error });
  }

  const pagination = values.pagination ?? 'offset';
  if (pagination !== 'offset' && pagination !== 'page') {
    throw new EmulatorArgsError(`--pagination must be "offset" or "page", got "${pagination}"`);
  }
  const total = values.total ?? 'account';
  if (total !== 'account' && total !== 'page') {
    throw new EmulatorArgsError(`--total must be "account" or "page", got "${total}"`);
  }
  const listOmit = (values['list-omit'] ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '');
  const port = parseNumber('--port', values.port, DEFAULT_EMULATOR_PORT, { integer: true, max: 65_535 });

  // In the order NCP's SDKs read them, as the CLI does.
  const accessKey = env.NCLOUD_ACCESS_KEY_ID || env.NCLOUD_ACCESS_KEY;
  const secretKey = env.NCLOUD_SECRET_ACCESS_KEY || env.NCLOUD_SECRET_KEY;
  const hasAccess = accessKey !== undefined && accessKey !== '';
  const hasSecret = secretKey !== undefined && secretKey !== '';
  if (hasAccess !== hasSecret) {
    throw new EmulatorArgsError(
      'set both an access key (NCLOUD_ACCESS_KEY_ID or NCLOUD_ACCESS_KEY) and a secret key (NCLOUD_SECRET_ACCESS_KEY or NCLOUD_SECRET_KEY), or neither to use the sample keys',
    );
  }

  return {
    help: values.help === true,
    dataFile: values.data ?? values['data-file'] ?? defaultDataFile,
    faultsFile: values.faults,
    host: values.host ?? '127.0.0.1',
    port,
    rps: parseNumber(
      values.rps === undefined && values.rate !== undefined ? '--rate' : '--rps',
      values.rps ?? values.rate,
      DEFAULT_EMULATOR_RPS,
      {},
    ),
    latencyMs: parseNumber(
      values['latency-ms'] === undefined && values.latency !== undefined ? '--latency' : '--latency-ms',
      values['latency-ms'] ?? values.latency,
      0,
      {},
    ),
    pagination,
    total,
    listOmit,
    credentials:
      hasAccess && hasSecret
        ? { accessKey, secretKey }
        : { accessKey: SAMPLE_ACCESS_KEY, secretKey: SAMPLE_SECRET_KEY },
    usingSampleKeys: !hasAccess,
  };
}

function parseNumber(
  flag: string,
  raw: string | undefined,
  fallback: number,
  rule: { integer?: boolean; max?: number },
): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  const ok =
    raw.trim() !== '' &&
    Number.isFinite(value) &&
    value >= 0 &&
    (rule.integer !== true || Number.isInteger(value)) &&
    (rule.max === undefined || value <= rule.max);
  if (!ok) {
    const kind = rule.integer === true ? 'an integer' : 'a number';
    const range = rule.max === undefined ? '≥ 0' : `from 0 to ${rule.max}`;
    throw new EmulatorArgsError(`${flag} must be ${kind} ${range}, got "${raw}"`);
  }
  return value;
}
