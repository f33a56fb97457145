import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../../src/client/clock.js';
import { createNclueClient, type ClientEvent } from '../../src/client/nclue-client.js';
import { createRateGate } from '../../src/client/rate-gate.js';
import { TransportError, type Transport } from '../../src/client/transport.js';
import { AuthError, QuotaError } from '../../src/core/errors.js';
import { createFakeTransport, json, startTimes, type Script } from '../support/fake-transport.js';

const ID = 'f5aebc0c-0000-4000-8000-b201bc64b1c9';
const PATH = `/api/v1/tasks/${ID}`;
const SECRET = 'super-secret-key-value';
const CREDS = { accessKey: 'AK-TEST', secretKey: SECRET };
const TASK = { task_id: ID, task_name: 'model', status: 'completed' };

function setup(
  scripts: Record<string, Script[]>,
  { rps = 1, retries = 4, latencyMs = 0, start = 1_700_000_000_000 } = {},
) {
  const clock = createFakeClock(start);
  const transport = createFakeTransport(clock, scripts, () => json(200, TASK), latencyMs);
  const events: ClientEvent[] = [];
  const gate = createRateGate(rps, clock);
  const client = createNclueClient({
    endpoint: 'https://nclue.example.test/api/v1',
    credentials: CREDS,
    gate,
    clock,
    transport: transport as Transport,
    retries,
    random: () => 0.5,
    onEvent: (e) => events.push(e),
  });
  return { clock, transport, client, events, gate };
}

