import type { Clock } from '../client/clock.js';
import type { TextSink } from './logger.js';

/**
 * Not on a TTY (cron mail, CI logs): a plain line at each 10 % step, but at most one per this many ms,
 * and always the final one. A 3-second run prints one line, a 3-hour run ten.
 */
export const PLAIN_PROGRESS_MIN_GAP_MS = 10_000;
/** On a TTY the bar is redrawn at most this often (ms): alive to the eye, no flood of escape codes. */
export const BAR_REDRAW_INTERVAL_MS = 250;
/** The bar is also redrawn this often (ms, real time) without news, so countdowns move during waits. */
export const BAR_REFRESH_MS = 1_000;
/** The observed rate is counted over this trailing window (ms): smooth, yet quick to follow a slow-down. */
export const RATE_WINDOW_MS = 60_000;
/** Until this much (ms) of the run has been observed, the ETA uses --rps instead of the observed rate. */
export const RATE_WARMUP_MS = 5_000;

/** Carriage return, then erase to the end of the line (ANSI CSI K). */
const CLEAR_LINE = '\r\x1b[K';
const BAR_MIN_WIDTH = 10;
const BAR_MAX_WIDTH = 30;
const DEFAULT_COLUMNS = 80;

export interface ProgressSink extends TextSink {
  isTTY?: boolean;
  columns?: number;
}

/** What `--wait` reports while it polls unfinished tasks. */
export interface WaitProgress {
  /** Tasks still registered, pending or in progress. */
  unfinished: number;
  byStatus: ReadonlyArray<{ status: string; count: number }>;
  /** Poll rounds done so far. */
  polls: number;
  /** When the next poll round starts (ms since the epoch); null while a round is running. */
  nextPollAt: number | null;
  /** When --wait-timeout ends the waiting (ms since the epoch). */
  deadline: number;
}

export interface Progress extends TextSink {
  /** More work became known (e.g. listing found more tasks). */
  addTotal(count: number): void;
  /** One task is done; `failed` when it ended with a fetch_error. */
  tick(failed: boolean): void;
  /** `--wait` is polling: shows the unfinished tasks instead of the fetch counts. */
  waiting(state: WaitProgress): void;
  /**
   * Replaces the ETA by one that follows the route actually taken (listing: pages left at --rps), or
   * back to tasks left at the observed rate with null.
   */
  setEstimate(estimate: (() => number | null) | null): void;
  /** Clears any live bar before the final lines are printed; later calls only pass text through. */
  finish(): void;
  /** Writes a log line to the stream without tearing the bar: clear, write, redraw. */
  write(text: string): void;
}

export interface ProgressOptions {
  stream: ProgressSink;
  clock: Clock;
  total: number;
  /** false with --no-progress or --quiet. */
  enabled: boolean;
  /** --rps: the ETA never promises more, and relies on it until the observed rate means something. */
  rps?: number;
  /** Real-time refresh of the bar in ms; 0 turns it off (tests). */
  refreshMs?: number;
}

/** Finished tasks over a trailing window: the rate the ETA is computed from. */
export interface RateMeter {
  record(at: number): void;
  /** Tasks per second, or null while less than the warm-up has been observed. */
  perSecond(now: number): number | null;
}

export function createRateMeter(
  startedAt: number,
  windowMs = RATE_WINDOW_MS,
  warmupMs = RATE_WARMUP_MS,
): RateMeter {
  const times: number[] = [];
  return {
    record(at) {
      times.push(at);
    },
    perSecond(now) {
      const span = Math.min(windowMs, now - startedAt);
      if (span < warmupMs) return null;
      while (times.length > 0 && (times[0] ?? now) <= now - windowMs) times.shift();
      return times.length / (span / 1000);
    },
  };
}

/**
 * Milliseconds left for `remaining` tasks: at the observed rate, but never faster than --rps allows
 * (the rate gate holds every request to it), and at --rps while the observed rate is not known yet.
 * Null when nothing finished in the whole window (stalled: any number would be a guess).
 */
export function estimateRemainingMs(
  remaining: number,
  observedPerSecond: number | null,
  rps?: number,
): number | null {
  if (remaining <= 0) return 0;
  const ceiling = rps !== undefined && rps > 0 ? rps : Number.POSITIVE_INFINITY;
  const rate =
    observedPerSecond === null
      ? Number.isFinite(ceiling)
        ? ceiling
        : null
      : Math.min(observedPerSecond, ceiling);
  if (rate === null || !(rate > 0)) return null;
  return (remaining / rate) * 1000;
}

/** `45 s`, `4 min 05 s`, `39 min`, `1 h 05 min`: coarser as it grows, so a long ETA does not flicker. */
export function formatRoughDuration(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
  const rounded = Math.round(seconds / 60);
  if (rounded < 60) return `${rounded} min`;
  return `${Math.floor(rounded / 60)} h ${String(rounded % 60).padStart(2, '0')} min`;
}

