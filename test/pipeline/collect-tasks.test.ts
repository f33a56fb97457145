import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../src/client/clock.js';
import { removeTraceId } from '../../src/client/error-body.js';
import { createNclueClient, type NclueClient } from '../../src/client/nclue-client.js';
import { createRateGate } from '../../src/client/rate-gate.js';
import { createUndiciTransport, type Transport, type TransportRequest } from '../../src/client/transport.js';
import type { Emulator, EmulatorOptions } from '../../src/emulator/index.js';
import { collectTasks, type CollectEvent } from '../../src/pipeline/collect-tasks.js';
import type { TaskOutcome } from '../../src/pipeline/fetch-tasks.js';
import { ListingError } from '../../src/pipeline/listing-error.js';
import { describeCollectEvent } from '../../src/pipeline/describe-collect-event.js';
import { createEmulatorStarter } from '../support/emulators.js';
import { createFakeClient, taskIdOf } from '../support/fake-client.js';
import { json, type Script } from '../support/fake-transport.js';
import { entriesOf, uuid } from '../support/task-ids.js';
import { idsOf, makeTasks, pageQuery, servePage, servePagesOr } from './list-server.js';

const CREDENTIALS = { accessKey: 'AK-COLLECT', secretKey: 'collect-secret' };

/** Each outcome in a word; a failure without the trace ID the emulator gives every answer. */
function kinds(outcomes: TaskOutcome[]): string[] {
  return outcomes.map((o) =>
    o.kind === 'fetched'
      ? String(o.task.task_id)
      : o.kind === 'failed'
        ? `failed: ${removeTraceId(o.error)}`
        : o.kind,
  );
}

/** The requests an emulator saw, as `list` or `get <id>`. */
function routes(emulator: Emulator): string[] {
  return emulator.stats.log.map((l) =>
    l.path.includes('?') ? 'list' : `get ${l.path.split('/').pop() ?? ''}`,
  );
}

