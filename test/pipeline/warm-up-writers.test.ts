import { describe, expect, it } from 'vitest';
import type { Transport, TransportRequest, TransportResponse } from '../../src/client/transport.js';
import {
  planWarmUpSteps,
  WARM_UP_START_WINDOW_MS,
  warmUpWritersWhileFetching,
  type WarmUpScheduler,
  type WarmUpStep,
} from '../../src/pipeline/warm-up-writers.js';

const ANSWER: TransportResponse = { status: 200, headers: {}, body: '{}' };

/** A scheduler whose clock is set by the test and whose deferred tasks run when the test says. */
function createScriptedScheduler(): WarmUpScheduler & { at: number; flush(): Promise<void> } {
  const pending: Array<() => void> = [];
  return {
    at: 0,
    now() {
      return this.at;
    },
    defer(task) {
      pending.push(task);
    },
    async flush() {
      // Runs deferred tasks, and the ones they defer, letting steps that wait a turn finish too.
      for (let round = 0; round < 50; round++) {
        for (const task of pending.splice(0)) task();
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
  };
}

/** Steps that record their names in `log` when they run. */
function recordingSteps(names: string[], log: string[]): WarmUpStep[] {
  return names.map((name) => ({
    name,
    run: () => {
      log.push(name);
      return Promise.resolve();
    },
  }));
}

/** A transport that logs `warm` and `sent` and says when each request leaves (or not, with `silent`). */
function createLoggingTransport(log: string[], silent = false): Transport {
  return {
    get(request: TransportRequest) {
      log.push('sent');
      if (!silent) request.onSent?.();
      return Promise.resolve(ANSWER);
    },
    warmUp() {
      log.push('warm connections');
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
}

const REQUEST: TransportRequest = { url: 'http://127.0.0.1:1/task/1', headers: {}, timeoutMs: 1000 };

describe('warmUpWritersWhileFetching', () => {
  it('starts no step before the first request has left, and the first one right after it', async () => {
    const log: string[] = [];
    const scheduler = createScriptedScheduler();
    const { transport } = warmUpWritersWhileFetching(
      createLoggingTransport(log),
      { formats: ['xlsx'], rps: 1 },
      recordingSteps(['a', 'b'], log),
      scheduler,
    );
    await transport.warmUp?.('http://127.0.0.1:1', 2);
    await scheduler.flush();
    expect(log).toEqual(['warm connections']);
    await transport.get(REQUEST);
    expect(log).toEqual(['warm connections', 'sent']);
    await scheduler.flush();
    expect(log).toEqual(['warm connections', 'sent', 'a', 'b']);
  });

  it('passes the request on unchanged and still tells the client when it left', async () => {
    const seen: TransportRequest[] = [];
    const inner: Transport = {
      get(request) {
        seen.push(request);
        request.onSent?.();
        return Promise.resolve(ANSWER);
      },
      close: () => Promise.resolve(),
    };
    let left = 0;
    const { transport } = warmUpWritersWhileFetching(
      inner,
      { formats: ['csv'], rps: 1 },
      recordingSteps(['a'], []),
      createScriptedScheduler(),
    );
    expect(await transport.get({ ...REQUEST, onSent: () => left++ })).toBe(ANSWER);
    expect(left).toBe(1);
    expect(seen[0]).toMatchObject({ url: REQUEST.url, headers: {}, timeoutMs: 1000 });
    expect(transport.warmUp).toBeUndefined();
  });

  it('starts no step late in a gap: the rest waits for the next request to leave', async () => {
    const log: string[] = [];
    const scheduler = createScriptedScheduler();
    const steps: WarmUpStep[] = ['a', 'b', 'c'].map((name) => ({
      name,
      run: () => {
        log.push(name);
        // Each step takes longer than the window in which steps may start.
        scheduler.at += WARM_UP_START_WINDOW_MS + 1;
        return Promise.resolve();
      },
    }));
    const { transport } = warmUpWritersWhileFetching(
      createLoggingTransport(log),
      { formats: ['xlsx'], rps: 1 },
      steps,
      scheduler,
    );
    await transport.get(REQUEST);
    await scheduler.flush();
    expect(log).toEqual(['sent', 'a']);
    scheduler.at += 1000;
    await transport.get(REQUEST);
    await scheduler.flush();
    expect(log).toEqual(['sent', 'a', 'sent', 'b']);
  });

  it('runs the steps one at a time, even when two requests leave before the first step starts', async () => {
    const log: string[] = [];
    const scheduler = createScriptedScheduler();
    let inFlight = 0;
    let most = 0;
    const steps: WarmUpStep[] = ['a', 'b', 'c'].map((name) => ({
      name,
      run: async () => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        log.push(name);
        inFlight--;
      },
    }));
    const { transport } = warmUpWritersWhileFetching(
      createLoggingTransport([]),
      { formats: ['xlsx'], rps: 1 },
      steps,
      scheduler,
    );
    await transport.get(REQUEST);
    await transport.get(REQUEST);
    await scheduler.flush();
    expect(log).toEqual(['a', 'b', 'c']);
    expect(most).toBe(1);
  });

  it('counts an answer as the request having left when the transport cannot tell', async () => {
    const log: string[] = [];
    const scheduler = createScriptedScheduler();
    const { transport } = warmUpWritersWhileFetching(
      createLoggingTransport(log, true),
      { formats: ['xlsx'], rps: 1 },
      recordingSteps(['a'], log),
      scheduler,
    );
    await transport.get(REQUEST);
    await scheduler.flush();
    expect(log).toEqual(['sent', 'a']);
  });

  it('ignores a step that fails and goes on with the next', async () => {
    const log: string[] = [];
    const scheduler = createScriptedScheduler();
    const failing: WarmUpStep = { name: 'broken', run: () => Promise.reject(new Error('no renderer')) };
    const { transport } = warmUpWritersWhileFetching(
      createLoggingTransport(log),
      { formats: ['xlsx'], rps: 1 },
      [failing, ...recordingSteps(['b'], log)],
      scheduler,
    );
    await transport.get(REQUEST);
    await scheduler.flush();
    expect(log).toEqual(['sent', 'b']);
  });

  it('in a run faster than 1 request/s, waits until the run says a listing goes on', async () => {
    const log: string[] = [];
    const scheduler = createScriptedScheduler();
    const warmUp = warmUpWritersWhileFetching(
      createLoggingTransport(log),
      { formats: ['xlsx'], rps: 20 },
      recordingSteps(['a', 'b'], log),
      scheduler,
    );
    await warmUp.transport.get(REQUEST);
    await warmUp.transport.get(REQUEST);
    await scheduler.flush();
    expect(log).toEqual(['sent', 'sent']);
    warmUp.listingGoesOn({ listed: 200, total: 1000 });
    await scheduler.flush();
    expect(log).toEqual(['sent', 'sent', 'a', 'b']);
    // Told again, or more requests leaving: nothing runs twice.
    warmUp.listingGoesOn({ listed: 200, total: 1000 });
    await warmUp.transport.get(REQUEST);
    await scheduler.flush();
    expect(log).toEqual(['sent', 'sent', 'a', 'b', 'sent']);
  });

  it('returns the transport unchanged when no format has anything to warm', () => {
    const inner = createLoggingTransport([]);
    const idle = warmUpWritersWhileFetching(inner, { formats: ['xlsx'], rps: 20 }, []);
    expect(idle.transport).toBe(inner);
    expect(() => idle.listingGoesOn({ listed: 200, total: null })).not.toThrow();
    expect(warmUpWritersWhileFetching(inner, { formats: ['xlsx'], rps: 20 }).transport).not.toBe(inner);
  });
});

describe('planWarmUpSteps', () => {
  it('loads the workbook libraries and renderer only when a workbook is asked for', () => {
    const csvOnly = planWarmUpSteps(['csv']).map((s) => s.name);
    expect(csvOnly).toEqual(['csv writer']);
    const all = planWarmUpSteps(['csv', 'xlsx', 'json', 'html']).map((s) => s.name);
    expect(all).toEqual(expect.arrayContaining(['exceljs', 'xlsx writer', 'chart font', 'json writer']));
    // exceljs's own dependencies are loaded first, one step each, then exceljs.
    expect(all.indexOf('jszip')).toBeGreaterThanOrEqual(0);
    expect(all.indexOf('jszip')).toBeLessThan(all.indexOf('exceljs'));
    expect(all[all.length - 1]).toBe('exceljs first write');
  });

  it('runs every step of a full plan without an error', async () => {
    const ran: string[] = [];
    for (const step of planWarmUpSteps(['csv', 'xlsx', 'json', 'html'])) {
      // A step that throws fails the test here (the warm-up itself would ignore it).
      await step.run();
      ran.push(step.name);
    }
    expect(ran).toContain('exceljs first write');
  });
});
