import { AuthError, EndpointError, QuotaError } from '../core/errors.js';
import type { Clock } from './clock.js';
import { appendTraceId, describeHttpFailure, parseErrorBody, readTraceId } from './error-body.js';
import { pickTaskFields } from './pick-task-fields.js';
import type { RateGate } from './rate-gate.js';
import { classifyResponse, computeBackoffMs, parseRetryAfterMs } from './retry-policy.js';
import { signRequest, type Credentials } from './sign.js';
// Types only: the transport is injected, so the client never loads undici (startup of --help, tests).
import type { Transport, TransportError, TransportResponse } from './transport.js';
import { formatTerminalText } from '../core/format-terminal-text.js';

/** A signature v2 value: Base64 (with padding) of an HMAC-SHA256, 44 characters. */
const SIGNATURE_PATTERN = /[A-Za-z0-9+/]{43}=/g;

/** Per-attempt budget (connect + headers + body) when none is given, in ms. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Retries after the first attempt when none is given. */
export const DEFAULT_RETRIES = 4;
/**
 * The gateway rejects timestamps more than 5 minutes off its clock (docs/api.md, "Signature"). A server Date
 * more than this far from ours (ms) explains a 401 and is corrected once.
 */
export const CLOCK_SKEW_WARN_MS = 4 * 60_000;

export interface ClientOptions {
  /** Base URL including `/api/v1`, no trailing slash needed. */
  endpoint: string;
  credentials: Credentials;
  gate: RateGate;
  clock: Clock;
  transport: Transport;
  timeoutMs?: number;
  retries?: number;
  /** Uniform [0, 1) source for backoff jitter. */
  random?: () => number;
  onEvent?: (event: ClientEvent) => void;
  /**
   * Connections opened before the first request is timed (Transport.warmUp): the in-flight limit, so
   * that no request of the first round pays connection set-up after its grant. Default 1.
   */
  warmConnections?: number;
  /** Called with the time each answer took, in ms, from its start (sizing the in-flight limit). */
  onAnswer?: (latencyMs: number) => void;
  /**
   * Where the keys came from, for the "what to check" of a 401 (e.g. `profile [DEFAULT] of
   * ~/.ncloud/configure`); by default the environment variables are named.
   */
  credentialsSource?: string;
}

export type ClientEvent =
  | { type: 'request'; path: string; attempt: number }
  | { type: 'retry'; path: string; attempt: number; cause: string; waitMs: number }
  | { type: 'clock-skew'; offsetMs: number };

export type FetchResult<T> =
  | { ok: true; value: T; attempts: number }
  /** `notFound`: the server answered 404 (fetch-tasks asks the list whether the endpoint is wrong). */
  | { ok: false; error: string; attempts: number; notFound?: true };

/**
 * Transport failures that mean the endpoint cannot be reached at all (docs/reliability.md, "A wrong or
 * dead endpoint"): before the server ever answered, this many in a row stop the run.
 */
export const UNREACHABLE_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
/** Longest backoff (ms) between attempts at an endpoint that has never answered and refuses connections. */
export const UNREACHABLE_BACKOFF_CAP_MS = 1000;

export interface ListPage {
  index: number;
  limit: number;
  total: number | null;
  /** At most `limit` tasks: the first ones of a page that held more. */
  tasks: Array<Record<string, unknown>>;
  /** Items the page held. More than `limit` breaks the protocol; only the first `limit` are kept. */
  received: number;
}

