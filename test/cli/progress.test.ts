import { describe, expect, it } from 'vitest';
import { createFakeClock, type FakeClock } from '../../src/client/clock.js';
import {
  createProgress,
  createRateMeter,
  estimateRemainingMs,
  formatBarLine,
  formatPlainLine,
  formatRoughDuration,
  type ProgressSnapshot,
} from '../../src/cli/progress.js';
import { createRouteEstimate, estimateListingMs } from '../../src/pipeline/route-estimate.js';

/** A stderr stand-in that records every write with the virtual time it happened at. */
function sink(clock: FakeClock, tty: boolean, columns = 80) {
  const writes: Array<{ at: number; text: string }> = [];
  return {
    writes,
    isTTY: tty,
    columns,
    write(text: string) {
      writes.push({ at: clock.now(), text });
      return true;
    },
    get text() {
      return writes.map((w) => w.text).join('');
    },
  };
}

const snapshot = (over: Partial<ProgressSnapshot>): ProgressSnapshot => ({
  done: 0,
  total: 0,
  failures: 0,
  perSecond: null,
  etaMs: null,
  waiting: null,
  now: 0,
  ...over,
});

describe('estimateRemainingMs', () => {
  it('uses --rps before the observed rate is known', () => {
    expect(estimateRemainingMs(3600, null, 1)).toBe(3_600_000);
    expect(estimateRemainingMs(100, null, 4)).toBe(25_000);
  });
  it('uses the observed rate once known', () => {
    expect(estimateRemainingMs(3000, 0.5, 1)).toBe(6_000_000);
  });
  it('never promises more than --rps allows', () => {
    expect(estimateRemainingMs(3000, 3, 1)).toBe(3_000_000);
  });
  it('is 0 when nothing is left, and unknown when nothing finished in the window', () => {
    expect(estimateRemainingMs(0, 0.2, 1)).toBe(0);
    expect(estimateRemainingMs(10, 0, 1)).toBeNull();
    expect(estimateRemainingMs(10, null)).toBeNull();
  });
});

describe('formatRoughDuration', () => {
  it.each([
    [0, '0 s'],
    [400, '1 s'],
    [45_000, '45 s'],
    [245_000, '4 min 05 s'],
    [2_366_000, '39 min'],
    [3_600_000, '1 h 00 min'],
    [3_900_000, '1 h 05 min'],
    [-5, '0 s'],
  ])('%i ms → %s', (ms, text) => {
    expect(formatRoughDuration(ms)).toBe(text);
  });
});

describe('createRateMeter', () => {
  it('knows no rate during the warm-up, then counts the trailing minute', () => {
    const meter = createRateMeter(0, 60_000, 5_000);
    for (let t = 1000; t <= 4000; t += 1000) meter.record(t);
    expect(meter.perSecond(4000)).toBeNull();
    for (let t = 5000; t <= 10_000; t += 1000) meter.record(t);
    expect(meter.perSecond(10_000)).toBe(1);
    // One task every 2 s from 60 s on: after a minute of it only the slow pace counts.
    for (let t = 12_000; t <= 120_000; t += 2000) meter.record(t);
    expect(meter.perSecond(120_000)).toBe(0.5);
    // Nothing for a whole window: stalled.
    expect(meter.perSecond(400_000)).toBe(0);
  });
});

describe('formatBarLine', () => {
  it('draws the bar, counts, failures, rate and ETA', () => {
    const line = formatBarLine(
      snapshot({ done: 1234, total: 3600, failures: 2, perSecond: 0.98, etaMs: 2_414_000 }),
      100,
    );
    expect(line).toBe('[==========>                   ] 1234/3600  34% | 2 failed | 0.98/s | ETA 40 min');
  });
  it('never reaches the last column, so the terminal does not wrap it', () => {
    for (const columns of [20, 40, 60, 200]) {
      const line = formatBarLine(
        snapshot({ done: 5, total: 10, failures: 1, perSecond: 1.5, etaMs: 4000 }),
        columns,
      );
      expect(line.length).toBeLessThanOrEqual(Math.max(20, columns) - 1);
    }
    expect(formatBarLine(snapshot({ done: 5, total: 10 }), 40)).not.toContain('[');
  });
  it('shows counts only when the total is not known', () => {
    expect(formatBarLine(snapshot({ done: 7, failures: 1, perSecond: 1 }), 80)).toBe(
      '7 tasks | 1 failed | 1.0/s',
    );
  });
  it('shows "ETA --" while stalled, and no ETA when done', () => {
    expect(formatBarLine(snapshot({ done: 1, total: 3, etaMs: null }), 80)).toContain('ETA --');
    expect(formatBarLine(snapshot({ done: 3, total: 3, etaMs: 0 }), 80)).not.toContain('ETA');
  });
  it('shows the tasks --wait is waiting for', () => {
    const waiting = {
      unfinished: 3,
      byStatus: [
        { status: 'pending', count: 1 },
        { status: 'in_progress', count: 2 },
      ],
      polls: 2,
      nextPollAt: 45_000,
      deadline: 3_600_000,
    };
    expect(formatBarLine(snapshot({ waiting, now: 0 }), 200)).toBe(
      'waiting: 3 tasks unfinished (pending 1, in_progress 2) | poll 2 | next poll in 45 s | giving up in 1 h 00 min',
    );
  });
});

