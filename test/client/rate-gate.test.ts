import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../../src/client/clock.js';
import { createRateGate } from '../../src/client/rate-gate.js';

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
