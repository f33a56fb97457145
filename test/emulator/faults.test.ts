import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseFaults, type Emulator, type FaultStep } from '../../src/emulator/index.js';
import { createFaultScript } from '../../src/emulator/faults.js';
import { createEmulatorStarter } from '../support/emulators.js';
import { CREDENTIALS, createFakeClock, createHttp, makeTask } from './http.js';

const TASK_ID = 'f5aebc0c-0000-4000-8000-b201bc64b1c9';
const URI = `/api/v1/tasks/${TASK_ID}`;
const TASK = makeTask(TASK_ID);

const clock = createFakeClock();
const http = createHttp(clock);
const emulators = createEmulatorStarter({ tasks: [TASK], credentials: CREDENTIALS, now: clock.now });
const start = (faults: Record<string, FaultStep[]>): Promise<Emulator> => emulators.start({ faults });
afterEach(emulators.closeAll);
afterAll(() => http.close());

describe('scripted gateway error codes (docs/api.md, "Errors")', () => {
  it.each([
    ['100', 400, 'Bad Request Exception'],
    ['200', 401, 'Authentication Failed'],
    ['210', 401, 'Permission Denied'],
    ['300', 404, 'Not Found Exception'],
    ['400', 429, 'Quota Exceeded'],
    ['410', 429, 'Throttle Limited'],
    ['420', 429, 'Rate Limited'],
    ['430', 413, 'Request Entity Too Large'],
    ['500', 503, 'Endpoint Error'],
    ['510', 504, 'Endpoint Timeout'],
    ['900', 500, 'Unexpected Error'],
    ['10100', 401, 'ACCESS_DENIED'],
  ])('errorCode %s answers HTTP %i "%s"', async (code, status, message) => {
    const emu = await start({ [TASK_ID]: [{ errorCode: code }] });
    const reply = await http.send(emu, URI);
    expect(reply.status).toBe(status);
    expect(reply.json()).toEqual({ error: { errorCode: code, message } });
    expect(reply.headers['x-ncp-trace-id']).toMatch(/^[0-9a-f]{32}$/);
  });

  it('keeps a numeric errorCode a number, and can label the JSON text/plain', async () => {
    const emu = await start({
      [TASK_ID]: [{ errorCode: 400, headers: { 'Content-Type': 'text/plain;charset=UTF-8' } }],
    });
    const reply = await http.send(emu, URI);
    expect(reply.status).toBe(429);
    expect(reply.headers['content-type']).toBe('text/plain;charset=UTF-8');
    expect(reply.json()).toEqual({ error: { errorCode: 400, message: 'Quota Exceeded' } });
  });

  it('plays "list" steps on list requests and "*" steps on any request first', async () => {
    const emu = await start({ list: [{ errorCode: '410' }], '*': [{ errorCode: '510' }] });
    expect((await http.send(emu, '/api/v1/tasks')).status).toBe(504);
    expect((await http.send(emu, '/api/v1/tasks')).status).toBe(429);
    expect((await http.send(emu, '/api/v1/tasks')).status).toBe(200);
    expect((await http.send(emu, URI)).status).toBe(200);
  });

  it('refuses an unknown errorCode', () => {
    expect(() => parseFaults({ [TASK_ID]: [{ errorCode: '230' }] })).toThrow(
      /errorCode must be one of 100, 200, 210/,
    );
    expect(() => parseFaults({ [TASK_ID]: [{ errorCode: true }] })).toThrow(/errorCode/);
  });
});