describe('formatPlainLine', () => {
  it('one line for logs', () => {
    expect(formatPlainLine(snapshot({ done: 360, total: 3600, perSecond: 1, etaMs: 3_240_000 }))).toBe(
      'progress: 360/3600 tasks (10%), 0 failed, 1.0/s, about 54 min left',
    );
    expect(formatPlainLine(snapshot({ done: 3600, total: 3600, failures: 3, perSecond: 1, etaMs: 0 }))).toBe(
      'progress: 3600/3600 tasks (100%), 3 failed, 1.0/s',
    );
  });
});

describe('createProgress, not on a TTY (cron, CI)', () => {
  it('three hours at 1 request/s: ten lines, one per 10 %, with a believable ETA', async () => {
    const clock = createFakeClock(0);
    const out = sink(clock, false);
    const total = 10_800;
    const progress = createProgress({ stream: out, clock, total, enabled: true, rps: 1, refreshMs: 0 });
    for (let i = 0; i < total; i++) {
      // Half-way, the API slows to one task every 2 s for 10 minutes.
      await clock.sleep(i >= 5400 && i < 5700 ? 2000 : 1000);
      progress.tick(i % 1500 === 0);
    }
    progress.finish();
    const lines = out.writes.map((w) => w.text);
    expect(lines.every((l) => l.endsWith('\n') && !l.includes('\r') && !l.includes('\x1b'))).toBe(true);
    expect(lines.map((l) => /\((\d+)%\)/.exec(l)?.[1])).toEqual([
      '10',
      '20',
      '30',
      '40',
      '50',
      '60',
      '70',
      '80',
      '90',
      '100',
    ]);
    expect(lines[0]).toBe('progress: 1080/10800 tasks (10%), 1 failed, 1.0/s, about 2 h 42 min left\n');
    expect(lines[5]).toBe('progress: 6480/10800 tasks (60%), 5 failed, 1.0/s, about 1 h 12 min left\n');
    expect(lines.at(-1)).toBe('progress: 10800/10800 tasks (100%), 8 failed, 1.0/s\n');
  });

  it('a 3-second run prints one line: the final one', async () => {
    const clock = createFakeClock(0);
    const out = sink(clock, false);
    const progress = createProgress({ stream: out, clock, total: 30, enabled: true, rps: 10, refreshMs: 0 });
    for (let i = 0; i < 30; i++) {
      await clock.sleep(100);
      progress.tick(false);
    }
    expect(out.writes.map((w) => w.text)).toEqual(['progress: 30/30 tasks (100%), 0 failed\n']);
  });

  it('prints a step at most every 10 s, and only at a 10 % step', async () => {
    const clock = createFakeClock(0);
    const out = sink(clock, false);
    const progress = createProgress({ stream: out, clock, total: 100, enabled: true, rps: 1, refreshMs: 0 });
    for (let i = 0; i < 100; i++) {
      await clock.sleep(i < 50 ? 100 : 1000);
      progress.tick(false);
    }
    const lines = out.writes.map((w) => ({ at: w.at, text: w.text }));
    for (let i = 1; i < lines.length - 1; i++)
      expect((lines[i]?.at ?? 0) - (lines[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(10_000);
    // The first half takes 5 s: no line; then one per 10 % (10 s each at 1/s), and the final one.
    expect(lines.map((l) => /\((\d+)%\)/.exec(l.text)?.[1])).toEqual(['60', '70', '80', '90', '100']);
  });

  it('follows the route taken: while listing, the ETA counts list pages left at --rps, not tasks', async () => {
    const clock = createFakeClock(0);
    const out = sink(clock, false);
    const progress = createProgress({ stream: out, clock, total: 2000, enabled: true, rps: 1, refreshMs: 0 });
    const follow = createRouteEstimate(progress, 1);
    follow({ type: 'route', route: 'list', ids: 2000 });
    follow({ type: 'list-page', index: 0, received: 200, listed: 200, total: 2000 } as never);
    await clock.sleep(10_000);
    for (let i = 0; i < 200; i++) progress.tick(false);
    // 2000 tasks take 21 list requests; one is done: 20 left at 1/s (not 1800 tasks at 1/s: 30 min).
    expect(out.writes.map((w) => w.text)).toEqual([
      'progress: 200/2000 tasks (10%), 0 failed, 20/s, about 20 s left\n',
    ]);
    // After the listing, the tasks not listed are fetched one GET each: tasks left at --rps again.
    follow({
      type: 'listing-end',
      listing: {} as never,
      matched: 200,
      toGet: 1800,
      lacking: { tasks: 0, byField: {} },
    });
    await clock.sleep(10_000);
    for (let i = 0; i < 200; i++) progress.tick(false);
    expect(out.writes.at(-1)?.text).toMatch(/\(20%\), 0 failed, .*about 27 min left\n$/);
    expect(estimateListingMs(null, 1, 1)).toBeNull();
  });

  it('prints one waiting line per poll round', () => {
    const clock = createFakeClock(0);
    const out = sink(clock, false);
    const progress = createProgress({ stream: out, clock, total: 0, enabled: true, refreshMs: 0 });
    const state = {
      unfinished: 2,
      byStatus: [{ status: 'pending', count: 2 }],
      polls: 0,
      nextPollAt: 30_000,
      deadline: 3_600_000,
    };
    progress.waiting(state);
    progress.waiting({
      ...state,
      unfinished: 1,
      byStatus: [{ status: 'pending', count: 1 }],
      nextPollAt: null,
    });
    progress.waiting({
      ...state,
      unfinished: 1,
      byStatus: [{ status: 'pending', count: 1 }],
      polls: 1,
      nextPollAt: 45_000,
    });
    expect(out.writes.map((w) => w.text)).toEqual([
      'waiting: 2 tasks unfinished (pending 2) after 0 polls; next poll in 30 s, giving up in 1 h 00 min\n',
      'waiting: 1 task unfinished (pending 1) after 1 poll; next poll in 45 s, giving up in 1 h 00 min\n',
    ]);
  });

  it('prints nothing when disabled (--quiet, --no-progress) but still passes log lines through', () => {
    const clock = createFakeClock(0);
    const out = sink(clock, true);
    const progress = createProgress({ stream: out, clock, total: 5, enabled: false, refreshMs: 0 });
    progress.addTotal(5);
    for (let i = 0; i < 10; i++) progress.tick(false);
    progress.write('error: x\n');
    progress.finish();
    expect(out.text).toBe('error: x\n');
  });
});

describe('createProgress on a TTY', () => {
  it('redraws one line in place with \\r and erase-line, at most every 250 ms', async () => {
    const clock = createFakeClock(0);
    const out = sink(clock, true);
    const progress = createProgress({ stream: out, clock, total: 0, enabled: true, rps: 1, refreshMs: 0 });
    progress.addTotal(100);
    expect(out.writes.at(-1)?.text).toBe(
      '\r\x1b[K[>                             ] 0/100   0% | 0 failed | ETA 1 min 40 s',
    );
    for (let i = 0; i < 20; i++) {
      await clock.sleep(100);
      progress.tick(false);
    }
    // 2 s of ticks every 100 ms: a redraw every 250 ms at most (plus the first).
    expect(out.writes.length).toBeGreaterThanOrEqual(6);
    expect(out.writes.length).toBeLessThanOrEqual(10);
    for (const w of out.writes) {
      expect(w.text.startsWith('\r\x1b[K')).toBe(true);
      expect(w.text).not.toContain('\n');
    }
  });

  it('keeps the bar intact around log lines, and clears it before the final lines', () => {
    const clock = createFakeClock(0);
    const out = sink(clock, true);
    const progress = createProgress({ stream: out, clock, total: 2, enabled: true, rps: 1, refreshMs: 0 });
    progress.tick(false);
    progress.write('warning: something\n');
    expect(out.writes.at(-2)?.text).toBe('\r\x1b[Kwarning: something\n');
    expect(out.writes.at(-1)?.text.startsWith('\r\x1b[K[')).toBe(true);
    expect(out.writes.at(-1)?.text).toContain('] 1/2 ');
    progress.tick(true);
    expect(out.writes.at(-1)?.text).toContain('2/2 100% | 1 failed');
    progress.finish();
    expect(out.writes.at(-1)?.text).toBe('\r\x1b[K');
    progress.write('wrote r.csv\n');
    expect(out.writes.at(-1)?.text).toBe('wrote r.csv\n');
    progress.tick(false);
    expect(out.writes.at(-1)?.text).toBe('wrote r.csv\n');
  });

  it('writes log lines unchanged while no bar is shown', () => {
    const clock = createFakeClock(0);
    const out = sink(clock, true);
    const progress = createProgress({ stream: out, clock, total: 0, enabled: true, refreshMs: 0 });
    progress.write('fetching 3 tasks\n');
    expect(out.text).toBe('fetching 3 tasks\n');
  });
});
