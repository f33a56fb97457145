import type { Strategy } from '../core/formats.js';
import { IN_FLIGHT_HEADROOM, MAX_IN_FLIGHT } from '../client/in-flight-limit.js';
import { formatSeconds } from '../report/format-seconds.js';
import { formatReplaceNotice } from './report-paths.js';
import { CHECKED_LIST_ITEM_FIELDS } from './list-item-fields.js';
import { DEFAULT_MAX_TASKS } from './paginate.js';
import {
  AUTO_MIN_IDS_TO_LIST,
  computeListBreakEven,
  computeListRequests,
  LIST_PAGE_SIZE,
} from './choose-strategy.js';

/** What `--dry-run` knows without sending anything. */
export interface DryRunFacts {
  all: boolean;
  /** IDs as given, duplicates included (0 with --all). */
  given: number;
  unique: number;
  invalid: number;
  /** Already fetched by an earlier run (--resume). */
  known: number;
  strategy: Strategy;
  /** `--max-tasks`; default DEFAULT_MAX_TASKS. */
  maxTasks?: number;
  rps: number;
  /** --concurrency as set; null: sized from the observed latency. */
  concurrency: number | null;
  endpoint: string;
  /** Where the keys come from (never a key). */
  credentialsSource: string;
  outputs: string[];
  /** Those of `outputs` that exist already: the run would replace them. */
  replaced?: string[];
  outDirState: 'exists' | 'will be created';
  /** Checkpoint file read for --resume. */
  checkpointPath?: string;
  template?: string;
  /** What `--compare` read, as a sentence (describeHistory); absent without --compare. */
  compare?: string;
}

/** A request count: exact when min === max; max null when it depends on the account's size. */
export interface RequestEstimate {
  min: number;
  max: number | null;
  /** How the count comes about, in words. */
  rule: string;
}

const LISTING_RULE = `floor((T − 1) / ${LIST_PAGE_SIZE}) + 2 list requests for the T tasks of the account (1 when T < ${LIST_PAGE_SIZE})`;

/** Requests a run will send, before anything is known about the account. Pure. */
export function estimateRequests(
  facts: Pick<DryRunFacts, 'all' | 'strategy'>,
  toFetch: number,
): RequestEstimate {
  if (facts.all) return { min: 1, max: null, rule: LISTING_RULE };
  if (toFetch === 0) return { min: 0, max: 0, rule: 'nothing to fetch' };
  if (facts.strategy === 'get' || (facts.strategy === 'auto' && toFetch < AUTO_MIN_IDS_TO_LIST)) {
    return { min: toFetch, max: toFetch, rule: 'one GET per ID' };
  }
  if (facts.strategy === 'list') {
    return {
      min: 1,
      max: null,
      rule: `${LISTING_RULE}, plus one GET per requested ID the listing does not return`,
    };
  }
  return {
    min: 1,
    max: toFetch + 1,
    rule:
      `1 list page first; the rest of the account is listed only if that takes fewer requests than ` +
      `one GET per ID (up to ${formatCount(computeListBreakEven(toFetch))} tasks in the account), else one GET per ID; ` +
      `IDs the listing does not return cost one GET each`,
  };
}

function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** Time for `requests` requests at `rps`: (n − 1) / R between the first and the last start. */
function timeFor(requests: number, rps: number): string {
  return formatSeconds(Math.max(0, requests - 1) / rps);
}

function plural(n: number, word: string): string {
  return `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;
}

/** The plan `--dry-run` prints: one fact per line, nothing sent. Pure. */
export function formatDryRunPlan(facts: DryRunFacts): string[] {
  const lines = ['dry run: validated the options; nothing was sent and no file was written'];
  const toFetch = Math.max(0, facts.unique - facts.invalid - facts.known);
  if (facts.all) {
    lines.push('tasks: every task of the account (--all)');
  } else {
    const duplicates = facts.given - facts.unique;
    lines.push(
      `task IDs: ${formatCount(facts.given)} given, ${formatCount(facts.unique)} unique` +
        (duplicates > 0 ? ` (${plural(duplicates, 'duplicate')} reported once)` : '') +
        `, ${formatCount(facts.unique - facts.invalid)} valid, ${formatCount(facts.invalid)} invalid` +
        (facts.invalid > 0 ? ' (reported as "invalid task id", never sent)' : ''),
    );
    if (facts.checkpointPath !== undefined) {
      lines.push(
        `resume: ${plural(facts.known, 'task')} already in ${facts.checkpointPath}, not fetched again`,
      );
    }
    lines.push(`to fetch: ${plural(toFetch, 'task')}`);
  }
  const estimate = estimateRequests(facts, toFetch);
  lines.push(`strategy: ${facts.all ? 'list (--all)' : facts.strategy} — ${estimate.rule}`);
  const mayList =
    facts.all || facts.strategy === 'list' || (facts.strategy === 'auto' && toFetch >= AUTO_MIN_IDS_TO_LIST);
  if (mayList && (facts.all || toFetch > 0)) {
    const fields = CHECKED_LIST_ITEM_FIELDS.join(', ').replace(/, (?=[^,]*$)/, ' or ');
    lines.push(
      `listing: a listed task whose ${fields} is absent costs one GET more (the list page does not document them; counted in the closing lines); ` +
        `a listing past --max-tasks ${formatCount(facts.maxTasks ?? DEFAULT_MAX_TASKS)} tasks stops the run (exit 1)`,
    );
  }
  const rate = `${facts.rps} request${facts.rps === 1 ? '' : 's'}/s`;
  if (estimate.max === null) {
    const examples = [100, 10_000, 100_000]
      .map(
        (t) =>
          `${formatCount(t)} tasks → ${plural(computeListRequests(t), 'request')}, ${timeFor(computeListRequests(t), facts.rps)}`,
      )
      .join('; ');
    lines.push(
      `requests: at least ${formatCount(estimate.min)}, depending on the account (at ${rate}: ${examples})`,
    );
  } else if (estimate.min === estimate.max) {
    lines.push(
      `requests: ${formatCount(estimate.min)}, about ${timeFor(estimate.min, facts.rps)} at ${rate} plus the last response's latency`,
    );
  } else {
    lines.push(
      `requests: ${formatCount(estimate.min)} to ${formatCount(estimate.max)}, about ${timeFor(estimate.min, facts.rps)} to ` +
        `${timeFor(estimate.max, facts.rps)} at ${rate} plus the last response's latency`,
    );
  }
  lines.push(
    facts.concurrency === null
      ? `in flight: rate × observed latency, with headroom, up to ${MAX_IN_FLIGHT} (keeps ${rate} while responses take under ${formatSeconds((MAX_IN_FLIGHT - 1) / IN_FLIGHT_HEADROOM / facts.rps)})`
      : `in flight: at most ${facts.concurrency} (keeps ${rate} while responses take under ${formatSeconds(facts.concurrency / facts.rps)})`,
  );
  lines.push(`endpoint: ${facts.endpoint}`);
  lines.push(`credentials: ${facts.credentialsSource}`);
  if (facts.template !== undefined) lines.push(`template: ${facts.template}`);
  if (facts.compare !== undefined) lines.push(`compare: ${facts.compare}`);
  lines.push(
    `reports: ${facts.outputs.join(', ')} (output folder ${facts.outDirState === 'exists' ? 'exists and is writable' : 'will be created'})`,
  );
  const replace = formatReplaceNotice(facts.replaced ?? []);
  if (replace !== null) lines.push(`replace: ${replace}`);
  return lines;
}