describe('scripted faults', () => {
  it('plays the status sequence for that task, then serves it normally', async () => {
    const emu = await start({
      [TASK_ID]: [
        { status: 503 },
        { status: 429, retryAfter: '2' },
        { status: 401 },
        { status: 500 },
        { status: 504 },
      ],
    });
    const replies = [];
    for (let i = 0; i < 6; i += 1) replies.push(await http.send(emu, URI));

    expect(replies.map((r) => r.status)).toEqual([503, 429, 401, 500, 504, 200]);
    expect(replies.map((r) => (r.status === 200 ? null : (r.json() as { error: unknown }).error))).toEqual([
      { errorCode: '500', message: 'Endpoint Error' },
      { errorCode: '420', message: 'Rate Limited' },
      { errorCode: '200', message: 'Authentication Failed' },
      { errorCode: '900', message: 'Unexpected Error' },
      { errorCode: '510', message: 'Endpoint Timeout' },
      null,
    ]);
    expect(replies[1]?.headers['retry-after']).toBe('2');
    expect(replies[5]?.json()).toEqual(TASK);
    // Scripted 429s are not the rate limiter's.
    expect(emu.stats.rateLimited).toBe(0);
  });

  it('only consumes steps on requests that passed auth, and only for that task id', async () => {
    const emu = await start({ [TASK_ID]: [{ status: 502 }] });
    expect((await http.send(emu, URI, { headers: {} })).status).toBe(401);
    expect((await http.send(emu, '/api/v1/tasks/other')).status).toBe(404);
    expect((await http.send(emu, '/api/v1/tasks')).status).toBe(200);
    expect((await http.send(emu, URI)).status).toBe(502);
    expect((await http.send(emu, URI)).status).toBe(200);
  });

  it('resets the connection without answering', async () => {
    const emu = await start({ [TASK_ID]: [{ reset: true }] });
    await expect(http.send(emu, URI)).rejects.toMatchObject({ code: 'ECONNRESET' });
    const next = await http.send(emu, URI);
    expect(next.status).toBe(200);
    expect(emu.stats.log.map((e) => e.status)).toEqual([0, 200]);
    expect(emu.stats.byStatus).toEqual({ 200: 1 });
  });

  it('truncates the body: full Content-Length, half the bytes, then a closed socket', async () => {
    const emu = await start({ [TASK_ID]: [{ truncate: true }] });
    const response = await http.sendRaw(emu, URI);
    expect(response.statusCode).toBe(200);
    expect(Number(response.headers['content-length'])).toBe(Buffer.byteLength(JSON.stringify(TASK)));
    await expect(response.body.text()).rejects.toMatchObject({ code: 'UND_ERR_SOCKET' });
    expect((await http.send(emu, URI)).json()).toEqual(TASK);
  });

  it('pads the task to bodyBytes, streamed without a Content-Length', async () => {
    const emu = await start({ [TASK_ID]: [{ bodyBytes: 300_000 }] });
    const response = await http.sendRaw(emu, URI);
    expect(response.headers['content-length']).toBeUndefined();
    const text = await response.body.text();
    expect(Buffer.byteLength(text)).toBe(300_000);
    expect(JSON.parse(text)).toEqual(TASK);
  });

  it('sends a raw body instead of the task, with custom headers', async () => {
    const other = JSON.stringify(makeTask('someone-else'));
    const emu = await start({
      [TASK_ID]: [
        { body: '{"task_id": "f5aebc0c' },
        { body: '[]', headers: { 'x-trace': 'abc' } },
        { body: other },
        { status: 500, body: 'upstream exploded' },
      ],
    });
    const a = await http.send(emu, URI);
    expect([a.status, a.text]).toEqual([200, '{"task_id": "f5aebc0c']);
    const b = await http.send(emu, URI);
    expect([b.status, b.text, b.headers['x-trace']]).toEqual([200, '[]', 'abc']);
    expect((await http.send(emu, URI)).text).toBe(other);
    const d = await http.send(emu, URI);
    expect([d.status, d.text]).toEqual([500, 'upstream exploded']);
  });

  it('delays an answer with delayMs and then serves normally', async () => {
    const emu = await start({ [TASK_ID]: [{ delayMs: 80 }] });
    const began = performance.now();
    const reply = await http.send(emu, URI);
    expect(reply.status).toBe(200);
    expect(performance.now() - began).toBeGreaterThanOrEqual(75);
  });
});

describe('createFaultScript', () => {
  it('hands out each step once, per task id, without mutating the map', () => {
    const faults = { a: [{ status: 503 }, { reset: true }] };
    const script = createFaultScript(faults);
    expect(script.next('b')).toBeUndefined();
    expect(script.next('a')).toEqual({ status: 503 });
    expect(script.next('a')).toEqual({ reset: true });
    expect(script.next('a')).toBeUndefined();
    expect(script.next('toString')).toBeUndefined();
    expect(faults.a).toHaveLength(2);
  });
});

describe('parseFaults', () => {
  it('accepts a valid map', () => {
    const json = {
      x: [
        { status: 429, retryAfter: '1', headers: { a: 'b' } },
        { truncate: true, delayMs: 5 },
      ],
    };
    expect(parseFaults(json)).toEqual(json);
  });

  it.each([
    [[], /JSON object/],
    [{ x: { status: 500 } }, /faults\["x"\] must be an array/],
    [{ x: [{ stauts: 500 }] }, /faults\["x"\]\[0\] has unknown key "stauts"/],
    [{ x: [{ status: '500' }] }, /status must be a number/],
    [{ x: [{ status: 42 }] }, /HTTP status/],
    [{ x: [{ reset: 'yes' }] }, /reset must be a boolean/],
    [{ x: [{ headers: { a: 1 } }] }, /headers must be an object of strings/],
    [{ x: [{ delayMs: -1 }] }, /delayMs/],
    [{ x: [{ bodyBytes: 1.5 }] }, /bodyBytes/],
  ])('rejects %j', (json, message) => {
    expect(() => parseFaults(json)).toThrow(message);
  });
});
