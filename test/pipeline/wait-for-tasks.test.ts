import { afterEach, describe, expect, it } from 'vitest';
import { createFakeClock, type Clock } from '../../src/client/clock.js';
import { createNclueClient } from '../../src/client/nclue-client.js';
import { createRateGate } from '../../src/client/rate-gate.js';
import { createUndiciTransport } from '../../src/client/transport.js';
import { createEmulator, type Emulator } from '../../src/emulator/index.js';
import { AuthError } from '../../src/core/errors.js';
import { fetchTasks, type TaskOutcome } from '../../src/pipeline/fetch-tasks.js';
import { flattenTask } from '../../src/report/flatten-task.js';
import {
  computeWaitIntervalMs,
  unfinishedStatus,
  waitForTasks,
  type WaitState,
} from '../../src/pipeline/wait-for-tasks.js';
import { createFakeClient, taskIdOf } from '../support/fake-client.js';
import { authFailed, json, type Script } from '../support/fake-transport.js';
import { entriesOf, uuid } from '../support/task-ids.js';

const fetched = (id: string, status: string): TaskOutcome => ({
  kind: 'fetched',
  task: { task_id: id, status },
});
const statusOf = (o: TaskOutcome | undefined): unknown => (o?.kind === 'fetched' ? o.task.status : o?.kind);

describe('computeWaitIntervalMs', () => {
  it('starts at 30 s and grows 1.5× per round up to 5 min', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 20].map(computeWaitIntervalMs)).toEqual([
      30_000, 45_000, 67_500, 101_250, 151_875, 227_812.5, 300_000, 300_000, 300_000,
    ]);
  });
});

describe('unfinishedStatus', () => {
  it.each([
    ['registered', 'registered'],
    ['pending', 'pending'],
    ['in_progress', 'in_progress'],
    [' IN_PROGRESS ', 'in_progress'],
    ['completed', null],
    ['complete', null],
    ['failed', null],
    [undefined, null],
    [42, null],
  ])('%j → %j', (status, expected) => {
    expect(unfinishedStatus({ status })).toBe(expected);
  });
});

/**
 * Tasks whose state depends on (virtual) time, served by the real emulator over HTTP:
 * A done from the start; B pending → in progress at +40 s → completed at +100 s;
 * C in progress → failed at +200 s; D registered for ever.
 */
function tasksAt(t0: number, now: number): Array<Record<string, unknown>> {
  const s = (now - t0) / 1000;
  return [
    { task_id: uuid(1), status: 'completed', AUROC: '0.9' },
    {
      task_id: uuid(2),
      status: s < 40 ? 'pending' : s < 100 ? 'in_progress' : 'completed',
      AUROC: s < 100 ? null : '0.8',
    },
    {
      task_id: uuid(3),
      status: s < 200 ? 'in_progress' : 'failed',
      fail_message: s < 200 ? null : 'NOT_EXIST_FILE',
    },
    { task_id: uuid(4), status: 'registered' },
  ];
}

