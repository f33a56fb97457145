import { describe, expect, it } from 'vitest';
import { collectTasks } from '../../src/pipeline/collect-tasks.js';
import { fetchTasks } from '../../src/pipeline/fetch-tasks.js';
import { createFakeClient, serveCompletedTask } from '../support/fake-client.js';
import { json, startTimes, type Script } from '../support/fake-transport.js';
import { entriesOf, uuid } from '../support/task-ids.js';
import { makeTasks, servePagesOr } from './list-server.js';

function setup(opts: {
  rps: number;
  latencyMs: number;
  scripts?: Record<string, Script[]>;
  tasks?: Array<Record<string, unknown>>;
}) {
  return createFakeClient({ ...opts, serve: servePagesOr(opts.tasks ?? [], serveCompletedTask) });
}

/** The most request starts inside any window of `windowMs` (half-open). */
function maxInWindow(times: number[], windowMs: number): number {
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => uuid(i));

describe('pacing at the limit (virtual time)', () => {
  it.each([
    // rps, latency ms, concurrency = ceil(L·R) + 1
    [1, 300, 2],
    [1, 2500, 4],
    [5, 1000, 6],
    [20, 250, 6],
    [50, 80, 5],
  ])(
    'N requests at %i/s with %i ms latency take (N−1)/R + L with %i in flight',
    async (rps, latencyMs, concurrency) => {
      const { clock, transport, client } = setup({ rps, latencyMs });
      const n = 60;
      const outcomes = await fetchTasks(entriesOf(ids(n)), { client, concurrency });
      expect(outcomes.every((o) => o.kind === 'fetched')).toBe(true);
      const intervalMs = 1000 / rps;
      expect(clock.now()).toBeCloseTo((n - 1) * intervalMs + latencyMs, 6);
      const s = startTimes(transport.log);
      for (let i = 1; i < s.length; i++) expect(s[i]! - s[i - 1]!).toBeCloseTo(intervalMs, 6);
      expect(maxInWindow(startTimes(transport.log), 1000)).toBeLessThanOrEqual(rps);
    },
  );

  it('pauses every request for a 429’s Retry-After, then resumes at the rate', async () => {
    const scripts = { [`/api/v1/tasks/${uuid(5)}`]: [json(429, {}, { 'retry-after': '3' })] };
    const { transport, client } = setup({ rps: 2, latencyMs: 200, scripts });
    await fetchTasks(entriesOf(ids(12)), { client, concurrency: 2 });
    const s = startTimes(transport.log);
    expect(s).toHaveLength(13);
    // uuid(5) starts at 2500 and hears the 429 at 2700: nothing starts in the next 3 s.
    const during = s.filter((t) => t > 2700 && t < 5700);
    expect(during).toEqual([]);
    const after = s.filter((t) => t >= 5700);
    expect(after[0]).toBe(5700);
    for (let i = 1; i < after.length; i++) expect(after[i]! - after[i - 1]!).toBe(500);
    expect(maxInWindow(s, 1000)).toBeLessThanOrEqual(2);
  });

  it('passes list pages and GETs through the same gate', async () => {
    const tasks = makeTasks(0, 450);
    const { transport, client } = setup({ rps: 4, latencyMs: 600, tasks });
    const wanted = [...ids(5), uuid(999_001), uuid(999_002)];
    await collectTasks(entriesOf(wanted), { client, concurrency: 4, strategy: 'list' });
    const s = startTimes(transport.log);
    expect(transport.requests.filter((r) => r.url.includes('?'))).toHaveLength(5);
    expect(transport.requests.filter((r) => !r.url.includes('?'))).toHaveLength(2);
    for (let i = 1; i < s.length; i++) expect(s[i]! - s[i - 1]!).toBeGreaterThanOrEqual(250);
  });
});