describe('NCLUE client', () => {
  it('signs the full path with /api/v1 and a fresh timestamp on every attempt', async () => {
    const { client, transport } = setup({ [PATH]: [json(503, {}), json(200, TASK)] });
    const result = await client.fetchTask(ID);
    expect(result).toEqual({ ok: true, value: TASK, attempts: 2 });
    expect(transport.requests).toHaveLength(2);
    const [first, second] = transport.requests;
    expect(first!.url).toBe(`https://nclue.example.test${PATH}`);
    expect(first!.headers['x-ncp-apigw-timestamp']).not.toBe(second!.headers['x-ncp-apigw-timestamp']);
    expect(first!.headers['x-ncp-apigw-signature-v2']).not.toBe(second!.headers['x-ncp-apigw-signature-v2']);
  });

  it.each([429, 500, 502, 503, 504])('retries HTTP %i, then succeeds', async (status) => {
    const { client } = setup({ [PATH]: [json(status, {}), json(status, {}), json(200, TASK)] });
    const result = await client.fetchTask(ID);
    expect(result.ok).toBe(true);
    expect(result.attempts).toBe(3);
  });

  it('retries connection errors and unparsable 200 bodies', async () => {
    const { client } = setup({
      [PATH]: [
        new TransportError('connection reset', 'ECONNRESET'),
        json(200, '{"task_id": "f5ae'),
        json(200, TASK),
      ],
    });
    const result = await client.fetchTask(ID);
    expect(result).toMatchObject({ ok: true, attempts: 3 });
  });

  it('does not retry a body over the size cap: that task fails at once', async () => {
    const { client, transport } = setup({
      [PATH]: [new TransportError('response body over 16 MiB', 'EBODYTOOLARGE', false), json(200, TASK)],
    });
    const result = await client.fetchTask(ID);
    expect(result).toEqual({ ok: false, error: 'response body over 16 MiB', attempts: 1 });
    expect(transport.requests).toHaveLength(1);
  });

  it('gives up after 1 + retries attempts naming the last cause', async () => {
    const { client, transport } = setup(
      {
        [PATH]: Array.from({ length: 10 }, () =>
          json(503, { error: { errorCode: '500', message: 'Endpoint Error' } }),
        ),
      },
      { retries: 4 },
    );
    const result = await client.fetchTask(ID);
    expect(result).toEqual({
      ok: false,
      error: 'gave up after 5 attempts: HTTP 503',
      attempts: 5,
    });
    expect(transport.requests).toHaveLength(5);
  });

  it.each([400, 409, 422])('never retries HTTP %i', async (status) => {
    const { client, transport } = setup({
      [PATH]: [json(status, { error: { errorCode: '100', message: 'Bad Request Exception' } })],
    });
    const result = await client.fetchTask(ID);
    expect(result.ok).toBe(false);
    expect(transport.requests).toHaveLength(1);
    if (!result.ok) expect(result.error).toContain(`HTTP ${status}`);
  });

  it('turns 404 into a row error without retrying', async () => {
    const { client, transport } = setup({ [PATH]: [json(404, {})] });
    expect(await client.fetchTask(ID)).toEqual({
      ok: false,
      error: 'not found (HTTP 404)',
      attempts: 1,
      notFound: true,
    });
    expect(transport.requests).toHaveLength(1);
  });

  it.each([401, 403])('throws AuthError on HTTP %i with the gateway code and no secret', async (status) => {
    const { client, transport } = setup({
      [PATH]: [json(status, { error: { errorCode: '200', message: `Authentication Failed ${SECRET}` } })],
    });
    const error = await client.fetchTask(ID).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).message).toContain(`HTTP ${status}`);
    expect((error as AuthError).message).toContain('errorCode 200');
    expect((error as AuthError).message).not.toContain(SECRET);
    expect(transport.requests).toHaveLength(1);
  });

  it('honours Retry-After as the minimum wait and holds back the whole gate', async () => {
    const { client, transport, clock } = setup({
      [PATH]: [json(429, {}, { 'retry-after': '7' }), json(200, TASK)],
    });
    const start = clock.now();
    await client.fetchTask(ID);
    const times = transport.log
      .filter((l) => l.startsWith('START'))
      .map((l) => Number(l.split('@')[1]) - start);
    expect(times).toEqual([0, 7000]);
  });

  it('corrects a skewed clock from the Date header once and retries', async () => {
    const serverNow = 1_700_000_000_000 + 10 * 60_000;
    const { client, transport, events } = setup({
      [PATH]: [
        json(
          401,
          { error: { errorCode: '200', message: 'Authentication Failed' } },
          { date: new Date(serverNow).toUTCString() },
        ),
      ],
    });
    const result = await client.fetchTask(ID);
    expect(result.ok).toBe(true);
    const stamps = transport.requests.map((r) => Number(r.headers['x-ncp-apigw-timestamp']));
    expect(stamps[1]! - stamps[0]!).toBeGreaterThan(9 * 60_000);
    expect(events.some((e) => e.type === 'clock-skew')).toBe(true);
  });

  it('retries a skew-explained 401 only once, then gives up with AuthError', async () => {
    const date = new Date(1_700_000_000_000 - 30 * 60_000).toUTCString();
    const fail = json(401, { error: { errorCode: '200', message: 'Authentication Failed' } }, { date });
    const { client, transport } = setup({ [PATH]: [fail, fail, fail] });
    const error = await client.fetchTask(ID).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).message).toMatch(
      /30\.0 min ahead of the server's, but signing with the server's time did not help/,
    );
    expect(transport.requests).toHaveLength(2);
  });

  it('does not retry a 401 when the clocks agree', async () => {
    const date = new Date(1_700_000_000_000 + 60_000).toUTCString();
    const { client, transport } = setup({ [PATH]: [json(401, {}, { date })] });
    await expect(client.fetchTask(ID)).rejects.toBeInstanceOf(AuthError);
    expect(transport.requests).toHaveLength(1);
  });

  it('rejects a body that is not an object or is another task, without retrying', async () => {
    const other = { ...TASK, task_id: '00000000-0000-4000-8000-000000000000' };
    const { client, transport } = setup({ [PATH]: [json(200, [TASK])] });
    expect(await client.fetchTask(ID)).toMatchObject({
      ok: false,
      error: 'invalid response: body is not a JSON object',
    });
    const second = setup({ [PATH]: [json(200, other)] });
    const result = await second.client.fetchTask(ID);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain('differs from the requested one');
    expect(transport.requests).toHaveLength(1);
  });

  it('accepts the task_id in another case', async () => {
    const { client } = setup({ [PATH]: [json(200, { ...TASK, task_id: ID.toUpperCase() })] });
    expect((await client.fetchTask(ID)).ok).toBe(true);
  });

  it('percent-encodes the path segment of an ID', async () => {
    const { client, transport } = setup({});
    await client.fetchTask('a/../b?c');
    expect(new URL(transport.requests[0]!.url).pathname).toBe('/api/v1/tasks/a%2F..%2Fb%3Fc');
  });

  it('signs the exact list query it sends', async () => {
    const listPath = '/api/v1/tasks?index=0&limit=100';
    const { client, transport } = setup({
      [listPath]: [json(200, { index: 0, limit: 100, total: 1, tasks: [TASK] })],
    });
    const page = await client.fetchTaskPage(0, 100);
    expect(page).toMatchObject({ ok: true, value: { total: 1, tasks: [TASK] } });
    expect(transport.requests[0]!.url).toBe(`https://nclue.example.test${listPath}`);
  });

  it('stop signal ends a backoff at once', async () => {
    const { client } = setup({ [PATH]: [json(503, {}, { 'retry-after': '60' })] });
    const controller = new AbortController();
    const pending = client.fetchTask(ID, { stop: controller.signal });
    setImmediate(() => controller.abort(new Error('SIGINT')));
    await expect(pending).rejects.toThrow('SIGINT');
  });
});

