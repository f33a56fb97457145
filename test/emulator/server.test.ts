import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  computeSignature,
  computeStringToSign,
  HEADER_ACCESS_KEY,
  HEADER_SIGNATURE,
  HEADER_TIMESTAMP,
} from '../../src/client/sign.js';
import { createEmulator } from '../../src/emulator/index.js';
import { createEmulatorStarter } from '../support/emulators.js';
import { CREDENTIALS, createFakeClock, createHttp, makeTask, T0 } from './http.js';

const TASK_ID = 'f5aebc0c-0000-4000-8000-b201bc64b1c9';
const TASKS = [
  makeTask(TASK_ID, { task_name: '2024년 11월 구매예측 모델' }),
  makeTask('b201bc64-0000-4000-8000-f5aebc0c0002', {
    status: 'failed',
    AUROC: null,
    fail_message: 'NOT_EXIST_FILE',
  }),
  makeTask('ab c/?', { task_name: 'an id that needs percent-encoding' }),
];

const clock = createFakeClock();
const http = createHttp(clock);
const { start, closeAll } = createEmulatorStarter({ tasks: TASKS, credentials: CREDENTIALS, now: clock.now });

afterEach(async () => {
  clock.ms = T0;
  await closeAll();
});
afterAll(() => http.close());

describe('GET /tasks/{task_id}', () => {
  it('serves the stored task JSON to a correctly signed request', async () => {
    const emulator = await start();
    expect(emulator.url).toBe(`http://127.0.0.1:${emulator.port}/api/v1`);

    const reply = await http.send(emulator, `/api/v1/tasks/${TASK_ID}`);

    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(reply.json()).toEqual(TASKS[0]);
    expect(reply.text).toContain('"AUROC":"0.7681659649879657"');
  });

  it('percent-decodes the task_id segment and verifies the signature over the raw URI', async () => {
    const emulator = await start();
    const rawUri = `/api/v1/tasks/${encodeURIComponent('ab c/?')}`;

    const ok = await http.send(emulator, rawUri);
    expect(ok.status).toBe(200);
    expect((ok.json() as { task_name: string }).task_name).toBe('an id that needs percent-encoding');
    expect(emulator.stats.log.at(-1)).toMatchObject({ path: rawUri, taskId: 'ab c/?', status: 200 });

    const signedDecoded = await http.send(emulator, rawUri, { signedUri: '/api/v1/tasks/ab c/?' });
    expect(signedDecoded.status).toBe(401);
  });

  it('answers an unknown task id with 404 and the gateway body', async () => {
    const emulator = await start();
    const reply = await http.send(emulator, '/api/v1/tasks/00000000-0000-4000-8000-000000000000');
    expect(reply.status).toBe(404);
    expect(reply.json()).toEqual({
      error: { errorCode: '300', message: 'Not Found Exception', details: 'task not found' },
    });
  });

  it('matches task ids exactly (an upper-case id is a different id)', async () => {
    const emulator = await start();
    const reply = await http.send(emulator, `/api/v1/tasks/${TASK_ID.toUpperCase()}`);
    expect(reply.status).toBe(404);
  });

  it('answers a malformed percent-encoding with 400', async () => {
    const emulator = await start();
    const reply = await http.send(emulator, '/api/v1/tasks/%E0%A4%A');
    expect(reply.status).toBe(400);
    expect(reply.json()).toMatchObject({ error: { errorCode: '100', message: 'Bad Request Exception' } });
  });
});

describe('routing', () => {
  it.each(['/api/v1/task/x', '/tasks/x', '/api/v1/tasks/a/b', '/api/v1/tasks/', '/api/v1/features', '/'])(
    'answers %s with the gateway 404 body',
    async (uri) => {
      const emulator = await start();
      const reply = await http.send(emulator, uri);
      expect(reply.status).toBe(404);
      expect(reply.json()).toEqual({ error: { errorCode: '300', message: 'Not Found Exception' } });
    },
  );

  it('serves only GET', async () => {
    const emulator = await start();
    const reply = await http.send(emulator, `/api/v1/tasks/${TASK_ID}`, { method: 'DELETE' });
    expect(reply.status).toBe(405);
    expect(reply.headers.allow).toBe('GET');
    expect(emulator.stats.byStatus).toEqual({ 405: 1 });
  });
});

