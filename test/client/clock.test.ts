import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../../src/client/clock.js';

describe('createFakeClock', () => {
  it('wakes sleepers earliest first and moves time to each wake-up', async () => {
    const clock = createFakeClock(100);
    const order: string[] = [];
    await Promise.all([
      clock.sleep(300).then(() => order.push(`b@${clock.now()}`)),
      clock.sleep(100).then(() => order.push(`a@${clock.now()}`)),
    ]);
    expect(order).toEqual(['a@200', 'b@400']);
  });

  it('holds time still while real work is pending', async () => {
    const clock = createFakeClock(0);
    let release!: () => void;
    const work = new Promise<void>((r) => (release = r));
    const held = clock.hold(work);
    let woke = false;
    const sleeping = clock.sleep(1000).then(() => (woke = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(woke).toBe(false);
    expect(clock.now()).toBe(0);
    release();
    await held;
    await sleeping;
    expect(clock.now()).toBe(1000);
  });

  it('rejects an aborted sleep with the signal reason and drops its timer', async () => {
    const clock = createFakeClock(0);
    const controller = new AbortController();
    const sleeping = clock.sleep(5000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(sleeping).rejects.toThrow('stop');
    expect(clock.pending).toBe(0);
  });
});
