import { describe, expect, it } from 'vitest';
import {
  estimateRequests,
  formatDryRunPlan,
  type DryRunFacts,
} from '../../src/pipeline/format-dry-run-plan.js';

const FACTS: DryRunFacts = {
  all: false,
  given: 45,
  unique: 42,
  invalid: 1,
  known: 0,
  strategy: 'auto',
  rps: 1,
  concurrency: 4,
  endpoint: 'https://nclue.apigw.ntruss.com/api/v1',
  credentialsSource: 'environment variables',
  outputs: ['reports/r.csv', 'reports/r.xlsx'],
  outDirState: 'will be created',
};

describe('estimateRequests', () => {
  it.each([
    ['get', 31, 31, 31],
    ['auto', 2, 2, 2],
    ['auto', 3, 1, 4],
    ['auto', 10_000, 1, 10_001],
    ['list', 5, 1, null],
    ['auto', 0, 0, 0],
  ] as const)('%s with %i IDs → %i to %s requests', (strategy, ids, min, max) => {
    expect(estimateRequests({ all: false, strategy }, ids)).toMatchObject({ min, max });
  });

  it('leaves --all open-ended: it depends on the account', () => {
    expect(estimateRequests({ all: true, strategy: 'get' }, 0)).toMatchObject({ min: 1, max: null });
  });
});

describe('formatDryRunPlan', () => {
  it('counts IDs, names the strategy and gives the request range and time at the rate', () => {
    const text = formatDryRunPlan(FACTS).join('\n');
    expect(text).toContain('nothing was sent');
    expect(text).toContain('45 given, 42 unique (3 duplicates reported once), 41 valid, 1 invalid');
    expect(text).toContain('to fetch: 41 tasks');
    expect(text).toContain('strategy: auto — 1 list page first');
    expect(text).toContain('up to 4,000 tasks in the account');
    expect(text).toContain('requests: 1 to 42, about 0 s to 41 s at 1 request/s');
    expect(text).toContain('reports: reports/r.csv, reports/r.xlsx (output folder will be created)');
  });

  it('says what listing costs beyond its pages: listed tasks lacking fields, and the --max-tasks ceiling', () => {
    const text = formatDryRunPlan({ ...FACTS, maxTasks: 5000 }).join('\n');
    expect(text).toContain(
      'listing: a listed task whose AUROC, line_count, disk_usage or fail_message is absent costs one GET more',
    );
    expect(text).toContain('a listing past --max-tasks 5,000 tasks stops the run (exit 1)');
    expect(formatDryRunPlan({ ...FACTS, strategy: 'get' }).join('\n')).not.toContain('listing:');
  });

  it('gives one exact count for get and subtracts what a checkpoint has', () => {
    const text = formatDryRunPlan({
      ...FACTS,
      strategy: 'get',
      known: 11,
      checkpointPath: 'reports/r.checkpoint.jsonl',
      rps: 2,
    }).join('\n');
    expect(text).toContain('resume: 11 tasks already in reports/r.checkpoint.jsonl');
    expect(text).toContain('requests: 30, about 15 s at 2 requests/s');
  });

  it('gives listing examples for --all', () => {
    const text = formatDryRunPlan({ ...FACTS, all: true, given: 0, unique: 0, invalid: 0 }).join('\n');
    expect(text).toContain('every task of the account');
    expect(text).toContain('10,000 tasks → 101 requests, 1 min 40 s');
    expect(text).not.toContain('task IDs:');
  });
});

describe('formatDryRunPlan with --compare', () => {
  it('says what --compare read, after the credentials and before the reports', () => {
    const lines = formatDryRunPlan({
      ...FACTS,
      compare: '2 earlier reports (45 tasks), the newest r/a.json',
    });
    const at = lines.findIndex((line) => line.startsWith('compare: '));
    expect(lines[at]).toBe('compare: 2 earlier reports (45 tasks), the newest r/a.json');
    expect(lines[at + 1]).toMatch(/^reports: /);
    expect(formatDryRunPlan(FACTS).some((line) => line.startsWith('compare:'))).toBe(false);
  });
});