describe('waitForTasks against the emulator, tasks changing over virtual time', () => {
  let emulator: Emulator | undefined;
  afterEach(async () => {
    await emulator?.close();
  });

  it('polls with growing pauses through the rate gate until the tasks finish or the timeout passes', async () => {
    const fake = createFakeClock(Date.parse('2026-03-01T00:00:00Z'));
    const t0 = fake.now();
    const server = await createEmulator({
      tasks: tasksAt(t0, t0),
      credentials: { accessKey: 'AK', secretKey: 'SK' },
      rps: 1,
      now: () => fake.now(),
    });
    emulator = server;
    // The scripted timeline: whenever virtual time moves, the emulator's tasks move with it.
    const clock: Clock = {
      now: () => fake.now(),
      sleep: async (ms, signal) => {
        await fake.sleep(ms, signal);
        server.setTasks(tasksAt(t0, fake.now()));
      },
    };
    const transport = createUndiciTransport({});
    const client = createNclueClient({
      endpoint: server.url,
      credentials: { accessKey: 'AK', secretKey: 'SK' },
      gate: createRateGate(1, clock),
      clock,
      transport,
      retries: 0,
    });
    const entries = entriesOf([uuid(1), uuid(2), uuid(3), uuid(4)]);
    try {
      const first = await fetchTasks(entries, { client, concurrency: 1 });
      expect(first.map(statusOf)).toEqual(['completed', 'pending', 'in_progress', 'registered']);

      const states: WaitState[] = [];
      const updates: string[] = [];
      const waitStart = clock.now();
      const result = await waitForTasks(entries, first, {
        client,
        clock,
        timeoutMs: 600_000,
        concurrency: 1,
        onState: (s) => states.push(s),
        onUpdate: (entry, task) => {
          updates.push(`${entry.id.slice(-1)}:${String(task.status)}`);
        },
      });

      expect(result.outcomes.map(statusOf)).toEqual(['completed', 'completed', 'failed', 'registered']);
      expect(result.outcomes[2]?.kind === 'fetched' && result.outcomes[2].task.fail_message).toBe(
        'NOT_EXIST_FILE',
      );
      expect(result.timedOut).toBe(true);
      expect(result.interrupted).toBe(false);
      expect(result.unfinished.map((e) => e.id)).toEqual([uuid(4)]);
      expect(result.unfinishedByStatus).toEqual([{ status: 'registered', count: 1 }]);
      expect(updates.filter((u) => u.startsWith('2:')).at(-1)).toBe('2:completed');

      // The finished task A is never polled; D is polled once per round.
      const log = server.stats.log.slice(entries.length);
      expect(log.some((l) => l.taskId === uuid(1))).toBe(false);
      const dTimes = log.filter((l) => l.taskId === uuid(4)).map((l) => l.at - waitStart);
      expect(dTimes.length).toBe(result.polls);
      const gaps = dTimes.map((t, i) => t - (i === 0 ? 0 : (dTimes[i - 1] ?? 0)));
      // Pauses of 30 s, 45 s, 67.5 s, … (plus the seconds a round takes at 1 request/s), never above 5 min.
      expect(gaps[0]).toBeGreaterThanOrEqual(30_000);
      expect(gaps[1]).toBeGreaterThanOrEqual(45_000);
      expect(gaps[2]).toBeGreaterThanOrEqual(67_500);
      for (let i = 1; i < gaps.length - 1; i++) expect(gaps[i]).toBeGreaterThan(gaps[i - 1] ?? 0);
      for (const gap of gaps) expect(gap).toBeLessThanOrEqual(300_000 + 5_000);
      // The last round is at the deadline, and nothing is sent after it.
      expect(dTimes.at(-1)).toBeGreaterThanOrEqual(600_000);
      expect(dTimes.at(-1)).toBeLessThanOrEqual(600_000 + 3_000);
      expect(clock.now() - waitStart).toBeLessThanOrEqual(600_000 + 3_000);

      // Every request, polls included, passed the rate gate: ≥ 1 s apart and no 429 from the emulator.
      expect(server.stats.rateLimited).toBe(0);
      const all = server.stats.log.map((l) => l.at);
      for (let i = 1; i < all.length; i++)
        expect((all[i] ?? 0) - (all[i - 1] ?? 0)).toBeGreaterThanOrEqual(1000);

      // Progress: one pause announced per round, with the unfinished tasks by status.
      const pauses = states.filter((s) => s.nextPollAt !== null);
      expect(pauses).toHaveLength(result.polls);
      expect(pauses[0]).toMatchObject({
        unfinished: 3,
        polls: 0,
        nextPollAt: waitStart + 30_000,
        deadline: waitStart + 600_000,
      });
      expect(pauses[0]?.byStatus).toEqual([
        { status: 'pending', count: 1 },
        { status: 'in_progress', count: 1 },
        { status: 'registered', count: 1 },
      ]);
      expect(pauses.at(-1)?.unfinished).toBe(1);
    } finally {
      await transport.close();
    }
  });
});

