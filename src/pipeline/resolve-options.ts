import { UsageError } from '../core/errors.js';
import { FORMATS, STRATEGIES, type Format, type Strategy } from '../core/formats.js';
import type { RawOptions } from '../core/raw-options.js';
import { DEFAULT_ENDPOINT, parseEndpoint } from '../client/endpoint.js';
import {
  compileModelPattern,
  MODEL_KEYS,
  parseModelAliases,
  parseModelKey,
  type ModelKey,
} from '../models/model-naming.js';
import { parsePeriod, type PeriodChoice } from '../models/task-period.js';
import { MAX_TIMEOUT_MS, parsePositiveNumber, parseWholeNumber } from '../config/numbers.js';

export interface RunOptions {
  positionalIds: string[];
  idsFile: string | undefined;
  all: boolean;
  strategy: Strategy;
  /** `--max-tasks`: distinct tasks a listing may hold before the run stops (exit 1). */
  maxTasks: number;
  template: string | undefined;
  /** Earlier reports and folders of them (`--compare`, repeatable); empty → no comparison. */
  compare: string[];
  /** How models are named; flags and config here, the template's `models` fill what they leave out. */
  modelKey: ModelKey | null;
  modelPattern: string | null;
  /** `--model-alias OLD=NEW` (and a config file's `"model-aliases"`): old model name → new. */
  modelAliases: Record<string, string>;
  /** `--period YYYY-MM | previous | current`; null → the newest month with a completed task (buildModelView). */
  period: PeriodChoice | null;
  /** `--fail-on-regression DELTA`: exit 5 when a model's AUROC change is below −DELTA. */
  failOnRegression: number | null;
  profile: string | undefined;
  wait: boolean;
  waitTimeoutMs: number;
  dryRun: boolean;
  progress: boolean;
  quiet: boolean;
  outDir: string;
  name: string;
  formats: Format[];
  endpoint: string;
  /**
   * Whether --endpoint or NCLUE_ENDPOINT named the endpoint: without, a profile's `ncloud_api_url`
   * gives it (deriveEndpointFromApiUrl), else the default.
   */
  endpointGiven: boolean;
  rps: number;
  /** --concurrency as the user set it; null: sized from the observed latency (in-flight-limit.ts). */
  concurrency: number | null;
  timeoutMs: number;
  retries: number;
  bom: boolean;
  escapeFormulas: boolean;
  resume: boolean;
  /** Discard an existing checkpoint instead of refusing to start (exit 2). */
  fresh: boolean;
  /** Whether the name is fixed (--name, or --period naming it): else --resume continues the newest checkpoint. */
  nameGiven: boolean;
  verbose: boolean;
}

/** `nclue-tasks-YYYY-MM-DD` for the local calendar day of `now`. */
export function defaultReportName(now: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `nclue-tasks-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function parseFormats(text: string): Format[] {
  const wanted = text
    .split(',')
    .map((f) => f.trim().toLowerCase())
    .filter((f) => f !== '');
  if (wanted.length === 0)
    throw new UsageError(`--format is empty; use one or more of ${FORMATS.join(', ')}`);
  const out: Format[] = [];
  for (const f of wanted) {
    if (!(FORMATS as readonly string[]).includes(f)) {
      throw new UsageError(
        `unknown --format "${f}"; use one or more of ${FORMATS.join(', ')}, comma-separated`,
      );
    }
    if (!out.includes(f as Format)) out.push(f as Format);
  }
  return out;
}

export function parseStrategy(text: string): Strategy {
  const value = text.trim().toLowerCase();
  if (!(STRATEGIES as readonly string[]).includes(value)) {
    throw new UsageError(`unknown --strategy "${text}"; use one of ${STRATEGIES.join(', ')}`);
  }
  return value as Strategy;
}

/** A base name must stay inside --out: no separators, no `..`, nothing a file system rejects. */
export function parseReportName(name: string): string {
  const trimmed = name.trim();
  // eslint-disable-next-line no-control-regex
  if (trimmed === '' || trimmed === '.' || trimmed === '..' || /[/\\\u0000-\u001f]/.test(trimmed)) {
    throw new UsageError(`--name "${name}" is not a valid file base name (no slashes or control characters)`);
  }
  return trimmed;
}

function checkModelPattern(pattern: string): string {
  compileModelPattern(pattern);
  return pattern;
}

/** `--fail-on-regression DELTA`: an AUROC drop, strictly between 0 and 1. */
export function parseRegressionDelta(text: string): number {
  const value = text.trim() === '' ? NaN : Number(text);
  if (!Number.isFinite(value) || value <= 0 || value >= 1) {
    throw new UsageError(
      `--fail-on-regression must be an AUROC drop between 0 and 1 (exclusive), e.g. 0.02; got "${text}"`,
    );
  }
  return value;
}

/**
 * The form each validated option needs, for a message about a value from `--config`: such a message
 * names the option and this form, never the value, since file content may be anything (a secret
 * pasted in the wrong key).
 */
const EXPECTED_FORMS: Readonly<Record<string, string>> = {
  strategy: `one of ${STRATEGIES.join(', ')}`,
  'max-tasks': 'a whole number of 1 or more, e.g. 1000000',
  'model-key': `one of ${MODEL_KEYS.join(', ')}`,
  'model-pattern': 'a regular expression, e.g. "^(.*?) v\\d+$"',
  period: 'a month written YYYY-MM (e.g. "2026-02"), previous or current',
  'fail-on-regression': 'an AUROC drop between 0 and 1 (exclusive), e.g. 0.02',
  'wait-timeout': 'a positive number of seconds',
  name: 'a file base name (no slashes or control characters)',
  format: `one or more of ${FORMATS.join(', ')}, comma-separated`,
  endpoint: `an https:// URL without user name, password, query or fragment (http:// only for loopback hosts), e.g. ${DEFAULT_ENDPOINT}`,
  rps: 'a positive number, e.g. 1 or 0.5',
  concurrency: 'a whole number of at least 1',
  timeout: `a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS}`,
  retries: 'a whole number (0 or more)',
};