describe('collectTasks against the emulator', () => {
  const clock = createFakeClock(1_732_589_296_000);
  let transport: Transport;
  const emulators = createEmulatorStarter({ tasks: [], credentials: CREDENTIALS, now: clock.now });
  beforeAll(() => {
    transport = createUndiciTransport({});
  });
  afterEach(emulators.closeAll);
  afterAll(async () => {
    await transport.close();
  });

  async function start(
    tasks: Array<Record<string, unknown>>,
    pagination: 'offset' | 'page',
    more: Partial<EmulatorOptions> = {},
  ): Promise<{ emulator: Emulator; client: NclueClient }> {
    const emulator = await emulators.start({ tasks, pagination, ...more });
    const client = createNclueClient({
      endpoint: emulator.url,
      credentials: CREDENTIALS,
      gate: createRateGate(1, clock),
      clock,
      transport,
      random: () => 0.5,
    });
    return { emulator, client };
  }

  describe.each(['offset', 'page'] as const)('%s pagination', (pagination) => {
    it('--all lists every task once, in listing order, with the fewest requests', async () => {
      const tasks = makeTasks(0, 250);
      const { emulator, client } = await start(tasks, pagination);
      const collected = await collectTasks('all', { client, concurrency: 4, strategy: 'auto' });
      expect(collected.entries.map((e) => e.id)).toEqual(idsOf(tasks));
      expect(collected.entries.every((e) => e.source === 'listing' && e.valid)).toBe(true);
      // Each listed task is made into its row as its page comes in: the rows, not the tasks, are kept.
      expect(collected.outcomes.map((o) => (o.kind === 'listed' ? o.flat.row.task_id : o.kind))).toEqual(
        idsOf(tasks),
      );
      expect(emulator.stats.requests).toBe(pagination === 'offset' ? 4 : 3);
      expect(collected.listing?.complete).toBe(true);
      expect(collected.listing?.style).toBe(pagination);
    });

    it('auto lists, then GETs only what the listing lacked; rows keep input order and the contract', async () => {
      const tasks = makeTasks(0, 250);
      const { emulator, client } = await start(tasks, pagination);
      const unknown = uuid(999_999);
      const ids = [uuid(240), uuid(3).toUpperCase(), '../etc/passwd', unknown, uuid(120), uuid(7), uuid(199)];
      const got: string[] = [];
      const collected = await collectTasks(entriesOf(ids), {
        client,
        concurrency: 4,
        strategy: 'auto',
        onOutcome: (entry, _outcome, via) => {
          got.push(`${via} ${entry.id}`);
        },
      });
      expect(kinds(collected.outcomes)).toEqual([
        uuid(240),
        uuid(3),
        'failed: invalid task id',
        'failed: not found (HTTP 404)',
        uuid(120),
        uuid(7),
        uuid(199),
      ]);
      expect(routes(emulator).filter((r) => r === 'list')).toHaveLength(pagination === 'offset' ? 4 : 3);
      expect(routes(emulator).filter((r) => r.startsWith('get'))).toEqual([`get ${unknown}`]);
      expect(got).toContain(`get ${unknown}`);
      expect(got).toContain(`list ${uuid(3).toUpperCase()}`);
      expect(emulator.stats.log.some((l) => l.path.includes('passwd'))).toBe(false);
    });

    it('follows tasks deleted and added while paging (setTasks between pages)', async () => {
      const tasks = makeTasks(0, 450);
      const { emulator, client } = await start(tasks, pagination);
      const deleted = new Set(idsOf(tasks.slice(20, 40)));
      const survivors = tasks.filter((t) => !deleted.has(String(t.task_id)));
      const afterwards = [...survivors, ...makeTasks(5000, 130)];
      let pages = 0;
      const collected = await collectTasks('all', {
        client,
        concurrency: 1,
        strategy: 'auto',
        onEvent: (event) => {
          if (event.type !== 'list-page') return;
          pages++;
          // Deleted before the current position between pages 2 and 3, created at the end later on.
          if (pages === 2) emulator.setTasks(survivors);
          if (pages === 4) emulator.setTasks(afterwards);
        },
      });
      const listed = collected.entries.map((e) => e.id);
      expect(new Set(listed).size).toBe(listed.length);
      expect(listed).toEqual(expect.arrayContaining(idsOf(afterwards)));
      expect(collected.listing?.complete).toBe(true);
    });
  });

  describe.each([
    ['offset', 'page'],
    ['page', 'page'],
    ['offset', 'account'],
    ['page', 'account'],
  ] as const)('index as %s, total counting the %s', (pagination, total) => {
    it.each([250, 300, 100, 42])('--all lists all %i tasks and sees the end of the list', async (count) => {
      const tasks = makeTasks(0, count);
      const { client } = await start(tasks, pagination, { total });
      const collected = await collectTasks('all', { client, concurrency: 4, strategy: 'auto' });
      expect(collected.entries.map((e) => e.id)).toEqual(idsOf(tasks));
      expect(collected.listing?.complete).toBe(true);
      expect(collected.listing?.end).toBe('short page');
      // A total of 100 for a full page of 100 contradicts nothing until a page reaches past it.
      if (count !== 100) expect(collected.listing?.totalContradicted).toBe(total === 'page' && count > 100);
    });

    it('list finds requested IDs beyond the first page', async () => {
      const tasks = makeTasks(0, 250);
      const { emulator, client } = await start(tasks, pagination, { total });
      const ids = [uuid(3), uuid(150), uuid(249)];
      const collected = await collectTasks(entriesOf(ids), { client, concurrency: 4, strategy: 'list' });
      expect(kinds(collected.outcomes)).toEqual(ids);
      expect(routes(emulator).filter((r) => r.startsWith('get'))).toEqual([]);
    });
  });

  describe('list items lacking fields (the list page does not document them)', () => {
    it.each([
      ['auto', ['AUROC']],
      ['list', ['AUROC', 'line_count', 'disk_usage', 'fail_message']],
    ] as const)('%s fetches each listed task lacking %j with its own GET', async (strategy, omit) => {
      const tasks = makeTasks(0, 250);
      const { emulator, client } = await start(tasks, 'offset', { listOmit: [...omit] });
      const ids = [uuid(3), uuid(150), uuid(249), uuid(10), uuid(11)];
      const events: CollectEvent[] = [];
      const collected = await collectTasks(entriesOf(ids), {
        client,
        concurrency: 4,
        strategy,
        onEvent: (e) => events.push(e),
      });
      // The rows carry what GET /tasks/{id} answers: AUROC and all.
      expect(collected.outcomes.map((o) => (o.kind === 'fetched' ? o.task.AUROC : o.kind))).toEqual(
        ids.map(() => 0.75),
      );
      // auto saw every item of the first page lack AUROC and fetched the rest by GET: only the 3
      // requested tasks on that page were listed (and fetched again); list listed all 5.
      const listed = strategy === 'auto' ? 3 : 5;
      expect(collected.lacking?.tasks).toBe(listed);
      expect(collected.lacking?.byField.AUROC).toBe(listed);
      const gets = routes(emulator).filter((r) => r.startsWith('get'));
      expect(gets.sort()).toEqual(ids.map((id) => `get ${id}`).sort());
      const end = events.find((e) => e.type === 'listing-end');
      expect(end?.type === 'listing-end' && describeCollectEvent(end).text).toContain(
        `${listed} listed tasks lacked ${omit.length === 1 ? 'AUROC' : 'AUROC, line_count, disk_usage, fail_message'}: fetched one by one`,
      );
    });

    it('a null AUROC is a value: that task is not fetched again', async () => {
      const tasks = makeTasks(0, 50).map((t, i) => (i === 7 ? { ...t, AUROC: null } : t));
      const { emulator, client } = await start(tasks, 'offset');
      const collected = await collectTasks('all', { client, concurrency: 4, strategy: 'auto' });
      expect(collected.lacking?.tasks).toBe(0);
      expect(routes(emulator)).toEqual(['list']);
    });

    it('--all fetches them too, and says how many', async () => {
      const tasks = makeTasks(0, 120);
      const { emulator, client } = await start(tasks, 'page', { listOmit: ['disk_usage'] });
      const events: CollectEvent[] = [];
      const collected = await collectTasks('all', {
        client,
        concurrency: 4,
        strategy: 'auto',
        onEvent: (e) => events.push(e),
      });
      expect(collected.entries.map((e) => e.id)).toEqual(idsOf(tasks));
      expect(collected.outcomes.every((o) => o.kind === 'fetched' && o.task.disk_usage === 4096)).toBe(true);
      expect(collected.lacking).toEqual({ tasks: 120, byField: { disk_usage: 120 } });
      expect(routes(emulator).filter((r) => r.startsWith('get'))).toHaveLength(120);
      expect(events.filter((e) => e.type === 'route').at(-1)).toEqual({
        type: 'route',
        route: 'get',
        ids: 120,
      });
    });

    it('auto counts that cost: with list items lacking AUROC, GETs beat listing', async () => {
      const { emulator, client } = await start(makeTasks(0, 1000), 'page', { listOmit: ['AUROC'] });
      const ids = Array.from({ length: 40 }, (_, i) => uuid(200 + i * 20));
      const events: CollectEvent[] = [];
      await collectTasks(entriesOf(ids), {
        client,
        concurrency: 4,
        strategy: 'auto',
        onEvent: (e) => events.push(e),
      });
      // Whole items would make 10 more list pages worth it against 40 GETs; these save no GET at all.
      expect(routes(emulator).filter((r) => r === 'list')).toHaveLength(1);
      expect(routes(emulator).filter((r) => r.startsWith('get'))).toHaveLength(40);
      const route = events.filter((e) => e.type === 'route').at(-1);
      expect(route).toMatchObject({ route: 'get', lackingShare: 1 });
      expect(route && describeCollectEvent(route).text).toContain(
        'lacked fields and would need a GET anyway',
      );
    });
  });

  it('auto GETs after a full first page whose total is no larger than the page (total may count the page)', async () => {
    const { emulator, client } = await start(makeTasks(0, 5000), 'offset', { total: 'page' });
    const ids = [uuid(1), uuid(4000), uuid(4001), uuid(4002)];
    await collectTasks(entriesOf(ids), { client, concurrency: 4, strategy: 'auto' });
    expect(routes(emulator)).toEqual(['list', `get ${uuid(4000)}`, `get ${uuid(4001)}`, `get ${uuid(4002)}`]);
  });

  it('auto with 2 IDs sends GETs only', async () => {
    const { emulator, client } = await start(makeTasks(0, 50), 'offset');
    await collectTasks(entriesOf([uuid(1), uuid(2)]), { client, concurrency: 4, strategy: 'auto' });
    expect(routes(emulator)).toEqual([`get ${uuid(1)}`, `get ${uuid(2)}`]);
  });

  it('auto spends one list page, then GETs when the account is too large to list', async () => {
    const { emulator, client } = await start(makeTasks(0, 2000), 'page');
    const events: CollectEvent[] = [];
    const ids = [uuid(5), uuid(1500), uuid(1800), uuid(1900)];
    const collected = await collectTasks(entriesOf(ids), {
      client,
      concurrency: 4,
      strategy: 'auto',
      onEvent: (e) => events.push(e),
    });
    expect(kinds(collected.outcomes)).toEqual(ids);
    // Page 0 brought uuid(5); 3 GETs beat 20 more list pages.
    expect(routes(emulator)).toEqual(['list', `get ${uuid(1500)}`, `get ${uuid(1800)}`, `get ${uuid(1900)}`]);
    expect(events.filter((e) => e.type === 'route').map((e) => (e.type === 'route' ? e.route : ''))).toEqual([
      'first-page',
      'get',
    ]);
  });

  it('get never lists; list always does', async () => {
    const tasks = makeTasks(0, 120);
    const ids = [uuid(1), uuid(2), uuid(3), uuid(4)];
    const a = await start(tasks, 'offset');
    await collectTasks(entriesOf(ids), { client: a.client, concurrency: 4, strategy: 'get' });
    expect(routes(a.emulator).filter((r) => r === 'list')).toEqual([]);
    const b = await start(tasks, 'offset');
    await collectTasks(entriesOf([uuid(119)]), { client: b.client, concurrency: 4, strategy: 'list' });
    // Page 0, the probe at index 1, the last 19 tasks from index 101.
    expect(routes(b.emulator)).toEqual(['list', 'list', 'list']);
  });

  it('does not list or GET what a resumed checkpoint already has', async () => {
    const { emulator, client } = await start(makeTasks(0, 50), 'offset');
    const known = new Map(
      Array.from({ length: 9 }, (_, i) => [uuid(i), { task_id: uuid(i), status: 'failed' }]),
    );
    const collected = await collectTasks(entriesOf(Array.from({ length: 10 }, (_, i) => uuid(i))), {
      client,
      concurrency: 4,
      strategy: 'auto',
      known,
    });
    expect(routes(emulator)).toEqual([`get ${uuid(9)}`]);
    expect(collected.outcomes[0]).toEqual({ kind: 'fetched', task: { task_id: uuid(0), status: 'failed' } });
  });
});