describe('what a 401 tells to check', () => {
  it('names the profile the keys came from', async () => {
    const clock = createFakeClock(1_700_000_000_000);
    const transport = createFakeTransport(clock, {
      [PATH]: [json(401, { error: { errorCode: '200', message: 'Authentication Failed' } })],
    });
    const client = createNclueClient({
      endpoint: 'https://nclue.example.test/api/v1',
      credentials: CREDS,
      gate: createRateGate(1, clock),
      clock,
      transport,
      credentialsSource: 'profile [team] of /home/u/.ncloud/configure',
    });
    const error = (await client.fetchTask(ID).catch((e: unknown) => e)) as AuthError;
    expect(error.message).toContain(
      'check the access key and secret key in profile [team] of /home/u/.ncloud/configure',
    );
    expect(error.message).not.toContain('NCLOUD_SECRET_KEY');
  });
});

describe('messages never carry a signature', () => {
  it('redacts a signature a server echoes in its error details', async () => {
    const clock = createFakeClock(1_700_000_000_000);
    const transport = createFakeTransport(clock, {
      [PATH]: [
        (req) =>
          json(401, {
            error: {
              errorCode: '200',
              message: 'Authentication Failed',
              details: `bad ${req.headers['x-ncp-apigw-signature-v2']}`,
            },
          }),
      ],
    });
    const client = createNclueClient({
      endpoint: 'https://nclue.example.test/api/v1',
      credentials: CREDS,
      gate: createRateGate(1, clock),
      clock,
      transport,
    });
    const error = (await client.fetchTask(ID).catch((e: unknown) => e)) as AuthError;
    const signature = transport.requests[0]!.headers['x-ncp-apigw-signature-v2']!;
    expect(error.message).toContain('[redacted]');
    expect(error.message).not.toContain(signature);
  });
});

