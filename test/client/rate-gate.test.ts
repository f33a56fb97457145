import { describe, expect, it } from 'vitest';
import { createFakeClock, type Clock } from '../../src/client/clock.js';
import { computeJitterMarginMs, createRateGate } from '../../src/client/rate-gate.js';

describe('createRateGate', () => {
  it('rejects a non-positive rate', () => {
    const clock = createFakeClock();
    expect(() => createRateGate(0, clock)).toThrow(TypeError);
    expect(() => createRateGate(Number.NaN, clock)).toThrow(TypeError);
  });

  it('spaces request starts exactly 1/rps apart, first one at once', async () => {
    const clock = createFakeClock(1_000_000);
    const gate = createRateGate(1, clock);
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: 5 }, async () => {
        await gate.acquire();
        starts.push(clock.now());
      }),
    );
    expect(starts).toEqual([1_000_000, 1_001_000, 1_002_000, 1_003_000, 1_004_000]);
  });

  it('wastes no slot when requests come later than the interval', async () => {
    const clock = createFakeClock(0);
    const gate = createRateGate(2, clock);
    await gate.acquire();
    await clock.sleep(1200);
    await gate.acquire();
    expect(clock.now()).toBe(1200);
    await gate.acquire();
    expect(clock.now()).toBe(1700);
  });

  it('holds every waiter back during a pause, then resumes at the rate', async () => {
    const clock = createFakeClock(0);
    const gate = createRateGate(1, clock);
    await gate.acquire();
    gate.pauseUntil(5000);
    const starts: number[] = [];
    await Promise.all(
      [0, 1].map(async () => {
        await gate.acquire();
        starts.push(clock.now());
      }),
    );
    expect(starts).toEqual([5000, 6000]);
  });

  it('lets an aborted waiter leave at once without taking a slot', async () => {
    const clock = createFakeClock(0);
    const gate = createRateGate(1, clock);
    await gate.acquire();
    const controller = new AbortController();
    const aborted = gate.acquire(controller.signal);
    controller.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    await gate.acquire();
    expect(clock.now()).toBe(1000);
  });
});

describe('rate gate margins', () => {
  it('keeps a jitter margin of 1 % of the interval, at most 10 ms', () => {
    expect(computeJitterMarginMs(1)).toBe(10);
    expect(computeJitterMarginMs(20)).toBeCloseTo(0.5, 9);
    expect(computeJitterMarginMs(0.5)).toBe(10);
  });

  it('spaces starts by the interval plus the margin', async () => {
    const clock = createFakeClock(0);
    const gate = createRateGate(1, clock, { marginMs: computeJitterMarginMs(1) });
    expect(gate.spacingMs).toBe(1010);
    const starts: number[] = [];
    for (let i = 0; i < 3; i++) {
      await gate.acquire();
      starts.push(clock.now());
    }
    expect(starts).toEqual([0, 1010, 2020]);
  });

  it('counts the next interval from a later restart point, never from an earlier one', async () => {
    const clock = createFakeClock(0);
    const gate = createRateGate(1, clock);
    await gate.acquire();
    gate.restartFrom(300);
    gate.restartFrom(100);
    await gate.acquire();
    expect(clock.now()).toBe(1300);
  });
});

describe('rate gate timeline', () => {
  /** A clock whose timers all fire `lateMs` late, as a busy event loop's do. */
  function lateTimers(lateMs: number): Clock {
    const fake = createFakeClock(0);
    return { now: () => fake.now(), sleep: (ms, signal) => fake.sleep(ms + lateMs, signal) };
  }

  it('accumulates no drift over 1,000 starts when every timer fires late', async () => {
    const clock = lateTimers(2);
    const gate = createRateGate(20, clock, { marginMs: computeJitterMarginMs(20) });
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: 1000 }, async () => {
        await gate.acquire();
        starts.push(clock.now());
      }),
    );
    // Start k is due at k × 50.5 ms and leaves 2 ms late at most: never earlier, never later.
    starts.forEach((t, k) => {
      expect(t).toBeGreaterThanOrEqual(k * gate.spacingMs - 1e-6);
      expect(t).toBeLessThanOrEqual(k * gate.spacingMs + 2 + 1e-6);
    });
  });

  it('spaces starts by at least the interval when the lateness is steady', async () => {
    const clock = lateTimers(7);
    const gate = createRateGate(1, clock, { marginMs: computeJitterMarginMs(1) });
    const starts: number[] = [];
    for (let i = 0; i < 5; i++) {
      await gate.acquire();
      starts.push(clock.now());
    }
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(1000);
  });

  it('restarts the timeline after a pause, never catching up with a burst', async () => {
    const clock = createFakeClock(0);
    const gate = createRateGate(10, clock);
    await gate.acquire();
    await gate.acquire();
    gate.pauseUntil(3050);
    const starts: number[] = [];
    await Promise.all(
      [0, 1, 2].map(async () => {
        await gate.acquire();
        starts.push(clock.now());
      }),
    );
    expect(starts).toEqual([3050, 3150, 3250]);
  });

  it('starts a new timeline for a request that comes after its slot with nobody waiting', async () => {
    const clock = createFakeClock(0);
    const gate = createRateGate(10, clock);
    await gate.acquire();
    await clock.sleep(130);
    await gate.acquire();
    expect(clock.now()).toBe(130);
    await gate.acquire();
    expect(clock.now()).toBe(230);
  });
});