export interface NclueClient {
  /**
   * GET /tasks/{id}. Throws AuthError on 401/403 and QuotaError on a spent quota (429, errorCode 400);
   * every other failure is a result.
   */
  fetchTask(taskId: string, control?: FetchControl): Promise<FetchResult<Record<string, unknown>>>;
  /** GET /tasks?index=&limit=. Throws as fetchTask does. */
  fetchTaskPage(index: number, limit: number, control?: FetchControl): Promise<FetchResult<ListPage>>;
  /**
   * `GET /tasks?limit=1`: whether the endpoint serves the task list at all (fetch-tasks asks it when the
   * first IDs all answer 404, to tell a wrong endpoint from IDs that are not in the account).
   */
  probeTaskList(control?: FetchControl): Promise<FetchResult<true>>;
  readonly stats: ClientStats;
  /**
   * Set once the quota was found spent: from then on every call throws it at once, sending nothing.
   */
  readonly quotaExceeded: QuotaError | null;
}

/**
 * Two ways to stop: `stop` sends nothing more (waiting for the rate gate or a backoff ends at once,
 * rejecting with the signal's reason) but lets a request already on the wire finish; `cancel` also
 * aborts that request.
 */
export interface FetchControl {
  stop?: AbortSignal;
  cancel?: AbortSignal;
}

export interface ClientStats {
  requests: number;
  retries: number;
  throttled: number;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; error: string; retry: boolean };

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A TransportError by its stable name (transport.ts), without importing the module that defines it. */
function isTransportError(error: unknown): error is TransportError {
  return error instanceof Error && error.name === 'TransportError';
}

