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
  it('keeps a jitter margin of at least 1 % of the interval: 10 ms at 1 request/s', () => {
    expect(computeJitterMarginMs(1)).toBe(10);
    expect(computeJitterMarginMs(20)).toBeCloseTo(0.5, 9);
    expect(computeJitterMarginMs(100)).toBeCloseTo(0.1, 9);
    expect(computeJitterMarginMs(0.5)).toBe(20);
  });

  it('spaces starts by the interval, the margin and 2 ms of catch-up room; never closer than 1010 ms at 1/s', async () => {
    const clock = createFakeClock(0);
    const gate = createRateGate(1, clock, { marginMs: computeJitterMarginMs(1) });
    expect(gate.spacingMs).toBe(1012);
    expect(gate.minGapMs).toBe(1010);
    const starts: number[] = [];
    for (let i = 0; i < 3; i++) {
      await gate.acquire();
      starts.push(clock.now());
    }
    expect(starts).toEqual([0, 1012, 2024]);
  });

  it.each([0.5, 1, 2])(
    'at %s request/s the smallest gap is 1/R plus the whole margin (at least 1 %%)',
    (rps) => {
      const gate = createRateGate(rps, createFakeClock(0), { marginMs: computeJitterMarginMs(rps) });
      expect(gate.minGapMs).toBeCloseTo((1000 / rps) * 1.01, 9);
      expect(gate.spacingMs).toBeLessThanOrEqual((1000 / rps) * 1.015 + 1e-9);
    },
  );

  it.each([
    [20, 50.5, 48.5],
    [100, 10.1, 8.1],
  ])(
    'at %i requests/s spaces starts by 1 %% more than 1/R (%s ms), the smallest gap two timer ticks below',
    (rps, spacing, minGap) => {
      const gate = createRateGate(rps, createFakeClock(0), { marginMs: computeJitterMarginMs(rps) });
      expect(gate.spacingMs).toBeCloseTo(spacing, 9);
      expect(gate.minGapMs).toBeCloseTo(minGap, 9);
    },
  );

  it('counts the 1010 ms at 1/s from when the last request really left (its socket), not from its grant', async () => {
    const clock = createFakeClock(0);
    const gate = createRateGate(1, clock, { marginMs: computeJitterMarginMs(1) });
    await gate.acquire();
    gate.restartFrom(3); // the first request left 3 ms after its grant
    await gate.acquire();
    expect(clock.now()).toBe(1015);
    gate.leftAt(1040); // this one left 25 ms after its grant (a stalled event loop)
    await gate.acquire();
    expect(clock.now()).toBe(2050);
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
  it('counts the smallest gap from when the last request left, when that is later than its grant', async () => {
    const clock = createFakeClock(0);
    const gate = createRateGate(10, clock);
    await gate.acquire();
    gate.leftAt(30);
    await gate.acquire();
    expect(clock.now()).toBe(128); // 30 + 100 − 2 ms (two timer ticks), after its slot at 100
    gate.leftAt(100); // earlier than this start: no effect
    await gate.acquire();
    expect(clock.now()).toBe(226); // catching up with the timeline (slot 200), 98 ms after the last
  });

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

  it('after one late start keeps 1/R + the margin to the next, then catches up with the timeline', async () => {
    const fake = createFakeClock(0);
    // The timer due at 2024 ms fires 30 ms late (a stalled event loop); every other one on time.
    const clock: Clock = {
      now: () => fake.now(),
      sleep: (ms, signal) => fake.sleep(fake.now() + ms === 2024 ? ms + 30 : ms, signal),
    };
    const gate = createRateGate(1, clock, { marginMs: computeJitterMarginMs(1) });
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        await gate.acquire();
        starts.push(clock.now());
      }),
    );
    expect(starts.slice(0, 5)).toEqual([0, 1012, 2054, 3064, 4074]);
    // Never closer than 1000 + 10 ms: a strict 1/s gateway sees no burst after the late start.
    for (let i = 1; i < starts.length; i++) {
      expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(1010 - 1e-6);
    }
    // 2 ms caught up per start: back on the timeline (start k at k × 1012 ms) by the 17th.
    for (let k = 17; k < starts.length; k++) expect(starts[k]).toBeCloseTo(k * 1012, 6);
  });

  it('keeps the timeline for one request at a time that runs late, rather than taking it for idle', async () => {
    const fake = createFakeClock(0);
    // The timer due at 200 ms fires 130 ms late, more than a spacing; each request is answered 1 ms
    // after its start, and the next one comes then (one in flight).
    const clock: Clock = {
      now: () => fake.now(),
      sleep: (ms, signal) => fake.sleep(fake.now() + ms === 200 ? ms + 130 : ms, signal),
    };
    const gate = createRateGate(10, clock);
    const starts: number[] = [];
    for (let i = 0; i < 140; i++) {
      await gate.acquire();
      starts.push(clock.now());
      await clock.sleep(1);
    }
    expect(starts.slice(0, 6)).toEqual([0, 100, 330, 428, 526, 624]);
    // 2 ms caught up per start, 98 ms apart: back on the timeline (k × 100 ms) from the 67th.
    for (let k = 67; k < starts.length; k++) expect(starts[k]).toBeCloseTo(k * 100, 6);
  });

  it('starts a new timeline when far behind it, rather than spend the next minutes at full rate', async () => {
    const fake = createFakeClock(0);
    // The process is suspended for 60 s while the second start is due.
    const clock: Clock = {
      now: () => fake.now(),
      sleep: (ms, signal) => fake.sleep(fake.now() + ms === 100 ? ms + 60_000 : ms, signal),
    };
    const gate = createRateGate(10, clock);
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        await gate.acquire();
        starts.push(clock.now());
      }),
    );
    expect(starts).toEqual([0, 60_100, 60_200, 60_300]);
  });
});
