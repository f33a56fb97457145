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
  const { credentials, gate, clock, transport } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const retries = options.retries ?? DEFAULT_RETRIES;
  const random = options.random ?? Math.random;
  const emit = options.onEvent ?? (() => undefined);
  const base = new URL(options.endpoint.replace(/\/+$/, '') + '/');
  const basePath = base.pathname.replace(/\/+$/, '');
  const origin = base.origin;
  const stats: ClientStats = { requests: 0, retries: 0, throttled: 0 };
  /** Opening the connections ahead, started by the first request; every request waits for it. */
  let warming: Promise<void> | null = null;
  /** Whether a request was ever granted. */
  let sentAny = false;
  // Whether the server ever answered, and how many attempts in a row could not reach it (checkReachable).
  let answeredAny = false;
  let unreachableStreak = 0;
  /** Settles once the last request to come has left (or given up): the next one waits for it. */
  let leftChain: Promise<void> = Promise.resolve();
  /** Correction added to our clock when the server's Date showed it off by more than the window. */
  let clockOffsetMs = 0;
  let skewCorrected = false;
  /** The spent quota, once seen: no request is sent after it. */
  let quotaExceeded: QuotaError | null = null;

  /**
   * Never let the secret or a signature into a message, even if a server echoed one back: signatures
   * are Base64 of 32 bytes, 44 characters ending in `=`.
   */
  const redact = (message: string): string => {
    const out =
      credentials.secretKey === '' ? message : message.split(credentials.secretKey).join('[redacted]');
    return out.replace(SIGNATURE_PATTERN, '[redacted]');
  };

  /** What to check about the keys, naming where they came from. */
  function credentialsHint(): string {
    const source = options.credentialsSource;
    if (source === undefined)
      return 'check NCLOUD_ACCESS_KEY_ID and NCLOUD_SECRET_ACCESS_KEY (or NCLOUD_ACCESS_KEY and NCLOUD_SECRET_KEY)';
    if (source.startsWith('environment variables '))
      return `check ${source.slice('environment variables '.length)}`;
    return `check the access key and secret key in ${source}`;
  }

  function authError(response: TransportResponse, reason: 'credentials' | 'permission'): AuthError {
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
        redact(`permission denied ${what} — ${hint}`),
        response.status,
        info.errorCode,
        'permission',
      );
    }
    const serverDate = Date.parse(response.headers.date ?? '');
    let hint = credentialsHint();
    if (!Number.isNaN(serverDate)) {
      const skew = serverDate - (clock.now() + clockOffsetMs);
      if (Math.abs(skew) > CLOCK_SKEW_WARN_MS) {
        hint += `; the local clock is ${formatMinutes(skew)} the server's (the gateway rejects timestamps 5 minutes off): fix the system time`;
      }
    }
    if (skewCorrected) {
      hint += `; the local clock was ${formatMinutes(clockOffsetMs)} the server's, but signing with the server's time did not help either, so the keys themselves are refused (fix the system time too)`;
    }
    return new AuthError(redact(`credentials rejected ${what} — ${hint}`), response.status, info.errorCode);
  }

  /**
   * On a 401 whose Date header shows our clock more than CLOCK_SKEW_WARN_MS off, adopt the server's
   * clock once and retry: the signature was fine, only the timestamp was outside the window.
   */
  /**
   * An endpoint that has never answered and refuses connections (or whose host does not resolve) is
   * given as many attempts as one request gets, counted across the whole run so that requests queued
   * behind the first do not multiply them; then the run stops (EndpointError, exit 4).
   */
  function checkReachable(error: TransportError): void {
    if (answeredAny || !UNREACHABLE_CODES.has(error.code)) {
      unreachableStreak = 0;
      return;
    }
    unreachableStreak += 1;
    if (unreachableStreak >= retries + 1) {
      throw new EndpointError(
        redact(
          `cannot reach the NCLUE endpoint ${origin}${basePath} (${error.message}, ${unreachableStreak} attempts): ` +
            'check --endpoint or NCLUE_ENDPOINT, and that the host is reachable from here',
        ),
      );
    }
  }

  function correctSkew(response: TransportResponse): boolean {
    if (skewCorrected || response.status !== 401) return false;
    const serverDate = Date.parse(response.headers.date ?? '');
    if (Number.isNaN(serverDate)) return false;
    const skew = serverDate - clock.now();
    if (Math.abs(skew) <= CLOCK_SKEW_WARN_MS) return false;
    skewCorrected = true;
    clockOffsetMs = skew;
    emit({ type: 'clock-skew', offsetMs: skew });
    return true;
  }

  async function send<T>(
    path: string,
    query: string,
    parse: (body: string) => Parsed<T>,
    control: FetchControl = {},
  ): Promise<FetchResult<T>> {
    const { stop, cancel } = control;
    // Sign the exact bytes sent: one string for both the URL and the signature (docs/api.md, "Signature").
    const requestUri = basePath + path + (query === '' ? '' : `?${query}`);
    const url = origin + requestUri;
    const maxAttempts = retries + 1;
    let lastCause = 'no attempt made';
    let lastDetail: string | null = null;
    let attempt = 0;
    let skewRetry = false;
    while (attempt < maxAttempts || skewRetry) {
      if (skewRetry) skewRetry = false;
      else attempt++;
      if (quotaExceeded) throw quotaExceeded;
      // The first request of a run would pay one-off costs (DNS, TCP, TLS) between its grant and its
      // arrival, but the second would not: sent at its slot, the second could reach a strict gateway
      // closer than 1/rps to the first and be throttled. So the connections are opened before the
      // first request is timed, and every start keeps to the rate gate's timeline.
      warming ??= transport.warmUp?.(url, options.warmConnections ?? 1) ?? Promise.resolve();
      await waitOrStop(warming, stop);
      // What remains between a grant and its request leaving (the HTTP parser's start-up on the
      // first, an event loop stalled in between on any) must not shorten the gap to the next start:
      // each request is granted only once the one before it has left, and the gate counts the next
      // gap from then; the first one also restarts the timeline. A transport that cannot tell when a
      // request leaves falls back to its answer.
      const before = leftChain;
      let resolveLeft: () => void = () => undefined;
      const left = new Promise<void>((resolve) => (resolveLeft = resolve));
      leftChain = before.then(() => left);
      let isFirst = false;
      let leftMarked = false;
      /** This request left (or never will: `sent` false), so the next may be granted. */
      const markLeft = (sent: boolean): void => {
        if (leftMarked) return;
        leftMarked = true;
        if (sent && isFirst) gate.restartFrom(clock.now());
        else if (sent) gate.leftAt(clock.now());
        resolveLeft();
      };
      let retryAfterMs: number | null = null;
      let throttled = false;
      let unreachable = false;
      try {
        await waitOrStop(before, stop);
        await gate.acquire(stop);
        // The quota ran out while this request waited for its turn: it is not sent.
        if (quotaExceeded) throw quotaExceeded;
        isFirst = !sentAny;
        sentAny = true;
      } catch (error) {
        markLeft(false);
        throw error;
      }
      const signedOffsetMs = clockOffsetMs;
      const headers = signRequest('GET', requestUri, Math.round(clock.now() + signedOffsetMs), credentials);
      stats.requests++;
      emit({ type: 'request', path: requestUri, attempt });
      try {
        const sentAt = clock.now();
        let response: TransportResponse;
        try {
          response = await transport.get({
            url,
            headers: { ...headers, accept: 'application/json' },
            timeoutMs,
            signal: cancel,
            onSent: () => markLeft(true),
          });
        } finally {
          markLeft(true);
        }
        options.onAnswer?.(clock.now() - sentAt);
        answeredAny = true;
        unreachableStreak = 0;
        const info = parseErrorBody(response.body);
        const kind = classifyResponse(response.status, info.errorCode);
        const traceId = readTraceId(response.headers);
        if (kind === 'ok') {
          const parsed = parse(response.body);
          if (parsed.ok) return { ok: true, value: parsed.value, attempts: attempt };
          lastCause = appendTraceId(parsed.error, traceId);
          if (!parsed.retry) return { ok: false, error: redact(lastCause), attempts: attempt };
        } else if (kind === 'auth') {
          // Signed before another request corrected the clock, or explained by skew: sign again.
          if (signedOffsetMs !== clockOffsetMs || correctSkew(response)) {
            skewRetry = true;
            continue;
          }
          throw authError(response, 'credentials');
        } else if (kind === 'permission') {
          throw authError(response, 'permission');
        } else if (kind === 'quota') {
          const what = `quota exceeded (${describeHttpFailure(response.status, info)})`;
          quotaExceeded ??= new QuotaError(redact(appendTraceId(what, traceId)));
          throw quotaExceeded;
        } else if (kind === 'not-found') {
          return {
            ok: false,
            error: appendTraceId('not found (HTTP 404)', traceId),
            attempts: attempt,
            notFound: true,
          };
        } else if (kind === 'client') {
          const what = `rejected (${describeHttpFailure(response.status, info)})`;
          return { ok: false, error: redact(appendTraceId(what, traceId)), attempts: attempt };
        } else {
          throttled = kind === 'throttled';
          if (throttled) stats.throttled++;
          retryAfterMs = parseRetryAfterMs(response.headers['retry-after'], clock.now());
          // The row says `HTTP 503` and the trace ID; what the server said goes to the --verbose log.
          lastCause = appendTraceId(`HTTP ${response.status}`, traceId);
          lastDetail = appendTraceId(describeHttpFailure(response.status, info), traceId);
        }
      } catch (error) {
        if (!isTransportError(error)) throw error;
        // A body over the size cap would be downloaded again by a retry: that task's error at once.
        if (!error.retryable) return { ok: false, error: error.message, attempts: attempt };
        checkReachable(error);
        lastCause = error.message;
        unreachable = !answeredAny && UNREACHABLE_CODES.has(error.code);
      }
      if (attempt >= maxAttempts) break;
      const backoff = unreachable
        ? Math.min(UNREACHABLE_BACKOFF_CAP_MS, computeBackoffMs(attempt - 1, random()))
        : computeBackoffMs(attempt - 1, random());
      const waitMs = Math.max(backoff, retryAfterMs ?? 0);
      if (throttled || retryAfterMs !== null) {
        // A 429 or Retry-After slows the whole run, not just this task.
        gate.pauseUntil(clock.now() + Math.max(waitMs, gate.intervalMs));
      }
      stats.retries++;
      emit({ type: 'retry', path: requestUri, attempt, cause: redact(lastDetail ?? lastCause), waitMs });
      lastDetail = null;
      await clock.sleep(waitMs, stop);
    }
    return {
      ok: false,
      error: redact(`gave up after ${attempt} attempt${attempt === 1 ? '' : 's'}: ${lastCause}`),
      attempts: attempt,
    };
  }

  function parseJson(body: string): Parsed<unknown> {
    try {
      return { ok: true, value: JSON.parse(body) as unknown };
    } catch {
      // A truncated or garbled 200 is a transient fault: retry it.
      return { ok: false, error: 'unparsable response body', retry: true };
    }
  }

  return {
    stats,
    get quotaExceeded() {
      return quotaExceeded;
    },
    fetchTask(taskId, control) {
      // Callers validate IDs first; encoding the segment is the second line of defence.
      const path = `/tasks/${encodeURIComponent(taskId)}`;
      return send(
        path,
        '',
        (body) => {
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
        },
        control,
      );
    },
    probeTaskList(control) {
      return send(
        '/tasks',
        'limit=1',
        (body) => {
          const json = parseJson(body);
          return json.ok ? { ok: true, value: true as const } : json;
        },
        control,
      );
    },
    fetchTaskPage(index, limit, control) {
      return send(
        '/tasks',
        `index=${index}&limit=${limit}`,
        (body) => {
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
        },
        control,
      );
    },
  };
}