/**
 * Runs one option's validator; when the value came from the config file, a failure names the key and
 * the form it needs instead of echoing the value.
 */
function checkOption<T>(raw: RawOptions, name: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    const fromConfig = raw.fromConfig;
    if (!(error instanceof UsageError) || fromConfig === undefined || !fromConfig.names.has(name))
      throw error;
    throw new UsageError(
      `--config ${fromConfig.path}: "${name}" must be ${EXPECTED_FORMS[name] ?? 'a valid value (see --help)'}; the value is not shown (file content is never echoed)`,
    );
  }
}

/** Validates every flag at once, before anything is read or sent. */
export function resolveOptions(raw: RawOptions, env: NodeJS.ProcessEnv, now: Date): RunOptions {
  if (raw.all && (raw.ids.length > 0 || raw.idsFile !== undefined)) {
    throw new UsageError('--all reports every task of the account; do not also pass task IDs or --ids');
  }
  if (raw.quiet && raw.verbose) throw new UsageError('--quiet and --verbose contradict each other; pick one');
  if (raw.resume && raw.fresh) throw new UsageError('--resume and --fresh contradict each other; pick one');
  const period =
    raw.period === undefined ? null : checkOption(raw, 'period', () => parsePeriod(raw.period ?? '', now));
  return {
    positionalIds: raw.ids,
    idsFile: raw.idsFile,
    all: raw.all,
    strategy: checkOption(raw, 'strategy', () => parseStrategy(raw.strategy)),
    maxTasks: checkOption(raw, 'max-tasks', () => parseWholeNumber('max-tasks', raw.maxTasks, 1)),
    template: raw.template,
    compare: raw.compare.filter((path) => path.trim() !== ''),
    modelKey:
      raw.modelKey === undefined
        ? null
        : checkOption(raw, 'model-key', () => parseModelKey(raw.modelKey ?? '')),
    modelPattern:
      raw.modelPattern === undefined
        ? null
        : checkOption(raw, 'model-pattern', () => checkModelPattern(raw.modelPattern ?? '')),
    modelAliases: parseModelAliases(raw.modelAlias),
    period,
    failOnRegression:
      raw.failOnRegression === undefined
        ? null
        : checkOption(raw, 'fail-on-regression', () => parseRegressionDelta(raw.failOnRegression ?? '')),
    profile: raw.profile,
    wait: raw.wait,
    waitTimeoutMs:
      checkOption(raw, 'wait-timeout', () => parsePositiveNumber('wait-timeout', raw.waitTimeout)) * 1000,
    dryRun: raw.dryRun,
    progress: raw.progress,
    quiet: raw.quiet,
    outDir: raw.out.trim() === '' ? './reports' : raw.out,
    // A report of a chosen month is named after it: `--period previous` on 2026-12-01 → nclue-2026-11.
    name:
      raw.name !== undefined
        ? checkOption(raw, 'name', () => parseReportName(raw.name ?? ''))
        : period !== null
          ? `nclue-${period.month}`
          : defaultReportName(now),
    formats: checkOption(raw, 'format', () => parseFormats(raw.format)),
    endpoint: checkOption(raw, 'endpoint', () =>
      parseEndpoint(raw.endpoint ?? env.NCLUE_ENDPOINT ?? DEFAULT_ENDPOINT),
    ),
    endpointGiven: raw.endpoint !== undefined || env.NCLUE_ENDPOINT !== undefined,
    rps: checkOption(raw, 'rps', () => parsePositiveNumber('rps', raw.rps)),
    concurrency:
      raw.concurrency === undefined
        ? null
        : checkOption(raw, 'concurrency', () => parseWholeNumber('concurrency', raw.concurrency)),
    timeoutMs: checkOption(raw, 'timeout', () => parseWholeNumber('timeout', raw.timeout, 1, MAX_TIMEOUT_MS)),
    retries: checkOption(raw, 'retries', () => parseWholeNumber('retries', raw.retries, 0)),
    bom: raw.bom,
    escapeFormulas: raw.escapeFormulas,
    resume: raw.resume,
    fresh: raw.fresh,
    nameGiven: raw.name !== undefined || period !== null,
    verbose: raw.verbose,
  };
}