describe('collectTasks when a list page fails (fake transport)', () => {
  function setup(scripts: Record<string, Script[]>) {
    const tasks = makeTasks(0, 400);
    const serveTask = (req: TransportRequest) => {
      const task = tasks.find((t) => t.task_id === taskIdOf(req));
      return task ? json(200, task) : json(404, {});
    };
    return createFakeClient({ rps: 10, latencyMs: 10, scripts, serve: servePagesOr(tasks, serveTask) });
  }
  const failing = (): Record<string, Script[]> => ({
    '/api/v1/tasks?index=2&limit=100': Array.from({ length: 5 }, () => json(503, {})),
  });

  it('falls back to one GET per requested ID the listing had not returned yet', async () => {
    const { client, transport } = setup(failing());
    const ids = Array.from({ length: 10 }, (_, i) => uuid(i * 37));
    const events: CollectEvent[] = [];
    const collected = await collectTasks(entriesOf(ids), {
      client,
      concurrency: 4,
      strategy: 'list',
      onEvent: (e) => events.push(e),
    });
    expect(kinds(collected.outcomes)).toEqual(ids);
    const gets = transport.requests.filter((r) => !r.url.includes('?')).map((r) => r.url.split('/').pop());
    // Pages 0 and 1 brought tasks 0–199; the rest came one by one.
    expect(gets).toEqual(ids.filter((id) => Number(id.slice(-12)) >= 200));
    const end = events.find((e) => e.type === 'listing-end');
    expect(end?.type === 'listing-end' && end.listing.end).toBe('failed');
  });

  it('--all throws ListingError saying how far it got', async () => {
    const { client } = setup(failing());
    const error = await collectTasks('all', { client, concurrency: 4, strategy: 'auto' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ListingError);
    expect((error as ListingError).message).toMatch(
      /index=2 .*HTTP 503.*200 tasks listed of 400 — no report written/,
    );
    expect((error as ListingError).listed).toBe(200);
  });

  it('--all returns what was listed, marked interrupted, when stopped while listing', async () => {
    const { client } = setup({});
    const stop = new AbortController();
    const collected = await collectTasks('all', {
      client,
      concurrency: 1,
      strategy: 'auto',
      stop: stop.signal,
      onEvent: (event) => {
        if (event.type === 'list-page' && event.listed >= 200) stop.abort(new Error('SIGINT'));
      },
    });
    expect(collected.listing?.end).toBe('interrupted');
    expect(collected.entries.map((e) => e.id)).toEqual(idsOf(makeTasks(0, 200)));
  });
});

describe('collectTasks against a hostile or odd list endpoint (fake transport)', () => {
  function serveList(page: (index: number, limit: number) => unknown) {
    return createFakeClient({
      rps: 100,
      serve: (req) => {
        const url = new URL(req.url);
        if (url.search === '') return json(200, { task_id: taskIdOf(req), AUROC: 0.5 });
        const { index, limit } = pageQuery(url);
        return json(200, page(index, limit));
      },
    });
  }

  it('--all: a server that claims 1e9 tasks and repeats one page ends incomplete: ListingError, exit 1', async () => {
    const tasks = makeTasks(0, 100);
    const { client, transport } = serveList(() => ({ total: 1e9, tasks }));
    const error = await collectTasks('all', { client, concurrency: 4, strategy: 'auto' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ListingError);
    expect((error as ListingError).message).toMatch(
      /incomplete: a full page brought no new task: .*no short page marked the end.*no report written/,
    );
    expect(transport.requests.length).toBeLessThanOrEqual(6);
  });

  it('--all: past --max-tasks the listing stops with "listing exceeded", whatever the pages say', async () => {
    const { client, transport } = serveList((index) => ({ total: 1e9, tasks: makeTasks(index * 1000, 100) }));
    const error = await collectTasks('all', {
      client,
      concurrency: 4,
      strategy: 'auto',
      maxTasks: 500,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ListingError);
    expect((error as ListingError).message).toMatch(/^listing exceeded --max-tasks 500: /);
    expect((error as ListingError).listed).toBe(500);
    expect(transport.requests.length).toBeLessThanOrEqual(Math.ceil(500 / 100) + 2 + 4);
  });

  it('with IDs too, a listing past --max-tasks stops the run', async () => {
    const { client } = serveList((index) => ({ total: 1e9, tasks: makeTasks(index * 1000, 100) }));
    const error = await collectTasks(entriesOf([uuid(999_999)]), {
      client,
      concurrency: 4,
      strategy: 'list',
      maxTasks: 300,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ListingError);
    expect((error as ListingError).message).toMatch(/^listing exceeded --max-tasks 300/);
  });

  it('keeps the first `limit` items of a page holding more, warning once', async () => {
    // Every page holds 5,000 tasks, 250 distinct in all when read 100 at a time.
    const all = makeTasks(0, 10_000);
    const { client } = serveList((index) => ({
      total: 250,
      tasks: index * 100 < 250 ? all.slice(index * 100, index * 100 + 5000) : [],
    }));
    const events: CollectEvent[] = [];
    const collected = await collectTasks('all', {
      client,
      concurrency: 1,
      strategy: 'auto',
      onEvent: (e) => events.push(e),
    });
    const warnings = events.filter((e) => e.type === 'oversized-page');
    expect(warnings).toEqual([{ type: 'oversized-page', index: 0, received: 5000, limit: 100 }]);
    expect(describeCollectEvent(warnings[0]!).level).toBe('warn');
    expect(collected.listing?.oversizedPages).toBeGreaterThanOrEqual(2);
    expect(collected.listing?.complete).toBe(true);
    // Page-number style (the probe repeats nothing): pages 0, 1 and 2, each cut to its first 100.
    expect(collected.entries).toHaveLength(300);
  });

  it('an ID listed twice is counted once, and the listing is complete with no "stopped short" warning', async () => {
    const tasks = makeTasks(0, 250);
    tasks[230] = { ...tasks[30]! };
    const { client } = serveList((index, limit) => servePage(tasks, 'page', index, limit));
    const events: CollectEvent[] = [];
    const collected = await collectTasks('all', {
      client,
      concurrency: 4,
      strategy: 'auto',
      onEvent: (e) => events.push(e),
    });
    expect(collected.entries).toHaveLength(249);
    expect(collected.listing?.complete).toBe(true);
    const end = events.find((e) => e.type === 'listing-end');
    const line = end && describeCollectEvent(end);
    expect(line?.level).toBe('info');
    expect(line?.text).toContain('listed 249 of 250 tasks');
    expect(line?.text).toContain('(1 duplicate ID counted once)');
  });

  it('warns when a complete listing ends short of the total it was given', async () => {
    const tasks = makeTasks(0, 250);
    const { client } = serveList((index, limit) => ({
      ...servePage(tasks, 'page', index, limit),
      total: 1e6,
    }));
    const events: CollectEvent[] = [];
    const collected = await collectTasks('all', {
      client,
      concurrency: 2,
      strategy: 'auto',
      onEvent: (e) => events.push(e),
    });
    expect(collected.listing?.complete).toBe(true);
    const end = events.find((e) => e.type === 'listing-end');
    expect(end && describeCollectEvent(end)).toMatchObject({ level: 'warn' });
    expect(end && describeCollectEvent(end).text).toContain(
      'the list ended at 250 tasks although total said 1000000',
    );
  });
});