describe('waitForTasks (fake transport, virtual time)', () => {
  function setup(
    scripts: Record<string, Script[]> = {},
    statusOfTask: (id: string, now: number) => string = () => 'completed',
  ) {
    return createFakeClient({
      rps: 1,
      scripts,
      retries: 0,
      serve: (req, clock) => {
        const id = taskIdOf(req);
        return json(200, { task_id: id, status: statusOfTask(id, clock.now()) });
      },
    });
  }

  it('sends nothing and returns at once when no task is unfinished', async () => {
    const { clock, transport, client } = setup();
    const ids = [uuid(1), uuid(2), uuid(3)];
    const outcomes: TaskOutcome[] = [
      fetched(ids[0]!, 'completed'),
      { kind: 'failed', error: 'not found (HTTP 404)' },
      fetched(ids[2]!, 'failed'),
    ];
    const result = await waitForTasks(entriesOf(ids), outcomes, {
      client,
      clock,
      timeoutMs: 3_600_000,
      concurrency: 2,
    });
    expect(transport.requests).toHaveLength(0);
    expect(clock.now()).toBe(0);
    expect(result).toMatchObject({ polls: 0, timedOut: false, interrupted: false, unfinished: [] });
    expect(result.outcomes).toEqual(outcomes);
  });

  it('finishes as soon as the last task is final, without waiting for the timeout', async () => {
    const { clock, client } = setup({}, (_id, now) => (now < 60_000 ? 'in_progress' : 'completed'));
    const result = await waitForTasks(entriesOf([uuid(1)]), [fetched(uuid(1), 'in_progress')], {
      client,
      clock,
      timeoutMs: 3_600_000,
      concurrency: 1,
    });
    // Rounds at 30 s (still in progress) and 30 + 45 = 75 s (completed).
    expect(result.polls).toBe(2);
    expect(clock.now()).toBe(75_000);
    expect(statusOf(result.outcomes[0])).toBe('completed');
    expect(result.timedOut).toBe(false);
  });

  it('waits for a task of an --all listing, already made into its row, as for a fetched one', async () => {
    const { clock, client } = setup({}, (_id, now) => (now < 60_000 ? 'in_progress' : 'completed'));
    const listed: TaskOutcome = {
      kind: 'listed',
      flat: flattenTask({ task_id: uuid(1), status: 'in_progress' }, uuid(1)),
    };
    const done: TaskOutcome = {
      kind: 'listed',
      flat: flattenTask({ task_id: uuid(2), status: 'completed', AUROC: '0.9' }, uuid(2)),
    };
    const result = await waitForTasks(entriesOf([uuid(1), uuid(2)]), [listed, done], {
      client,
      clock,
      timeoutMs: 3_600_000,
      concurrency: 1,
    });
    expect(result.polls).toBe(2);
    expect(statusOf(result.outcomes[0])).toBe('completed');
    expect(result.outcomes[1]).toBe(done);
  });

  it('keeps the last known state when a poll fails, and counts the failure', async () => {
    const id = uuid(7);
    const { clock, client } = setup(
      { [`/api/v1/tasks/${id}`]: [json(503, { error: { errorCode: '500', message: 'Endpoint Error' } })] },
      () => 'completed',
    );
    const result = await waitForTasks(entriesOf([id]), [fetched(id, 'pending')], {
      client,
      clock,
      timeoutMs: 3_600_000,
      concurrency: 1,
    });
    expect(result.pollErrors).toBe(1);
    expect(result.polls).toBe(2);
    expect(statusOf(result.outcomes[0])).toBe('completed');
  });

  it('a short --wait-timeout shortens the first pause: one round, at the deadline', async () => {
    const { clock, transport, client } = setup({}, () => 'in_progress');
    const result = await waitForTasks(entriesOf([uuid(1)]), [fetched(uuid(1), 'in_progress')], {
      client,
      clock,
      timeoutMs: 5_000,
      concurrency: 1,
    });
    expect(result).toMatchObject({ polls: 1, timedOut: true });
    expect(transport.log).toEqual([
      `START /api/v1/tasks/${uuid(1)} @5000`,
      `END /api/v1/tasks/${uuid(1)} @5000`,
    ]);
  });

  it('stops at once on Ctrl-C during a pause and keeps the states seen', async () => {
    const { clock, transport, client } = setup({}, () => 'completed');
    const stop = new AbortController();
    const result = await waitForTasks(entriesOf([uuid(1)]), [fetched(uuid(1), 'pending')], {
      client,
      clock,
      timeoutMs: 3_600_000,
      concurrency: 1,
      stop: stop.signal,
      onState: () => stop.abort(new Error('SIGINT')),
    });
    expect(result).toMatchObject({ interrupted: true, timedOut: false, polls: 0 });
    expect(statusOf(result.outcomes[0])).toBe('pending');
    expect(transport.requests).toHaveLength(0);
  });

  it('ends with the AuthError on a rejected credential and sends no further poll', async () => {
    const ids = [uuid(1), uuid(2), uuid(3)];
    const { clock, transport, client } = setup({
      [`/api/v1/tasks/${ids[0]}`]: [authFailed()],
    });
    const outcomes = ids.map((id) => fetched(id, 'in_progress'));
    await expect(
      waitForTasks(entriesOf(ids), outcomes, { client, clock, timeoutMs: 3_600_000, concurrency: 1 }),
    ).rejects.toBeInstanceOf(AuthError);
    expect(transport.requests).toHaveLength(1);
  });

  it('does not change the outcomes it was given', async () => {
    const { clock, client } = setup({}, () => 'completed');
    const outcomes = [fetched(uuid(1), 'registered')];
    const result = await waitForTasks(entriesOf([uuid(1)]), outcomes, {
      client,
      clock,
      timeoutMs: 60_000,
      concurrency: 1,
    });
    expect(statusOf(outcomes[0])).toBe('registered');
    expect(statusOf(result.outcomes[0])).toBe('completed');
  });
});
