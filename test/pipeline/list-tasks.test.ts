import { describe, expect, it } from 'vitest';
import { AuthError } from '../../src/core/errors.js';
import { listTasks } from '../../src/pipeline/list-tasks.js';
import type { IndexStyle } from '../../src/pipeline/paginate.js';
import { createFakeClient } from '../support/fake-client.js';
import { authFailed, json, startTimes, type Script } from '../support/fake-transport.js';
import { idsOf, makeTasks, pageQuery, servePage } from './list-server.js';

const LIST = '/api/v1/tasks';

function setup(opts: {
  tasks: Array<Record<string, unknown>>;
  style: IndexStyle;
  rps: number;
  latencyMs: number;
  scripts?: Record<string, Script[]>;
}) {
  return createFakeClient({
    ...opts,
    serve: (req) => {
      const { index, limit } = pageQuery(new URL(req.url));
      return json(200, { index, limit, ...servePage(opts.tasks, opts.style, index, limit) });
    },
  });
}

describe('listTasks pacing (virtual time)', () => {
  it('overlaps pages once the style is known: 10,000 tasks in 101 requests at 1/R apart', async () => {
    const tasks = makeTasks(0, 10_000);
    const { clock, transport, client } = setup({ tasks, style: 'offset', rps: 10, latencyMs: 350 });
    const listing = await listTasks({ client, concurrency: 8 });
    expect(listing.tasks.size).toBe(10_000);
    expect(listing.requests).toBe(101);
    expect(listing.complete).toBe(true);
    expect(listing.style).toBe('offset');
    const s = startTimes(transport.log);
    expect(s).toHaveLength(101);
    for (let i = 1; i < s.length; i++) expect(s[i]! - s[i - 1]!).toBeGreaterThanOrEqual(100);
    // Pages 0 and 1 wait for each other (the style is unknown); after that no slot of the gate is lost.
    expect(s[1]).toBe(350);
    expect(s[2]).toBe(700);
    expect(clock.now()).toBe(700 + 98 * 100 + 350);
  });

  it('sends pages one after another with concurrency 1', async () => {
    const tasks = makeTasks(0, 450);
    const { clock, client } = setup({ tasks, style: 'page', rps: 1, latencyMs: 200 });
    const listing = await listTasks({ client, concurrency: 1 });
    expect(listing.requests).toBe(5);
    expect(idsOf(listing.tasks.values())).toEqual(idsOf(tasks));
    // The second page leaves at its slot: the first answer came within the interval.
    expect(clock.now()).toBe(4 * 1000 + 200);
  });
});

describe('listTasks outcomes', () => {
  it('keeps only the tasks asked for, counting all', async () => {
    const tasks = makeTasks(0, 300);
    const { client } = setup({ tasks, style: 'page', rps: 100, latencyMs: 5 });
    const wanted = new Set(idsOf([tasks[3]!, tasks[250]!]));
    const listing = await listTasks({ client, concurrency: 4, keep: (key) => wanted.has(key) });
    expect([...listing.tasks.keys()]).toEqual([...wanted]);
    expect(listing.listed).toBe(300);
  });

  it('ends with end = failed, naming the page, when a page still fails after retries', async () => {
    const tasks = makeTasks(0, 300);
    const scripts = { [`${LIST}?index=1&limit=100`]: Array.from({ length: 5 }, () => json(503, {})) };
    const { client, transport } = setup({ tasks, style: 'page', rps: 100, latencyMs: 5, scripts });
    const listing = await listTasks({ client, concurrency: 4 });
    expect(listing.end).toBe('failed');
    expect(listing.failedIndex).toBe(1);
    expect(listing.error).toMatch(/gave up after 5 attempts: HTTP 503/);
    expect(listing.complete).toBe(false);
    expect(listing.tasks.size).toBe(100);
    expect(transport.requests).toHaveLength(6);
  });

  it('recovers from a page that fails once', async () => {
    const tasks = makeTasks(0, 300);
    const scripts = { [`${LIST}?index=2&limit=100`]: [json(503, {})] };
    const { client } = setup({ tasks, style: 'page', rps: 100, latencyMs: 5, scripts });
    const listing = await listTasks({ client, concurrency: 4 });
    expect(listing.complete).toBe(true);
    expect(listing.tasks.size).toBe(300);
  });

  it('rethrows a rejected credential and sends nothing more', async () => {
    const tasks = makeTasks(0, 1000);
    const scripts = {
      [`${LIST}?index=1&limit=100`]: [authFailed()],
    };
    const { client, transport } = setup({ tasks, style: 'page', rps: 100, latencyMs: 5, scripts });
    await expect(listTasks({ client, concurrency: 4 })).rejects.toBeInstanceOf(AuthError);
    expect(transport.requests).toHaveLength(2);
  });

  it('stops after the first page when told listing does not pay off', async () => {
    const tasks = makeTasks(0, 1000);
    const { client, transport } = setup({ tasks, style: 'offset', rps: 100, latencyMs: 5 });
    const seen: Array<number | null> = [];
    const listing = await listTasks({
      client,
      concurrency: 4,
      continueAfterFirstPage: ({ total }) => {
        seen.push(total);
        return false;
      },
    });
    expect(seen).toEqual([1000]);
    expect(listing.end).toBe('not worth it');
    expect(transport.requests).toHaveLength(1);
    expect(listing.tasks.size).toBe(100);
  });

  it('ends with end = interrupted on stop, leaving queued pages unsent', async () => {
    const tasks = makeTasks(0, 2000);
    const { client, transport, clock } = setup({ tasks, style: 'page', rps: 1, latencyMs: 100 });
    const stop = new AbortController();
    const listing = await listTasks({
      client,
      concurrency: 4,
      stop: stop.signal,
      onPage: () => {
        if (clock.now() >= 3000) stop.abort(new Error('SIGINT'));
      },
    });
    expect(listing.end).toBe('interrupted');
    expect(transport.requests.length).toBeLessThan(8);
    expect(listing.complete).toBe(false);
  });
});
