import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../../src/client/clock.js';
import { createNclueClient, UNREACHABLE_CODES } from '../../src/client/nclue-client.js';
import { createRateGate } from '../../src/client/rate-gate.js';
import { TransportError, type Transport, type TransportResponse } from '../../src/client/transport.js';
import { EndpointError } from '../../src/core/errors.js';
import { describeWrongEndpoint, fetchTasks } from '../../src/pipeline/fetch-tasks.js';
import { createFakeTransport, json } from '../support/fake-transport.js';
import { uuid } from '../support/task-ids.js';

const START = 1_700_000_000_000;
const SECRET = 'wrong-endpoint-secret';

function setup(fallback: () => TransportResponse | TransportError, retries = 4) {
  const clock = createFakeClock(START);
  const transport = createFakeTransport(clock, {}, () => {
    const answer = fallback();
    if (answer instanceof TransportError) throw answer;
    return answer;
  });
  const client = createNclueClient({
    endpoint: 'https://nclue.example.test/api/v2',
    credentials: { accessKey: 'AK', secretKey: SECRET },
    gate: createRateGate(1, clock),
    clock,
    transport: transport as Transport,
    retries,
    random: () => 0.99,
  });
  const entries = Array.from({ length: 40 }, (_, i) => ({
    id: uuid(i + 1),
    source: 'args' as const,
    line: i + 1,
    valid: true,
  }));
  return { clock, transport, client, entries };
}

describe('a dead endpoint', () => {
  it.each([...UNREACHABLE_CODES])(
    'stops the run after one request’s attempts when %s comes before any answer',
    async (code) => {
      const { clock, transport, client, entries } = setup(
        () => new TransportError(`cannot connect (${code})`, code),
      );
      const error = await fetchTasks(entries, { client, concurrency: 256 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EndpointError);
      const message = (error as Error).message;
      expect(message).toContain('https://nclue.example.test/api/v2');
      expect(message).toMatch(/--endpoint or NCLUE_ENDPOINT/);
      expect(message).not.toContain(SECRET);
      // 5 attempts in all (retries 4), not 5 per queued ID; within 15 s of virtual time.
      expect(transport.requests).toHaveLength(5);
      expect(clock.now() - START).toBeLessThan(15_000);
    },
  );

  it('is only a row error once the server has answered', async () => {
    let answered = 0;
    const { client, entries } = setup(() => {
      answered += 1;
      return answered <= 2
        ? json(200, { task_id: uuid(answered), status: 'completed' })
        : new TransportError('connection refused', 'ECONNREFUSED');
    }, 0);
    const outcomes = await fetchTasks(entries.slice(0, 8), { client, concurrency: 1 });
    expect(outcomes.filter((o) => o.kind === 'fetched')).toHaveLength(2);
    expect(outcomes.filter((o) => o.kind === 'failed')).toHaveLength(6);
  });
});

describe('the first IDs all answer 404', () => {
  const notFound = () => json(404, { error: { errorCode: '300', message: 'Not Found Exception' } });

  it('asks the task list once; a 404 there too is a wrong endpoint (exit 4)', async () => {
    const { transport, client, entries } = setup(notFound);
    const error = await fetchTasks(entries, { client, concurrency: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EndpointError);
    expect((error as Error).message).toBe(
      describeWrongEndpoint('the first task IDs and the task list all answered HTTP 404'),
    );
    expect((error as Error).message).toContain('check --endpoint, it ends in /api/v1');
    const paths = transport.requests.map((r) => new URL(r.url).pathname + new URL(r.url).search);
    expect(paths.slice(0, 4)).toEqual([
      `/api/v2/tasks/${uuid(1)}`,
      `/api/v2/tasks/${uuid(2)}`,
      `/api/v2/tasks/${uuid(3)}`,
      '/api/v2/tasks?limit=1',
    ]);
    expect(paths.filter((p) => p.includes('?limit=1'))).toHaveLength(1);
    // Nothing more is sent than what was already in flight.
    expect(transport.requests.length).toBeLessThan(6);
  });

  it('goes on when the task list answers: those IDs are simply not in the account', async () => {
    const { transport, client, entries } = setup(notFound);
    const list = json(200, { index: 0, limit: 1, total: 1, tasks: [{ task_id: uuid(99) }] });
    const get = transport.get.bind(transport);
    transport.get = (req) => (req.url.endsWith('?limit=1') ? Promise.resolve(list) : get(req));
    const outcomes = await fetchTasks(entries.slice(0, 5), { client, concurrency: 1 });
    expect(outcomes.map((o) => (o.kind === 'failed' ? o.error : o.kind))).toEqual(
      Array(5).fill('not found (HTTP 404)'),
    );
  });

  it('does not ask when one of the first three IDs exists', async () => {
    let n = 0;
    const { transport, client, entries } = setup(() => {
      n += 1;
      return n === 2 ? json(200, { task_id: uuid(2), status: 'completed' }) : notFound();
    });
    await fetchTasks(entries.slice(0, 6), { client, concurrency: 1 });
    expect(transport.requests.some((r) => r.url.includes('?limit=1'))).toBe(false);
  });
});
