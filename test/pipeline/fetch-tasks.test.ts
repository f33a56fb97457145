import { describe, expect, it } from 'vitest';
import { AuthError } from '../../src/core/errors.js';
import { fetchTasks, INVALID_TASK_ID } from '../../src/pipeline/fetch-tasks.js';
import { createFakeClient, serveCompletedTask } from '../support/fake-client.js';
import { authFailed, json, startTimes, type Script } from '../support/fake-transport.js';
import { entriesOf, uuid } from '../support/task-ids.js';

function setup(opts: { rps: number; latencyMs: number; scripts?: Record<string, Script[]> }) {
  return createFakeClient({ ...opts, serve: serveCompletedTask });
}

function maxInFlight(log: string[]): number {
  let current = 0;
  let max = 0;
  for (const line of log) {
    current += line.startsWith('START') ? 1 : -1;
    max = Math.max(max, current);
  }
  return max;
}

describe('fetchTasks pacing (virtual time)', () => {
  it('takes (N−1)/R + L when latency exceeds the interval: the first answer holds nobody back', async () => {
    const { clock, transport, client } = setup({ rps: 1, latencyMs: 2500 });
    const ids = Array.from({ length: 20 }, (_, i) => uuid(i));
    const outcomes = await fetchTasks(entriesOf(ids), { client, concurrency: 4 });
    expect(outcomes.every((o) => o.kind === 'fetched')).toBe(true);
    expect(startTimes(transport.log).slice(0, 3)).toEqual([0, 1000, 2000]);
    expect(clock.now()).toBe(19_000 + 2500);
    const starts = startTimes(transport.log);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(1000);
    expect(maxInFlight(transport.log)).toBeLessThanOrEqual(4);
    expect(maxInFlight(transport.log)).toBeGreaterThan(1);
  });

  it('is bounded by concurrency when latency is larger than concurrency/R', async () => {
    const { clock, client, transport } = setup({ rps: 10, latencyMs: 1000 });
    await fetchTasks(entriesOf(Array.from({ length: 8 }, (_, i) => uuid(i))), { client, concurrency: 2 });
    expect(maxInFlight(transport.log)).toBe(2);
    // Pairs: 0/100, 1000/1100, 2000/2100, 3000/3100, which ends at 4100.
    expect(clock.now()).toBe(4100);
  });

  it('keeps retries inside the same rate gate', async () => {
    const scripts = { [`/api/v1/tasks/${uuid(1)}`]: [json(503, {}), json(503, {})] };
    const { transport, client } = setup({ rps: 1, latencyMs: 100, scripts });
    await fetchTasks(entriesOf([uuid(0), uuid(1), uuid(2), uuid(3)]), { client, concurrency: 4 });
    const starts = startTimes(transport.log);
    expect(starts).toHaveLength(6);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(1000);
  });
});

describe('fetchTasks outcomes', () => {
  it('returns one outcome per entry in input order and never sends invalid IDs', async () => {
    const { client, transport } = setup({
      rps: 100,
      latencyMs: 5,
      scripts: { [`/api/v1/tasks/${uuid(2)}`]: [json(404, {})] },
    });
    const outcomes = await fetchTasks(entriesOf([uuid(1), '../etc/passwd', uuid(2), uuid(3)]), {
      client,
      concurrency: 4,
    });
    expect(outcomes.map((o) => o.kind)).toEqual(['fetched', 'failed', 'failed', 'fetched']);
    expect(outcomes[1]).toEqual({ kind: 'failed', error: INVALID_TASK_ID });
    expect(outcomes[2]).toEqual({ kind: 'failed', error: 'not found (HTTP 404)' });
    expect(transport.requests.map((r) => r.url).some((u) => u.includes('passwd'))).toBe(false);
    expect(transport.requests).toHaveLength(3);
  });

  it.each([
    // rps, requests granted before the 401 of the first came back (300 ms), bounded by 8 in flight
    [1, 1],
    [10, 3],
    [100, 8],
  ])('sends nothing after a rejected key: at %i/s, only the %i requests already sent', async (rps, sent) => {
    const scripts = Object.fromEntries(
      Array.from({ length: 10 }, (_, i) => [`/api/v1/tasks/${uuid(i)}`, [authFailed()]]),
    );
    const { client, transport } = setup({ rps, latencyMs: 300, scripts });
    const ids = Array.from({ length: 10 }, (_, i) => uuid(i));
    await expect(fetchTasks(entriesOf(ids), { client, concurrency: 8 })).rejects.toBeInstanceOf(AuthError);
    expect(transport.requests).toHaveLength(sent);
  });

  it('stops at once on a rejected credential and sends nothing more', async () => {
    const scripts = {
      [`/api/v1/tasks/${uuid(1)}`]: [authFailed()],
    };
    const { client, transport } = setup({ rps: 1, latencyMs: 10, scripts });
    const ids = Array.from({ length: 10 }, (_, i) => uuid(i));
    await expect(fetchTasks(entriesOf(ids), { client, concurrency: 1 })).rejects.toBeInstanceOf(AuthError);
    expect(transport.requests).toHaveLength(2);
  });

  it('uses known tasks from a checkpoint without sending', async () => {
    const { client, transport } = setup({ rps: 1, latencyMs: 10 });
    const known = new Map([[uuid(1), { task_id: uuid(1), status: 'failed' }]]);
    const outcomes = await fetchTasks(entriesOf([uuid(1).toUpperCase(), uuid(2)]), {
      client,
      concurrency: 2,
      known,
    });
    expect(outcomes[0]).toEqual({ kind: 'fetched', task: { task_id: uuid(1), status: 'failed' } });
    expect(transport.requests).toHaveLength(1);
  });

  it('marks unsent tasks interrupted after stop, letting the request in flight finish', async () => {
    const { client, clock } = setup({ rps: 1, latencyMs: 500 });
    const stop = new AbortController();
    const seen: string[] = [];
    const ids = Array.from({ length: 5 }, (_, i) => uuid(i));
    const outcomes = await fetchTasks(entriesOf(ids), {
      client,
      concurrency: 1,
      stop: stop.signal,
      onOutcome: (entry) => {
        seen.push(entry.id);
        if (clock.now() >= 1500) stop.abort(new Error('SIGINT'));
      },
    });
    expect(outcomes.map((o) => o.kind)).toEqual([
      'fetched',
      'fetched',
      'interrupted',
      'interrupted',
      'interrupted',
    ]);
    expect(seen).toHaveLength(2);
  });
});

describe('fetchTasks on an unexpected error', () => {
  it('rejects and sends nothing more', async () => {
    const { client, transport, clock } = setup({ rps: 1, latencyMs: 10 });
    const ids = Array.from({ length: 10 }, (_, i) => uuid(i));
    const run = fetchTasks(entriesOf(ids), {
      client,
      concurrency: 2,
      onOutcome: () => {
        throw new Error('disk on fire');
      },
    });
    await expect(run).rejects.toThrow('disk on fire');
    const sentAtFailure = transport.requests.length;
    // Let virtual time run on: nothing queued may still go out.
    await clock.sleep(60_000);
    expect(transport.requests.length).toBe(sentAtFailure);
    expect(sentAtFailure).toBeLessThanOrEqual(3);
  });
});