/** Waits for `promise`, or rejects with the signal's reason as soon as `stop` is aborted. */
function waitOrStop(promise: Promise<void>, stop: AbortSignal | undefined): Promise<void> {
  if (!stop) return promise;
  if (stop.aborted) return Promise.reject(stop.reason);
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => reject(stop.reason);
    stop.addEventListener('abort', onAbort, { once: true });
    void promise.then(() => {
      stop.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}

function formatMinutes(ms: number): string {
  return `${(Math.abs(ms) / 60_000).toFixed(1)} min ${ms > 0 ? 'behind' : 'ahead of'}`;
}

export function createNclueClient(options: ClientOptions): NclueClient {
  const client = new SignedClient(options);
  return {
    stats: client.stats,
    get quotaExceeded() {
      return client.quotaExceeded;
    },
    fetchTask(taskId, control) {
      // Callers validate IDs first; encoding the segment is the second line of defence.
      const path = `/tasks/${encodeURIComponent(taskId)}`;
      return client.send(path, '', (body) => parseTaskBody(body, taskId), control);
    },
    probeTaskList(control) {
      return client.send('/tasks', 'limit=1', parseProbeBody, control);
    },
    fetchTaskPage(index, limit, control) {
      return client.send(
        '/tasks',
        `index=${index}&limit=${limit}`,
        (body) => parseTaskPageBody(body, index, limit),
        control,
      );
    },
  };
}

/** How one answered attempt ends: with the result, with signing again at once, or with a retry after a wait. */
type AttemptOutcome<T> =
  | { kind: 'done'; result: FetchResult<T> }
  | { kind: 'sign again' }
  | {
      kind: 'retry';
      /** What the row says if this was the last attempt. */
      cause: string;
      /** What the server said, for the --verbose log; null: the cause says it all. */
      detail: string | null;
      retryAfterMs: number | null;
      throttled: boolean;
      unreachable: boolean;
    };

/** The client's state across requests: the run's pacing, the clock correction, the spent quota. */
class SignedClient {
  readonly stats: ClientStats = { requests: 0, retries: 0, throttled: 0 };
  /** The spent quota, once seen: no request is sent after it. */
  quotaExceeded: QuotaError | null = null;
  private readonly retries: number;
  private readonly basePath: string;
  private readonly origin: string;
  /** Opening the connections ahead, started by the first request; every request waits for it. */
  private warming: Promise<void> | null = null;
  /** Whether a request was ever granted. */
  private sentAny = false;
  // Whether the server ever answered, and how many attempts in a row could not reach it (checkReachable).
  private answeredAny = false;
  private unreachableStreak = 0;
  /** Settles once the last request to come has left (or given up): the next one waits for it. */
  private leftChain: Promise<void> = Promise.resolve();
  /** Correction added to our clock when the server's Date showed it off by more than the window. */
  private clockOffsetMs = 0;
  private skewCorrected = false;

  constructor(private readonly options: ClientOptions) {
    this.retries = options.retries ?? DEFAULT_RETRIES;
    const base = new URL(options.endpoint.replace(/\/+$/, '') + '/');
    this.basePath = base.pathname.replace(/\/+$/, '');
    this.origin = base.origin;
  }

  async send<T>(
    path: string,
    query: string,
    parse: (body: string) => Parsed<T>,
    control: FetchControl = {},
  ): Promise<FetchResult<T>> {
    const { stop, cancel } = control;
    const { gate, clock, transport, credentials } = this.options;
    // Sign the exact bytes sent: one string for both the URL and the signature (docs/api.md, "Signature").
    const requestUri = this.basePath + path + (query === '' ? '' : `?${query}`);
    const url = this.origin + requestUri;
    const maxAttempts = this.retries + 1;
    let lastCause = 'no attempt made';
    let attempt = 0;
    let skewRetry = false;
    while (attempt < maxAttempts || skewRetry) {
      if (skewRetry) skewRetry = false;
      else attempt++;
      if (this.quotaExceeded) throw this.quotaExceeded;
      // The first request of a run would pay one-off costs (DNS, TCP, TLS) between its grant and its
      // arrival, but the second would not: sent at its slot, the second could reach a strict gateway
      // closer than 1/rps to the first and be throttled. So the connections are opened before the
      // first request is timed, and every start keeps to the rate gate's timeline.
      this.warming ??= transport.warmUp?.(url, this.options.warmConnections ?? 1) ?? Promise.resolve();
      await waitOrStop(this.warming, stop);
      const turn = this.lineUp();
      try {
        await waitOrStop(turn.before, stop);
        await gate.acquire(stop);
        // The quota ran out while this request waited for its turn: it is not sent.
        if (this.quotaExceeded) throw this.quotaExceeded;
        turn.first = !this.sentAny;
        this.sentAny = true;
      } catch (error) {
        turn.markLeft(false);
        throw error;
      }
      const signedOffsetMs = this.clockOffsetMs;
      const headers = signRequest('GET', requestUri, Math.round(clock.now() + signedOffsetMs), credentials);
      this.stats.requests++;
      this.emit({ type: 'request', path: requestUri, attempt });
      let outcome: AttemptOutcome<T>;
      try {
        const sentAt = clock.now();
        let response: TransportResponse;
        try {
          response = await transport.get({
            url,
            headers: { ...headers, accept: 'application/json' },
            timeoutMs: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
            signal: cancel,
            onSent: () => turn.markLeft(true),
          });
        } finally {
          turn.markLeft(true);
        }
        this.recordAnswer(sentAt);
        outcome = this.judgeResponse(response, parse, attempt, signedOffsetMs);
      } catch (error) {
        if (!isTransportError(error)) throw error;
        // A body over the size cap would be downloaded again by a retry: that task's error at once.
        if (!error.retryable) return { ok: false, error: error.message, attempts: attempt };
        outcome = this.judgeTransportError(error);
      }
      if (outcome.kind === 'done') return outcome.result;
      if (outcome.kind === 'sign again') {
        skewRetry = true;
        continue;
      }
      lastCause = outcome.cause;
      if (attempt >= maxAttempts) break;
      await clock.sleep(this.planRetry(outcome, attempt, requestUri), stop);
    }
    return {
      ok: false,
      error: this.redact(`gave up after ${attempt} attempt${attempt === 1 ? '' : 's'}: ${lastCause}`),
      attempts: attempt,
    };
  }

  /**
   * What remains between a grant and its request leaving (the HTTP parser's start-up on the first, an
   * event loop stalled in between on any) must not shorten the gap to the next start: each request is
   * granted only once the one before it has left, and the gate counts the next gap from then; the
   * first one also restarts the timeline. A transport that cannot tell when a request leaves falls
   * back to its answer.
   */
  private lineUp(): Turn {
    const turn = new Turn(this.leftChain, this.options.gate, this.options.clock);
    this.leftChain = turn.before.then(() => turn.left);
    return turn;
  }

  private recordAnswer(sentAt: number): void {
    this.options.onAnswer?.(this.options.clock.now() - sentAt);
    this.answeredAny = true;
    this.unreachableStreak = 0;
  }

  /** Classifies an answer (retry-policy.ts): a result, a retry, or a thrown AuthError or QuotaError. */
  private judgeResponse<T>(
    response: TransportResponse,
    parse: (body: string) => Parsed<T>,
    attempt: number,
    signedOffsetMs: number,
  ): AttemptOutcome<T> {
    const info = parseErrorBody(response.body);
    const kind = classifyResponse(response.status, info.errorCode);
    const traceId = readTraceId(response.headers);
    const retry = { detail: null, retryAfterMs: null, throttled: false, unreachable: false };
    if (kind === 'ok') {
      const parsed = parse(response.body);
      if (parsed.ok) return { kind: 'done', result: { ok: true, value: parsed.value, attempts: attempt } };
      const cause = appendTraceId(parsed.error, traceId);
      if (!parsed.retry)
        return { kind: 'done', result: { ok: false, error: this.redact(cause), attempts: attempt } };
      return { kind: 'retry', cause, ...retry };
    }
    if (kind === 'auth') {
      // Signed before another request corrected the clock, or explained by skew: sign again.
      if (signedOffsetMs !== this.clockOffsetMs || this.correctSkew(response)) return { kind: 'sign again' };
      throw this.authError(response, 'credentials');
    }
    if (kind === 'permission') throw this.authError(response, 'permission');
    if (kind === 'quota') {
      const what = `quota exceeded (${describeHttpFailure(response.status, info)})`;
      this.quotaExceeded ??= new QuotaError(this.redact(appendTraceId(what, traceId)));
      throw this.quotaExceeded;
    }
    if (kind === 'not-found') {
      const error = appendTraceId('not found (HTTP 404)', traceId);
      return { kind: 'done', result: { ok: false, error, attempts: attempt, notFound: true } };
    }
    if (kind === 'client') {
      const what = `rejected (${describeHttpFailure(response.status, info)})`;
      return {
        kind: 'done',
        result: { ok: false, error: this.redact(appendTraceId(what, traceId)), attempts: attempt },
      };
    }
    const throttled = kind === 'throttled';
    if (throttled) this.stats.throttled++;
    return {
      kind: 'retry',
      // The row says `HTTP 503` and the trace ID; what the server said goes to the --verbose log.
      retryAfterMs: parseRetryAfterMs(response.headers['retry-after'], this.options.clock.now()),
      cause: appendTraceId(`HTTP ${response.status}`, traceId),
      detail: appendTraceId(describeHttpFailure(response.status, info), traceId),
      throttled,
      unreachable: false,
    };
  }

  private judgeTransportError(error: TransportError): AttemptOutcome<never> {
    this.checkReachable(error);
    return {
      kind: 'retry',
      cause: error.message,
      detail: null,
      retryAfterMs: null,
      throttled: false,
      unreachable: !this.answeredAny && UNREACHABLE_CODES.has(error.code),
    };
  }

  /** Counts the retry, slows the whole run after a 429 or Retry-After, and returns how long to wait (ms). */
  private planRetry(
    outcome: Extract<AttemptOutcome<unknown>, { kind: 'retry' }>,
    attempt: number,
    requestUri: string,
  ): number {
    const { gate, clock } = this.options;
    const random = this.options.random ?? Math.random;
    const backoff = outcome.unreachable
      ? Math.min(UNREACHABLE_BACKOFF_CAP_MS, computeBackoffMs(attempt - 1, random()))
      : computeBackoffMs(attempt - 1, random());
    const waitMs = Math.max(backoff, outcome.retryAfterMs ?? 0);
    if (outcome.throttled || outcome.retryAfterMs !== null) {
      // A 429 or Retry-After slows the whole run, not just this task.
      gate.pauseUntil(clock.now() + Math.max(waitMs, gate.intervalMs));
    }
    this.stats.retries++;
    const cause = this.redact(outcome.detail ?? outcome.cause);
    this.emit({ type: 'retry', path: requestUri, attempt, cause, waitMs });
    return waitMs;
  }

  private emit(event: ClientEvent): void {
    const onEvent = this.options.onEvent ?? (() => undefined);
    onEvent(event);
  }

  private redact(message: string): string {
    return redactSecrets(message, this.options.credentials.secretKey);
  }

  private authError(response: TransportResponse, reason: 'credentials' | 'permission'): AuthError {
    const info = parseErrorBody(response.body);
    const what = appendTraceId(
      `(${describeHttpFailure(response.status, info)})`,
      readTraceId(response.headers),
    );
    if (reason === 'permission') {
      // The keys were accepted: the account (typically a Sub Account) may not use NCLUE.
      const hint =
        'the keys are valid, but this account may not use NCLUE: give the Sub Account a policy that allows NCLUE (console: Sub Account › Policies), or use keys of an account that has it';
      return new AuthError(
        this.redact(`permission denied ${what} — ${hint}`),
        response.status,
        info.errorCode,
        'permission',
      );
    }
    const serverDate = Date.parse(response.headers.date ?? '');
    let hint = describeCredentialsCheck(this.options.credentialsSource);
    if (!Number.isNaN(serverDate)) {
      const skew = serverDate - (this.options.clock.now() + this.clockOffsetMs);
      if (Math.abs(skew) > CLOCK_SKEW_WARN_MS) {
        hint += `; the local clock is ${formatMinutes(skew)} the server's (the gateway rejects timestamps 5 minutes off): fix the system time`;
      }
    }
    if (this.skewCorrected) {
      hint += `; the local clock was ${formatMinutes(this.clockOffsetMs)} the server's, but signing with the server's time did not help either, so the keys themselves are refused (fix the system time too)`;
    }
    return new AuthError(
      this.redact(`credentials rejected ${what} — ${hint}`),
      response.status,
      info.errorCode,
    );
  }

  /**
   * An endpoint that has never answered and refuses connections (or whose host does not resolve) is
   * given as many attempts as one request gets, counted across the whole run so that requests queued
   * behind the first do not multiply them; then the run stops (EndpointError, exit 4).
   */
  private checkReachable(error: TransportError): void {
    if (this.answeredAny || !UNREACHABLE_CODES.has(error.code)) {
      this.unreachableStreak = 0;
      return;
    }
    this.unreachableStreak += 1;
    if (this.unreachableStreak >= this.retries + 1) {
      throw new EndpointError(
        this.redact(
          `cannot reach the NCLUE endpoint ${this.origin}${this.basePath} (${error.message}, ${this.unreachableStreak} attempts): ` +
            'check --endpoint or NCLUE_ENDPOINT, and that the host is reachable from here',
        ),
      );
    }
  }

  /**
   * On a 401 whose Date header shows our clock more than CLOCK_SKEW_WARN_MS off, adopt the server's
   * clock once and retry: the signature was fine, only the timestamp was outside the window.
   */
  private correctSkew(response: TransportResponse): boolean {
    if (this.skewCorrected || response.status !== 401) return false;
    const serverDate = Date.parse(response.headers.date ?? '');
    if (Number.isNaN(serverDate)) return false;
    const skew = serverDate - this.options.clock.now();
    if (Math.abs(skew) <= CLOCK_SKEW_WARN_MS) return false;
    this.skewCorrected = true;
    this.clockOffsetMs = skew;
    this.emit({ type: 'clock-skew', offsetMs: skew });
    return true;
  }
}

/** One request's place in line: it may be granted once the request before it has left. */
class Turn {
  readonly left: Promise<void>;
  /** Set once granted: whether this is the run's first request (which restarts the gate's timeline). */
  first = false;
  private resolveLeft: () => void = () => undefined;
  private marked = false;

  constructor(
    readonly before: Promise<void>,
    private readonly gate: RateGate,
    private readonly clock: Clock,
  ) {
    this.left = new Promise<void>((resolve) => (this.resolveLeft = resolve));
  }

  /** This request left (or never will: `sent` false), so the next may be granted. */
  markLeft(sent: boolean): void {
    if (this.marked) return;
    this.marked = true;
    if (sent && this.first) this.gate.restartFrom(this.clock.now());
    else if (sent) this.gate.leftAt(this.clock.now());
    this.resolveLeft();
  }
}

/**
 * Never let the secret or a signature into a message, even if a server echoed one back: signatures
 * are Base64 of 32 bytes, 44 characters ending in `=`.
 */
function redactSecrets(message: string, secretKey: string): string {
  const out = secretKey === '' ? message : message.split(secretKey).join('[redacted]');
  return out.replace(SIGNATURE_PATTERN, '[redacted]');
}

/** What to check about the keys, naming where they came from. */
function describeCredentialsCheck(source: string | undefined): string {
  if (source === undefined)
    return 'check NCLOUD_ACCESS_KEY_ID and NCLOUD_SECRET_ACCESS_KEY (or NCLOUD_ACCESS_KEY and NCLOUD_SECRET_KEY)';
  if (source.startsWith('environment variables '))
    return `check ${source.slice('environment variables '.length)}`;
  return `check the access key and secret key in ${source}`;
}

function parseJson(body: string): Parsed<unknown> {
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch {
    // A truncated or garbled 200 is a transient fault: retry it.
    return { ok: false, error: 'unparsable response body', retry: true };
  }
}

/** A task, whose task_id (when it has one) must be the one asked for. */
function parseTaskBody(body: string, taskId: string): Parsed<Record<string, unknown>> {
  const json = parseJson(body);
  if (!json.ok) return json;
  if (!isObject(json.value)) {
    return { ok: false, error: 'invalid response: body is not a JSON object', retry: false };
  }
  const got = json.value.task_id;
  if (
    got !== undefined &&
    got !== null &&
    (typeof got !== 'string' || got.toLowerCase() !== taskId.toLowerCase())
  ) {
    return {
      ok: false,
      error: `invalid response: task_id ${formatTerminalText(JSON.stringify(got), 60)} differs from the requested one`,
      retry: false,
    };
  }
  return { ok: true, value: pickTaskFields(json.value) };
}

function parseProbeBody(body: string): Parsed<true> {
  const json = parseJson(body);
  return json.ok ? { ok: true, value: true as const } : json;
}

function parseTaskPageBody(body: string, index: number, limit: number): Parsed<ListPage> {
  const json = parseJson(body);
  if (!json.ok) return json;
  const value = json.value;
  if (!isObject(value) || !Array.isArray(value.tasks)) {
    return { ok: false, error: 'invalid response: list body has no tasks array', retry: false };
  }
  // A page never holds more than `limit` items (docs/api.md, "Listing"): of one that does,
  // only the first `limit` are kept, so that no server can fill memory one page at a time.
  const received = value.tasks.length;
  const items = received > limit ? value.tasks.slice(0, limit) : value.tasks;
  const tasks = items.filter(isObject).map(pickTaskFields);
  const total = typeof value.total === 'number' && Number.isFinite(value.total) ? value.total : null;
  return {
    ok: true,
    value: {
      index: typeof value.index === 'number' ? value.index : index,
      limit: typeof value.limit === 'number' ? value.limit : limit,
      total,
      tasks,
      received,
    },
  };
}