export function formatRate(perSecond: number): string {
  const digits = perSecond >= 10 ? 0 : perSecond >= 1 ? 1 : 2;
  return `${perSecond.toFixed(digits)}/s`;
}

function formatStatuses(byStatus: WaitProgress['byStatus']): string {
  return byStatus.map((s) => `${s.status} ${s.count}`).join(', ');
}

/** The state one line of progress is drawn from. */
export interface ProgressSnapshot {
  done: number;
  total: number;
  failures: number;
  perSecond: number | null;
  etaMs: number | null;
  waiting: WaitProgress | null;
  now: number;
}

function describeWait(w: WaitProgress, now: number, plain: boolean): string {
  const tasks = `${w.unfinished} task${w.unfinished === 1 ? '' : 's'} unfinished (${formatStatuses(w.byStatus)})`;
  const next =
    w.nextPollAt === null ? 'polling now' : `next poll in ${formatRoughDuration(w.nextPollAt - now)}`;
  const giveUp = `giving up in ${formatRoughDuration(w.deadline - now)}`;
  return plain
    ? `waiting: ${tasks} after ${w.polls} poll${w.polls === 1 ? '' : 's'}; ${next}, ${giveUp}`
    : `waiting: ${tasks} | poll ${w.polls} | ${next} | ${giveUp}`;
}

/**
 * The bar, e.g. `[=======>            ] 1234/3600  34% | 2 failed | 1.0/s | ETA 39 min`, cut to one
 * character less than the terminal width so it never wraps (a wrapped line cannot be redrawn with \r).
 */
export function formatBarLine(s: ProgressSnapshot, columns: number): string {
  const width = Math.max(20, columns > 0 ? columns : DEFAULT_COLUMNS) - 1;
  let line: string;
  if (s.waiting) {
    line = describeWait(s.waiting, s.now, false);
  } else {
    const rate = s.perSecond === null ? '' : ` | ${formatRate(s.perSecond)}`;
    const failed = ` | ${s.failures} failed`;
    if (s.total <= 0) {
      line = `${s.done} tasks${failed}${rate}`;
    } else {
      const fraction = Math.min(1, s.done / s.total);
      const eta = s.done >= s.total ? '' : ` | ETA ${s.etaMs === null ? '--' : formatRoughDuration(s.etaMs)}`;
      const text = ` ${s.done}/${s.total} ${String(Math.floor(fraction * 100)).padStart(3)}%${failed}${rate}${eta}`;
      const barWidth = Math.min(BAR_MAX_WIDTH, width - text.length - 2);
      if (barWidth >= BAR_MIN_WIDTH) {
        const full = Math.floor(fraction * barWidth);
        const head = full < barWidth ? '>' : '';
        line = `[${'='.repeat(full)}${head}${' '.repeat(barWidth - full - head.length)}]${text}`;
      } else {
        line = text.trimStart();
      }
    }
  }
  return line.length > width ? line.slice(0, width) : line;
}

/** One line for logs (cron, CI), e.g. `progress: 360/3600 tasks (10%), 0 failed, 1.0/s, about 54 min left`. */
export function formatPlainLine(s: ProgressSnapshot): string {
  if (s.waiting) return describeWait(s.waiting, s.now, true);
  const rate = s.perSecond === null ? '' : `, ${formatRate(s.perSecond)}`;
  if (s.total <= 0) return `progress: ${s.done} tasks, ${s.failures} failed${rate}`;
  const percent = Math.floor((100 * Math.min(s.done, s.total)) / s.total);
  const left = s.done >= s.total || s.etaMs === null ? '' : `, about ${formatRoughDuration(s.etaMs)} left`;
  return `progress: ${s.done}/${s.total} tasks (${percent}%), ${s.failures} failed${rate}${left}`;
}

/**
 * Progress on stderr. On a TTY a live bar, redrawn in place; elsewhere a plain line at each 10 % step
 * at most every 10 s, and the final one; nothing when disabled. Log lines go through `write` so they never tear the bar.
 */