describe('NCLUE client connection warm-up', () => {
  it('opens the connections before the first request is timed, then keeps every start on the rate', async () => {
    const clock = createFakeClock(0);
    const fake = createFakeTransport(clock, {}, () => json(200, TASK), 2500);
    const warmUps: Array<{ url: string; connections: number; at: number }> = [];
    const transport: Transport = {
      ...fake,
      async warmUp(url, connections) {
        warmUps.push({ url, connections, at: clock.now() });
        await clock.sleep(400); // DNS, TCP and TLS of a far gateway
      },
    };
    const client = createNclueClient({
      endpoint: 'https://nclue.example.test/api/v1',
      credentials: CREDS,
      gate: createRateGate(1, clock),
      clock,
      transport,
      warmConnections: 4,
    });
    await Promise.all([0, 1, 2].map(() => client.fetchTask(ID)));
    expect(warmUps).toEqual([{ url: `https://nclue.example.test${PATH}`, connections: 4, at: 0 }]);
    // Nothing leaves before the connections are open, and the second start does not wait for the first
    // answer (2900): one interval after the first start.
    expect(startTimes(fake.log)).toEqual([400, 1400, 2400]);
    expect(clock.now()).toBe(2400 + 2500);
  });

  it('counts the gap to the next start from when a request really left, not from its grant', async () => {
    const clock = createFakeClock(0);
    const fake = createFakeTransport(clock, {}, () => json(200, TASK), 300);
    const left: number[] = [];
    let calls = 0;
    const transport: Transport = {
      ...fake,
      async get(request) {
        // The second request leaves 40 ms after its grant (an event loop stalled in between).
        if (calls++ === 1) await clock.sleep(40);
        left.push(clock.now());
        return fake.get(request);
      },
    };
    const client = createNclueClient({
      endpoint: 'https://nclue.example.test/api/v1',
      credentials: CREDS,
      gate: createRateGate(20, clock),
      clock,
      transport,
    });
    await Promise.all(Array.from({ length: 5 }, () => client.fetchTask(ID)));
    // Granted at 0 and 50; the second left at 90, so the third waits 50 − 2 ms (two timer ticks)
    // from then, not for its slot at 100; the fourth and fifth catch up with the timeline.
    expect(left).toEqual([0, 90, 138, 186, 234]);
  });

  it('sends nothing when stopped while the connections open', async () => {
    const clock = createFakeClock(0);
    const fake = createFakeTransport(clock, {}, () => json(200, TASK));
    const stop = new AbortController();
    const transport: Transport = { ...fake, warmUp: () => new Promise<void>(() => undefined) };
    const client = createNclueClient({
      endpoint: 'https://nclue.example.test/api/v1',
      credentials: CREDS,
      gate: createRateGate(1, clock),
      clock,
      transport,
    });
    const pending = client.fetchTask(ID, { stop: stop.signal });
    stop.abort(new Error('stopped'));
    await expect(pending).rejects.toThrow('stopped');
    expect(fake.requests).toHaveLength(0);
  });

  it('times the second start from when the first really left, not from its grant', async () => {
    const clock = createFakeClock(0);
    const fake = createFakeTransport(clock, {}, () => json(200, TASK), 2500);
    const transport: Transport = {
      ...fake,
      // The first request leaves 30 ms after its grant (the HTTP parser's start-up, say).
      async get(req) {
        if (fake.requests.length === 0) await clock.sleep(30);
        return fake.get(req);
      },
    };
    const client = createNclueClient({
      endpoint: 'https://nclue.example.test/api/v1',
      credentials: CREDS,
      gate: createRateGate(1, clock),
      clock,
      transport,
    });
    await Promise.all([0, 1, 2].map(() => client.fetchTask(ID)));
    expect(startTimes(fake.log)).toEqual([30, 1030, 2030]);
  });
});

