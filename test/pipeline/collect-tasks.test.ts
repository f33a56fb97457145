import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../src/client/clock.js';
import { createNclueClient, type NclueClient } from '../../src/client/nclue-client.js';
import { createRateGate } from '../../src/client/rate-gate.js';
import { createUndiciTransport, type Transport, type TransportRequest } from '../../src/client/transport.js';
import type { Emulator } from '../../src/emulator/index.js';
import { collectTasks, type CollectEvent } from '../../src/pipeline/collect-tasks.js';
import type { TaskOutcome } from '../../src/pipeline/fetch-tasks.js';
import { ListingError } from '../../src/pipeline/listing-error.js';
import { createEmulatorStarter } from '../support/emulators.js';
import { createFakeClient, taskIdOf } from '../support/fake-client.js';
import { json, type Script } from '../support/fake-transport.js';
import { entriesOf, uuid } from '../support/task-ids.js';
import { idsOf, makeTasks, servePagesOr } from './list-server.js';

const CREDENTIALS = { accessKey: 'AK-COLLECT', secretKey: 'collect-secret' };

function kinds(outcomes: TaskOutcome[]): string[] {
  return outcomes.map((o) =>
    o.kind === 'fetched' ? String(o.task.task_id) : o.kind === 'failed' ? `failed: ${o.error}` : o.kind,
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
  ): Promise<{ emulator: Emulator; client: NclueClient }> {
    const emulator = await emulators.start({ tasks, pagination });
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
      expect(collected.outcomes.every((o) => o.kind === 'fetched')).toBe(true);
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
