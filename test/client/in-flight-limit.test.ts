import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../../src/client/clock.js';
import {
  computeInFlightLimit,
  createInFlightLimit,
  INITIAL_LATENCY_MS,
  MAX_IN_FLIGHT,
} from '../../src/client/in-flight-limit.js';
import { createNclueClient } from '../../src/client/nclue-client.js';
import { computeJitterMarginMs, createRateGate } from '../../src/client/rate-gate.js';
import { fetchTasks } from '../../src/pipeline/fetch-tasks.js';
import { serveCompletedTask } from '../support/fake-client.js';
import { createFakeTransport, startTimes } from '../support/fake-transport.js';
import { entriesOf, uuid } from '../support/task-ids.js';

describe('computeInFlightLimit (Little’s law)', () => {
  it.each([
    // rps, latency ms, ceil(R × L × 1.5) + 1
    [1, 300, 2],
    [1, 2500, 5],
    [20, 300, 10],
    [100, 0, 1],
    [0.5, 30_000, 24],
  ])('at %i/s with %i ms latency keeps %i in flight', (rps, latencyMs, expected) => {
    expect(computeInFlightLimit(rps, latencyMs)).toBe(expected);
  });

  it('never goes above its bound, nor below 1', () => {
    expect(computeInFlightLimit(100, 2000)).toBe(MAX_IN_FLIGHT);
    expect(computeInFlightLimit(20, 300, 4)).toBe(4);
    expect(computeInFlightLimit(1, -5)).toBe(1);
  });
});

describe('createInFlightLimit', () => {
  it('holds nothing back before the first answer, then follows the observed latency and says so', () => {
    const changes: Array<[number, number | null]> = [];
    const limit = createInFlightLimit(20, { onChange: (n, l) => changes.push([n, l]) });
    expect(limit.current()).toBe(MAX_IN_FLIGHT);
    expect(limit.warmConnections).toBe(computeInFlightLimit(20, INITIAL_LATENCY_MS));
    expect(changes).toEqual([[MAX_IN_FLIGHT, null]]);
    for (let i = 0; i < 60; i++) limit.observe(300);
    expect(limit.current()).toBe(10);
    expect(changes).toEqual([
      [MAX_IN_FLIGHT, null],
      [10, 300],
    ]);
  });

  it('stays within the --concurrency the user set', () => {
    const limit = createInFlightLimit(20, { max: 4 });
    expect(limit.current()).toBe(4);
    expect(limit.warmConnections).toBe(4);
    limit.observe(5000);
    expect(limit.current()).toBe(4);
  });

  it('takes a slower answer at once, a faster one smoothed', () => {
    const limit = createInFlightLimit(10);
    limit.observe(200);
    expect(limit.current()).toBe(4);
    limit.observe(2200); // 2.2 s at once: ceil(10 × 2.2 × 1.5) + 1
    expect(limit.current()).toBe(34);
    limit.observe(200); // smoothed: 2200 + 0.2 × (200 − 2200) = 1800 ms
    expect(limit.current()).toBe(28);
  });

  it('does not shrink by one, so a latency near a boundary does not flap', () => {
    const limit = createInFlightLimit(10);
    limit.observe(200);
    expect(limit.current()).toBe(4);
    for (let i = 0; i < 60; i++) limit.observe(130); // ceil(1.95) + 1 = 3: one less, kept at 4
    expect(limit.current()).toBe(4);
    for (let i = 0; i < 60; i++) limit.observe(60); // ceil(0.9) + 1 = 2: two less
    expect(limit.current()).toBe(2);
  });

  it('rejects a bound below 1', () => {
    expect(() => createInFlightLimit(1, { max: 0 })).toThrow(TypeError);
  });
});

describe('the in-flight limit in a run (virtual time)', () => {
  it('200 IDs at 20/s with 300 ms latency take the floor (N−1)/R + L, not the 13/s that 4 in flight allow', async () => {
    const clock = createFakeClock(0);
    const transport = createFakeTransport(clock, {}, serveCompletedTask, 300);
    const limit = createInFlightLimit(20);
    const gate = createRateGate(20, clock, { marginMs: computeJitterMarginMs(20) });
    const client = createNclueClient({
      endpoint: 'https://nclue.example.test/api/v1',
      credentials: { accessKey: 'AK', secretKey: 'SK' },
      gate,
      clock,
      transport,
      onAnswer: (ms) => limit.observe(ms),
    });
    const n = 200;
    const ids = Array.from({ length: n }, (_, i) => uuid(i));
    const outcomes = await fetchTasks(entriesOf(ids), { client, concurrency: () => limit.current() });
    expect(outcomes.every((o) => o.kind === 'fetched')).toBe(true);
    const s = startTimes(transport.log);
    for (let i = 1; i < s.length; i++) expect(s[i]! - s[i - 1]!).toBeCloseTo(gate.spacingMs, 6);
    expect(clock.now()).toBeCloseTo((n - 1) * gate.spacingMs + 300, 6);
    expect(limit.current()).toBe(10);
  });

  it('at 100/s with 2 s latency, 200 in flight before the first answer hold nothing back', async () => {
    const clock = createFakeClock(0);
    const transport = createFakeTransport(clock, {}, serveCompletedTask, 2000);
    const limit = createInFlightLimit(100);
    const gate = createRateGate(100, clock, { marginMs: computeJitterMarginMs(100) });
    const client = createNclueClient({
      endpoint: 'https://nclue.example.test/api/v1',
      credentials: { accessKey: 'AK', secretKey: 'SK' },
      gate,
      clock,
      transport,
      onAnswer: (ms) => limit.observe(ms),
    });
    const n = 400;
    const ids = Array.from({ length: n }, (_, i) => uuid(i));
    const outcomes = await fetchTasks(entriesOf(ids), { client, concurrency: () => limit.current() });
    expect(outcomes.every((o) => o.kind === 'fetched')).toBe(true);
    expect(clock.now()).toBeCloseTo((n - 1) * gate.spacingMs + 2000, 6);
    expect(limit.current()).toBe(MAX_IN_FLIGHT);
  });
});