export function createProgress(options: ProgressOptions): Progress {
  const { stream, clock } = options;
  const mode: 'bar' | 'lines' | 'off' = !options.enabled ? 'off' : stream.isTTY ? 'bar' : 'lines';
  const counts = new ProgressCounts(options.total, clock, options.rps);
  const bar =
    mode === 'bar'
      ? new LiveBar(stream, clock, options.refreshMs ?? BAR_REFRESH_MS, () => counts.snapshot())
      : null;
  const pacer = new PlainLinePacer(clock.now());
  let finished = false;

  function printLine(): void {
    if (mode !== 'lines' || finished) return;
    pacer.lastLineAt = clock.now();
    stream.write(`${formatPlainLine(counts.snapshot())}\n`);
  }

  return {
    addTotal(count) {
      if (count <= 0) return;
      counts.addTotal(count);
      // More to do: the step reached so far is recomputed, and a final line is due again at the end.
      pacer.restart(counts.done, counts.total);
      bar?.draw(true);
    },
    tick(failed) {
      const now = clock.now();
      counts.tick(failed, now);
      const { done, total } = counts;
      if (bar !== null) bar.draw(total > 0 && done >= total);
      else if (mode === 'lines' && pacer.isDue(done, total, now)) printLine();
    },
    waiting(state) {
      counts.waiting = state;
      if (bar !== null) bar.draw(true);
      // Plain logs get one line per poll round: when the pause before the next round starts.
      else if (state.nextPollAt !== null) printLine();
    },
    setEstimate(next) {
      counts.estimate = next;
    },
    finish() {
      bar?.stop();
      finished = true;
    },
    write(text) {
      if (bar === null || finished || !bar.shown) {
        stream.write(text);
        return;
      }
      stream.write(CLEAR_LINE + text);
      bar.draw(true);
    },
  };
}

/** What the progress display knows of the run: the counts, the rate meter, and the ETA in use. */
class ProgressCounts {
  done = 0;
  failures = 0;
  waiting: WaitProgress | null = null;
  /** An ETA that follows the route actually taken; null: tasks left at the observed rate. */
  estimate: (() => number | null) | null = null;
  private meter: RateMeter | null;

  constructor(
    public total: number,
    private readonly clock: Clock,
    private readonly rps: number | undefined,
  ) {
    this.meter = total > 0 ? createRateMeter(clock.now()) : null;
  }

  addTotal(count: number): void {
    this.meter ??= createRateMeter(this.clock.now());
    this.total += count;
  }

  tick(failed: boolean, now: number): void {
    this.done++;
    if (failed) this.failures++;
    this.meter ??= createRateMeter(now);
    this.meter.record(now);
  }

  snapshot(): ProgressSnapshot {
    const { done, total } = this;
    const now = this.clock.now();
    const perSecond = this.meter?.perSecond(now) ?? null;
    return {
      done,
      total,
      failures: this.failures,
      perSecond,
      etaMs:
        total <= 0
          ? null
          : this.estimate !== null
            ? this.estimate()
            : estimateRemainingMs(total - done, perSecond, this.rps),
      waiting: this.waiting,
      now,
    };
  }
}

/** When a plain line is due: at a new 10 % step, at most every PLAIN_PROGRESS_MIN_GAP_MS, and at the end. */
class PlainLinePacer {
  private lastDecile = 0;
  private finalPrinted = false;

  constructor(public lastLineAt: number) {}

  /** More work became known: the step reached is recomputed, and the final line is due again. */
  restart(done: number, total: number): void {
    this.lastDecile = Math.floor((10 * Math.min(done, total)) / total);
    this.finalPrinted = false;
  }

  isDue(done: number, total: number, now: number): boolean {
    const decile = total > 0 ? Math.floor((10 * Math.min(done, total)) / total) : 0;
    const stepped = decile > this.lastDecile;
    if (stepped) this.lastDecile = decile;
    const final = total > 0 && done >= total && !this.finalPrinted;
    if (final || (stepped && now - this.lastLineAt >= PLAIN_PROGRESS_MIN_GAP_MS)) {
      if (final) this.finalPrinted = true;
      return true;
    }
    return false;
  }
}

/** The bar on a TTY, redrawn in place: on news at most every BAR_REDRAW_INTERVAL_MS, and on a timer. */
class LiveBar {
  /** Whether the bar is on the screen (so a log line must clear it first). */
  shown = false;
  private stopped = false;
  private lastDrawAt = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly stream: ProgressSink,
    private readonly clock: Clock,
    private readonly refreshMs: number,
    private readonly snapshot: () => ProgressSnapshot,
  ) {}

  draw(force: boolean): void {
    if (this.stopped) return;
    const now = this.clock.now();
    if (!force && now - this.lastDrawAt < BAR_REDRAW_INTERVAL_MS) return;
    this.lastDrawAt = now;
    this.stream.write(CLEAR_LINE + formatBarLine(this.snapshot(), this.stream.columns ?? DEFAULT_COLUMNS));
    this.shown = true;
    this.startTimer();
  }

  /** Clears the bar off the screen for good. */
  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    if (this.shown && !this.stopped) this.stream.write(CLEAR_LINE);
    this.stopped = true;
  }

  /** Redraws without news, so countdowns move during waits; plain lines need no clock of their own. */
  private startTimer(): void {
    if (this.timer !== undefined || this.refreshMs <= 0) return;
    this.timer = setInterval(() => this.draw(true), this.refreshMs);
    // The refresh never keeps the process alive on its own.
    this.timer.unref();
  }
}
