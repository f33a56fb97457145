import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../src/emulator/rate-limit.js';
import { createEmulatorStarter } from '../support/emulators.js';
import { CREDENTIALS, createFakeClock, createHttp, makeTask, T0 } from './http.js';

describe('createRateLimiter', () => {
  it('rejects arrivals closer than 1000/rps − tolerance to the last accepted one', () => {
    const limiter = createRateLimiter(1, 50);
    expect(limiter.check(0)).toEqual({ accepted: true });
    expect(limiter.check(949)).toEqual({ accepted: false, retryAfterSeconds: 1 });
    expect(limiter.check(950)).toEqual({ accepted: true });
  });

  it('does not move the window on rejected requests', () => {
    const limiter = createRateLimiter(1, 0);
    expect(limiter.check(0).accepted).toBe(true);
    expect(limiter.check(600).accepted).toBe(false);
    expect(limiter.check(999).accepted).toBe(false);
    // Measured from the accepted request at 0, not from the rejected one at 999.
    expect(limiter.check(1000).accepted).toBe(true);
  });

  it('rounds Retry-After up to whole seconds, at least 1', () => {
    const limiter = createRateLimiter(0.25, 0); // one request per 4 s
    limiter.check(0);
    expect(limiter.check(10)).toEqual({ accepted: false, retryAfterSeconds: 4 });
    expect(limiter.check(3_999)).toEqual({ accepted: false, retryAfterSeconds: 1 });
  });

  it('scales the interval with rps', () => {
    const limiter = createRateLimiter(2, 50); // 500 ms − 50 ms
    limiter.check(0);
    expect(limiter.check(449).accepted).toBe(false);
    expect(limiter.check(450).accepted).toBe(true);
  });

  it('is unlimited for rps undefined or 0', () => {
    for (const rps of [undefined, 0]) {
      const limiter = createRateLimiter(rps);
      expect([0, 0, 1, 1].map((t) => limiter.check(t).accepted)).toEqual([true, true, true, true]);
    }
  });

  it('rejects a negative rps or tolerance', () => {
    expect(() => createRateLimiter(-1)).toThrow(TypeError);
    expect(() => createRateLimiter(1, Number.NaN)).toThrow(TypeError);
  });
});

describe('emulator rate limit', () => {
  const TASK_ID = 'f5aebc0c-0000-4000-8000-b201bc64b1c9';
  const URI = `/api/v1/tasks/${TASK_ID}`;
  const clock = createFakeClock();
  const http = createHttp(clock);
  const { start, closeAll } = createEmulatorStarter({
    tasks: [makeTask(TASK_ID)],
    credentials: CREDENTIALS,
    now: clock.now,
    rps: 1,
  });
  afterEach(async () => {
    await closeAll();
    clock.ms = T0;
  });
  afterAll(() => http.close());

  it('answers a too-early request with 429, Retry-After and the gateway body, then accepts after the interval', async () => {
    const emulator = await start();

    expect((await http.send(emulator, URI)).status).toBe(200);
    clock.ms = T0 + 100;
    const limited = await http.send(emulator, URI);
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('1');
    expect(limited.json()).toEqual({ error: { errorCode: '420', message: 'Rate Limited' } });

    clock.ms = T0 + 949;
    expect((await http.send(emulator, URI)).status).toBe(429);
    clock.ms = T0 + 950;
    expect((await http.send(emulator, URI)).status).toBe(200);

    expect(emulator.stats.rateLimited).toBe(2);
    expect(emulator.stats.byStatus).toEqual({ 200: 2, 429: 2 });
    expect(emulator.stats.log.map((e) => [e.at - T0, e.status])).toEqual([
      [0, 200],
      [100, 429],
      [949, 429],
      [950, 200],
    ]);
  });

  it('checks auth first: rejected credentials neither get 429 nor use up the window', async () => {
    const emulator = await start();
    expect((await http.send(emulator, URI, { headers: {} })).status).toBe(401);
    expect((await http.send(emulator, URI)).status).toBe(200);
    expect((await http.send(emulator, URI, { headers: {} })).status).toBe(401);
    expect(emulator.stats.rateLimited).toBe(0);
  });

  it('limits list calls too, and honours rateToleranceMs', async () => {
    const emulator = await start({ rateToleranceMs: 0 });
    expect((await http.send(emulator, '/api/v1/tasks')).status).toBe(200);
    clock.ms = T0 + 999;
    expect((await http.send(emulator, '/api/v1/tasks')).status).toBe(429);
    clock.ms = T0 + 1000;
    expect((await http.send(emulator, '/api/v1/tasks')).status).toBe(200);
  });
});