describe('authentication', () => {
  const uri = `/api/v1/tasks/${TASK_ID}`;
  const signed = () => ({
    [HEADER_TIMESTAMP]: String(T0),
    [HEADER_ACCESS_KEY]: CREDENTIALS.accessKey,
    [HEADER_SIGNATURE]: computeSignature(
      computeStringToSign('GET', uri, T0, CREDENTIALS.accessKey),
      CREDENTIALS.secretKey,
    ),
  });
  const without = (name: string) => Object.fromEntries(Object.entries(signed()).filter(([k]) => k !== name));

  const cases: Array<[string, Parameters<ReturnType<typeof createHttp>['send']>[2], RegExp]> = [
    [
      'a wrong secret',
      { credentials: { ...CREDENTIALS, secretKey: 'not-the-secret' } },
      /signature mismatch/,
    ],
    [
      'an unknown access key',
      { credentials: { accessKey: 'AKIDOTHER', secretKey: CREDENTIALS.secretKey } },
      /unknown access key/,
    ],
    ['no timestamp header', { headers: without(HEADER_TIMESTAMP) }, /missing header x-ncp-apigw-timestamp/],
    ['no access key header', { headers: without(HEADER_ACCESS_KEY) }, /missing header x-ncp-iam-access-key/],
    [
      'no signature header',
      { headers: without(HEADER_SIGNATURE) },
      /missing header x-ncp-apigw-signature-v2/,
    ],
    ['no headers at all', { headers: {} }, /missing header .*timestamp.*access-key.*signature/],
    [
      'a non-numeric timestamp',
      { headers: { ...signed(), [HEADER_TIMESTAMP]: '2024-11-26T02:48:16Z' } },
      /invalid timestamp/,
    ],
    ['a timestamp in seconds', { timestampMs: Math.floor(T0 / 1000) }, /timestamp out of range/],
    ['a timestamp 5 min + 1 ms behind', { timestampMs: T0 - 300_001 }, /timestamp out of range/],
    ['a timestamp 5 min + 1 ms ahead', { timestampMs: T0 + 300_001 }, /timestamp out of range/],
    ['a signature over the path without /api/v1', { signedUri: `/tasks/${TASK_ID}` }, /signature mismatch/],
    ['a signature over a different query', { signedUri: `${uri}?x=1` }, /signature mismatch/],
    [
      'a signed timestamp that differs from the header',
      { headers: { ...signed(), [HEADER_TIMESTAMP]: String(T0 + 1) } },
      /signature mismatch/,
    ],
  ];

  it.each(cases)('rejects %s with 401 and the gateway body', async (_name, options, reason) => {
    const emulator = await start();
    const reply = await http.send(emulator, uri, options);

    expect(reply.status).toBe(401);
    const body = reply.json() as { error: { errorCode: string; message: string; details: string } };
    expect(body.error.errorCode).toBe('200');
    expect(body.error.message).toBe('Authentication Failed');
    expect(body.error.details).toMatch(reason);
    const expected = signed()[HEADER_SIGNATURE];
    for (const leak of [CREDENTIALS.secretKey, expected]) {
      expect(reply.text).not.toContain(leak);
      expect(JSON.stringify(emulator.stats)).not.toContain(leak);
    }
  });

  it('accepts a timestamp exactly skewMs away', async () => {
    const emulator = await start({ skewMs: 1_000 });
    expect((await http.send(emulator, uri, { timestampMs: T0 - 1_000 })).status).toBe(200);
    expect((await http.send(emulator, uri, { timestampMs: T0 + 1_000 })).status).toBe(200);
    expect((await http.send(emulator, uri, { timestampMs: T0 + 1_001 })).status).toBe(401);
  });

  it('measures skew against now() + clockOffsetMs and reports that clock in the Date header', async () => {
    const emulator = await start({ clockOffsetMs: 10 * 60_000 });
    const reply = await http.send(emulator, uri);
    expect(reply.status).toBe(401);
    expect(reply.text).toContain('timestamp out of range');
    expect(reply.headers.date).toBe(new Date(T0 + 10 * 60_000).toUTCString());

    const corrected = await http.send(emulator, uri, { timestampMs: T0 + 10 * 60_000 });
    expect(corrected.status).toBe(200);
  });

  it('checks auth before the route handler: an unsigned list call is 401, not 400', async () => {
    const emulator = await start();
    const reply = await http.send(emulator, '/api/v1/tasks?limit=0', { headers: {} });
    expect(reply.status).toBe(401);
  });
});