describe('errors by status and errorCode (docs/api.md, "Errors")', () => {
  const gateway = (status: number, errorCode: string | number, message: string, headers = {}) =>
    json(status, { error: { errorCode, message } }, headers);

  it.each([
    ['210', 'Permission Denied'],
    ['10100', 'ACCESS_DENIED'],
  ])('401 with errorCode %s is a permission problem, not the keys', async (code, message) => {
    const { client, transport } = setup({ [PATH]: [gateway(401, code, message)] });
    const error = (await client.fetchTask(ID).catch((e: unknown) => e)) as AuthError;
    expect(error).toBeInstanceOf(AuthError);
    expect(error.reason).toBe('permission');
    expect(error.message).toContain(`permission denied (HTTP 401, errorCode ${code} "${message}")`);
    expect(error.message).toContain('may not use NCLUE');
    expect(error.message).not.toContain('NCLOUD_ACCESS_KEY');
    expect(transport.requests).toHaveLength(1);
  });

  it('401 with errorCode 200 asks to check the keys, naming the variables they came from', async () => {
    const clock = createFakeClock(1_700_000_000_000);
    const transport = createFakeTransport(clock, {
      [PATH]: [gateway(401, '200', 'Authentication Failed')],
    });
    const client = createNclueClient({
      endpoint: 'https://nclue.example.test/api/v1',
      credentials: CREDS,
      gate: createRateGate(1, clock),
      clock,
      transport,
      credentialsSource: 'environment variables NCLOUD_ACCESS_KEY_ID and NCLOUD_SECRET_ACCESS_KEY',
    });
    const error = (await client.fetchTask(ID).catch((e: unknown) => e)) as AuthError;
    expect(error.reason).toBe('credentials');
    expect(error.message).toContain('check NCLOUD_ACCESS_KEY_ID and NCLOUD_SECRET_ACCESS_KEY');
  });

  it('429 with errorCode 400 (Quota Exceeded) is not retried, and nothing is sent after it', async () => {
    const { client, transport } = setup({
      [PATH]: [gateway(429, '400', 'Quota Exceeded', { 'retry-after': '1', 'x-ncp-trace-id': 'q1' })],
    });
    const error = await client.fetchTask(ID).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QuotaError);
    expect((error as QuotaError).message).toBe(
      'quota exceeded (HTTP 429, errorCode 400 "Quota Exceeded") (trace q1)',
    );
    expect(client.quotaExceeded).toBe(error);
    await expect(client.fetchTask(ID)).rejects.toBe(error);
    await expect(client.fetchTaskPage(0, 100)).rejects.toBe(error);
    expect(transport.requests).toHaveLength(1);
    expect(client.stats.retries).toBe(0);
  });

  it('reads errorCode as a number, from a JSON body labelled text/plain', async () => {
    const { client, transport } = setup({
      [PATH]: [
        json(429, '{"error":{"errorCode":400,"message":"Quota Exceeded"}}', {
          'content-type': 'text/plain;charset=UTF-8',
        }),
      ],
    });
    await expect(client.fetchTask(ID)).rejects.toBeInstanceOf(QuotaError);
    expect(transport.requests).toHaveLength(1);
  });

  it.each([
    ['410', 'Throttle Limited', { 'retry-after': '3' }, 3000],
    ['420', 'Rate Limited', { 'retry-after': '3' }, 3000],
    ['410', 'Throttle Limited', {}, 1000],
    ['420', 'Rate Limited', {}, 1000],
  ])(
    '429 with errorCode %s (%s) is retried, paced (headers %j: next start after %i ms)',
    async (code, message, headers, gap) => {
      const { client, transport, clock } = setup({
        [PATH]: [gateway(429, code, message, headers), json(200, TASK)],
      });
      const start = clock.now();
      expect((await client.fetchTask(ID)).ok).toBe(true);
      const times = startTimes(transport.log).map((t) => t - start);
      // Without Retry-After: full-jitter backoff (0.5 × 1 s here), then the whole gate's pause of 1/R.
      expect(times).toEqual([0, gap]);
      expect(client.stats.throttled).toBe(1);
    },
  );

  it.each([
    [503, '500', 'Endpoint Error'],
    [504, '510', 'Endpoint Timeout'],
    [500, '900', 'Unexpected Error'],
  ])('HTTP %i with errorCode %s is transient: retried', async (status, code, message) => {
    const { client } = setup({ [PATH]: [gateway(status, code, message), json(200, TASK)] });
    expect(await client.fetchTask(ID)).toMatchObject({ ok: true, attempts: 2 });
  });

  it("413 with errorCode 430 is that task's error, not retried", async () => {
    const { client, transport } = setup({ [PATH]: [gateway(413, '430', 'Request Entity Too Large')] });
    expect(await client.fetchTask(ID)).toEqual({
      ok: false,
      error: 'rejected (HTTP 413, errorCode 430 "Request Entity Too Large")',
      attempts: 1,
    });
    expect(transport.requests).toHaveLength(1);
  });
});

