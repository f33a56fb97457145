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
  it('starts from an assumed latency, then follows the observed one and says so', () => {
    const changes: Array<[number, number | null]> = [];
    const limit = createInFlightLimit(20, { onChange: (n, l) => changes.push([n, l]) });
    expect(limit.current()).toBe(computeInFlightLimit(20, INITIAL_LATENCY_MS));
    expect(changes).toEqual([[31, null]]);
    for (let i = 0; i < 60; i++) limit.observe(300);
    expect(limit.current()).toBe(10);
    expect(changes.at(-1)).toEqual([10, 300]);
  });

  it('stays within the --concurrency the user set', () => {
    const limit = createInFlightLimit(20, { max: 4 });
    expect(limit.current()).toBe(4);
    limit.observe(5000);
    expect(limit.current()).toBe(4);
  });

  it('grows at once when answers slow down, and does not flap by one', () => {
    const limit = createInFlightLimit(10, { max: 64 });
    for (let i = 0; i < 60; i++) limit.observe(200);
    expect(limit.current()).toBe(4);
    limit.observe(2200); // smoothed: 600 ms
    expect(limit.current()).toBe(10);
    const before = limit.current();
    limit.observe(530); // smoothed 586 ms: 10 → 10, no change
    expect(limit.current()).toBe(before);
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
});