describe('every response', () => {
  it('carries a Date header from the server clock, also on errors', async () => {
    const emulator = await start();
    clock.ms = Date.UTC(2024, 10, 26, 2, 48, 16);
    const reply = await http.send(emulator, '/api/v1/nothing');
    expect(reply.headers.date).toBe('Tue, 26 Nov 2024 02:48:16 GMT');
  });

  it('carries an x-ncp-trace-id, a new one on every answer, errors and rate-limit 429s included', async () => {
    const emulator = await start({ rps: 1 });
    const replies = [
      await http.send(emulator, `/api/v1/tasks/${TASK_ID}`),
      await http.send(emulator, `/api/v1/tasks/${TASK_ID}`),
    ];
    clock.ms += 2000;
    replies.push(await http.send(emulator, '/api/v1/tasks/unknown', { timestampMs: clock.ms }));
    replies.push(await http.send(emulator, '/api/v1/nothing'));
    replies.push(await http.send(emulator, '/api/v1/tasks', { headers: {} }));
    expect(replies.map((r) => r.status)).toEqual([200, 429, 404, 404, 401]);
    const traces = replies.map((r) => r.headers['x-ncp-trace-id']);
    for (const trace of traces) expect(trace).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(traces).size).toBe(traces.length);
    const rateLimited = replies[1]!.json() as { error: unknown };
    expect(rateLimited.error).toEqual({ errorCode: '420', message: 'Rate Limited' });
  });

  it('takes its trace IDs from the traceId option when given', async () => {
    let n = 0;
    const emulator = await start({ traceId: () => `trace-${++n}` });
    const reply = await http.send(emulator, `/api/v1/tasks/${TASK_ID}`);
    expect(reply.headers['x-ncp-trace-id']).toBe('trace-1');
  });

  it('waits latencyMs before answering', async () => {
    const emulator = await start({ latencyMs: 60 });
    const began = performance.now();
    const reply = await http.send(emulator, `/api/v1/tasks/${TASK_ID}`);
    expect(reply.status).toBe(200);
    expect(performance.now() - began).toBeGreaterThanOrEqual(55);
  });

  it('is counted and logged with the raw URI, status and arrival time', async () => {
    const emulator = await start();
    await http.send(emulator, `/api/v1/tasks/${TASK_ID}`);
    clock.ms = T0 + 5;
    await http.send(emulator, '/api/v1/tasks/unknown', { timestampMs: T0 + 5 });
    await http.send(emulator, '/api/v1/tasks?index=0&limit=2', { headers: {} });

    expect(emulator.stats.requests).toBe(3);
    expect(emulator.stats.byStatus).toEqual({ 200: 1, 404: 1, 401: 1 });
    expect(emulator.stats.rateLimited).toBe(0);
    expect(emulator.stats.log).toEqual([
      { method: 'GET', path: `/api/v1/tasks/${TASK_ID}`, status: 200, at: T0, taskId: TASK_ID },
      { method: 'GET', path: '/api/v1/tasks/unknown', status: 404, at: T0 + 5, taskId: 'unknown' },
      { method: 'GET', path: '/api/v1/tasks?index=0&limit=2', status: 401, at: T0 + 5 },
    ]);
  });
});

describe('options', () => {
  it('rejects empty credentials and a bad pagination up front', async () => {
    await expect(
      createEmulator({ tasks: [], credentials: { accessKey: '', secretKey: 'x' } }),
    ).rejects.toThrow(TypeError);
    await expect(
      createEmulator({ tasks: [], credentials: CREDENTIALS, pagination: 'cursor' as 'page' }),
    ).rejects.toThrow(/pagination/);
    await expect(
      createEmulator({ tasks: [], credentials: CREDENTIALS, total: 'all' as 'page' }),
    ).rejects.toThrow(/total must be 'account' or 'page'/);
  });

  it('closes idempotently and frees the port', async () => {
    const emulator = await createEmulator({ tasks: TASKS, credentials: CREDENTIALS });
    await Promise.all([emulator.close(), emulator.close()]);
    await expect(http.send(emulator, `/api/v1/tasks/${TASK_ID}`)).rejects.toThrow();
  });
});

describe('setTasks', () => {
  it('replaces the data served from then on', async () => {
    const emulator = await start();
    emulator.setTasks([makeTask('new-id')]);
    expect((await http.send(emulator, `/api/v1/tasks/${TASK_ID}`)).status).toBe(404);
    expect((await http.send(emulator, '/api/v1/tasks/new-id')).status).toBe(200);
  });
});