describe('trace IDs of failed answers (docs/api.md, "Trace IDs")', () => {
  const trace = (id: string): Record<string, string> => ({ 'x-ncp-trace-id': id });

  it('keeps the trace ID in the fetch_error of a 404 and of a rejected request', async () => {
    const { client } = setup({ [PATH]: [json(404, {}, trace('5f2c8a1e'))] });
    expect(await client.fetchTask(ID)).toEqual({
      ok: false,
      error: 'not found (HTTP 404) (trace 5f2c8a1e)',
      attempts: 1,
      notFound: true,
    });
    const second = setup({ [PATH]: [json(400, {}, trace('abc-123'))] });
    expect(await second.client.fetchTask(ID)).toMatchObject({ error: 'rejected (HTTP 400) (trace abc-123)' });
  });

  it('names the last trace ID when it gives up, and each one in the --verbose retry lines', async () => {
    const { client, events } = setup(
      { [PATH]: [1, 2, 3].map((n) => json(503, { error: { errorCode: '500' } }, trace(`t${n}`))) },
      { retries: 2 },
    );
    expect(await client.fetchTask(ID)).toEqual({
      ok: false,
      error: 'gave up after 3 attempts: HTTP 503 (trace t3)',
      attempts: 3,
    });
    const causes = events.flatMap((e) => (e.type === 'retry' ? [e.cause] : []));
    expect(causes).toEqual(['HTTP 503, errorCode 500 (trace t1)', 'HTTP 503, errorCode 500 (trace t2)']);
  });

  it('puts the trace ID in the message of a rejected credential', async () => {
    const { client } = setup({
      [PATH]: [json(401, { error: { errorCode: '200', message: 'Authentication Failed' } }, trace('a1'))],
    });
    const error = (await client.fetchTask(ID).catch((e: unknown) => e)) as AuthError;
    expect(error.message).toContain('(HTTP 401, errorCode 200 "Authentication Failed") (trace a1)');
  });

  it('keeps only letters, digits and -_.: of a trace header, at most 64', async () => {
    const { client } = setup({
      [PATH]: [json(404, {}, trace(`\u001b]0;x\u0007ok-1\r\nerror: FAKE${'z'.repeat(100)}`))],
    });
    const result = await client.fetchTask(ID);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toMatch(/^not found \(HTTP 404\) \(trace 0xok-1error:FAKEz+\)$/);
      expect(result.error.length).toBeLessThanOrEqual('not found (HTTP 404) (trace )'.length + 64);
    }
  });
});

describe('a list page holding more than `limit` items', () => {
  it('keeps the first `limit` and says how many the page held', async () => {
    const listPath = '/api/v1/tasks?index=0&limit=100';
    const tasks = Array.from({ length: 250 }, (_, i) => ({ task_id: `id-${i}` }));
    const { client } = setup({ [listPath]: [json(200, { index: 0, limit: 100, total: 250, tasks })] });
    const page = await client.fetchTaskPage(0, 100);
    expect(page.ok).toBe(true);
    if (page.ok) {
      expect(page.value.tasks).toHaveLength(100);
      expect(page.value.tasks[99]).toEqual({ task_id: 'id-99' });
      expect(page.value.received).toBe(250);
    }
  });
});
