/** Public types of the local NCLUE emulator. Other stages (client tests, demo, bench) depend on these names. */

export interface EmulatorOptions {
  /** Raw task JSON objects as the API returns them; `task_id` is the key for `GET /tasks/{task_id}`. */
  tasks: Array<Record<string, unknown>>;
  credentials: { accessKey: string; secretKey: string };
  /** Max requests per second; undefined or 0 = unlimited. */
  rps?: number;
  /** Arrival jitter (ms) tolerated by the rate check; default 50. */
  rateToleranceMs?: number;
  /** Allowed |request timestamp − server clock| in ms; default 300_000 (the gateway's 5 minutes). */
  skewMs?: number;
  /** Clock in ms (injectable); default Date.now. */
  now?: () => number;
  /** Server clock = now() + clockOffsetMs, to simulate a client whose clock is off; default 0. */
  clockOffsetMs?: number;
  /** Delay (ms, real timer) before every response; default 0. */
  latencyMs?: number;
  /** Meaning of `index` in `GET /tasks`: item offset or page number; default 'offset'. */
  pagination?: 'offset' | 'page';
  /**
   * Meaning of `total` in `GET /tasks`: the tasks of the account, or of this response (the docs allow
   * both readings: docs/api.md, "Listing"); default 'account'.
   */
  total?: 'account' | 'page';
  /** Fields left out of every list item (not nulled: absent), e.g. ['AUROC', 'line_count']; default none. */
  listOmit?: string[];
  /**
   * Scripted faults: the n-th authenticated request for a task ID consumes the n-th step under that ID;
   * list requests consume the steps under `"list"`, and every request first those under `"*"`.
   */
  faults?: Record<string, FaultStep[]>;
  /** Makes the `x-ncp-trace-id` of each answer; default 16 random bytes in hex. */
  traceId?: () => string;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0 (a free port). */
  port?: number;
}

export interface FaultStep {
  /** Respond with this status (and a gateway-style error body unless `body` is given). */
  status?: number;
  /**
   * Respond with this gateway (or NCLUE) error code: its status (unless `status` says otherwise) and
   * message, the code in the body as given (a string, or a number as some answers carry it).
   */
  errorCode?: string | number;
  /** Retry-After header value (seconds or HTTP date). */
  retryAfter?: string;
  /** Wait (ms, real timer) before answering. A step with only `delayMs` then serves the task normally. */
  delayMs?: number;
  /** Destroy the socket with a TCP RST without answering. */
  reset?: boolean;
  /** Send the headers with the full Content-Length but only half the body bytes, then destroy the socket. */
  truncate?: boolean;
  /**
   * Pad the answer with leading blanks (still valid JSON) to this many bytes, streamed without a
   * Content-Length: an oversized body, for the client's size cap.
   */
  bodyBytes?: number;
  /** Raw body to send instead (invalid JSON, a JSON array, another task_id…); status 200 unless `status` is set. */
  body?: string;
  headers?: Record<string, string>;
}

export interface EmulatorStats {
  /** Every HTTP request received. */
  requests: number;
  /** Responses sent, per status (a truncated response counts; a reset does not). */
  byStatus: Record<number, number>;
  /** 429s sent by the rate limiter (scripted 429 faults are not counted here). */
  rateLimited: number;
  /**
   * One entry per request. `path` is the raw request URI, `at` the arrival time by `now()`
   * (without clockOffsetMs), `status` 0 when the connection was reset without an answer.
   */
  log: Array<{ method: string; path: string; status: number; at: number; taskId?: string }>;
}

export interface Emulator {
  /** Base URL including /api/v1, e.g. http://127.0.0.1:43123/api/v1 */
  url: string;
  port: number;
  /** Live counters. */
  stats: EmulatorStats;
  /** Replace the task data (e.g. to change `total` while a client pages). */
  setTasks(tasks: Array<Record<string, unknown>>): void;
  close(): Promise<void>;
}
