import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_SKEW_MS, verifySignedRequest } from './auth.js';
import {
  AUTHENTICATION_FAILED,
  BAD_REQUEST,
  NOT_FOUND,
  RATE_LIMITED,
  UNEXPECTED_ERROR,
  formatGatewayErrorBody,
  gatewayErrorForCode,
  gatewayErrorForStatus,
} from './errors.js';
import { ANY_REQUEST_KEY, createFaultScript, LIST_REQUESTS_KEY, type FaultScript } from './faults.js';
import { DEFAULT_RATE_TOLERANCE_MS, createRateLimiter, type RateLimiter } from './rate-limit.js';
import { API_PREFIX, decodeTaskId, matchRoute } from './routes.js';
import { parseListQuery, selectTaskPage } from './task-list.js';
import type { Emulator, EmulatorOptions, EmulatorStats, FaultStep } from './types.js';

export const DEFAULT_HOST = '127.0.0.1';
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
/** The header the gateway puts on every answer (docs/api.md, "Trace IDs"). */
const TRACE_ID_HEADER = 'x-ncp-trace-id';

function createRandomTraceId(): string {
  return randomBytes(16).toString('hex');
}

/** What to answer one request with; `send` turns it into bytes (or a reset) on the wire. */
interface Reply {
  status: number;
  body: string;
  headers?: Record<string, string>;
  /** Extra wait before answering, on top of latencyMs. */
  delayMs?: number;
  reset?: boolean;
  truncate?: boolean;
  /** Pad the body with leading blanks to this many bytes, streamed (FaultStep.bodyBytes). */
  bodyBytes?: number;
}

type LogEntry = EmulatorStats['log'][number];

/**
 * Starts a local stand-in of the NCLUE task API on `node:http`. Every request goes through, in order:
 * method/route → gateway authentication → rate limit → scripted fault → the route itself. Every
 * answer carries an `x-ncp-trace-id`.
 */
export async function createEmulator(options: EmulatorOptions): Promise<Emulator> {
  validateOptions(options);
  const gateway = new EmulatorGateway(options);
  const server = createServer((req, res) => {
    void gateway.handle(req, res);
  });
  const host = options.host ?? DEFAULT_HOST;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}${API_PREFIX}`,
    port,
    stats: gateway.stats,
    setTasks: (next) => gateway.setTasks(next),
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        // Pending delayed answers are dropped: their sockets are closed below.
        gateway.dropDelayedAnswers();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** The emulated gateway and task API behind the HTTP server: what each request is answered with, and when. */
class EmulatorGateway {
  readonly stats: EmulatorStats = { requests: 0, byStatus: {}, rateLimited: 0, log: [] };
  private readonly now: () => number;
  private readonly clockOffsetMs: number;
  private readonly skewMs: number;
  private readonly latencyMs: number;
  private readonly pagination: NonNullable<EmulatorOptions['pagination']>;
  private readonly totalMeaning: NonNullable<EmulatorOptions['total']>;
  private readonly listOmit: string[];
  private readonly traceId: () => string;
  private readonly credentials: { accessKey: string; secretKey: string };
  private readonly limiter: RateLimiter;
  private readonly faults: FaultScript;
  private readonly timers = new Set<NodeJS.Timeout>();
  private tasks: Array<Record<string, unknown>> = [];
  private tasksById = new Map<string, Record<string, unknown>>();

  constructor(options: EmulatorOptions) {
    this.now = options.now ?? Date.now;
    this.clockOffsetMs = options.clockOffsetMs ?? 0;
    this.skewMs = options.skewMs ?? DEFAULT_SKEW_MS;
    this.latencyMs = options.latencyMs ?? 0;
    this.pagination = options.pagination ?? 'offset';
    this.totalMeaning = options.total ?? 'account';
    this.listOmit = [...(options.listOmit ?? [])];
    this.traceId = options.traceId ?? createRandomTraceId;
    this.credentials = { accessKey: options.credentials.accessKey, secretKey: options.credentials.secretKey };
    this.limiter = createRateLimiter(options.rps, options.rateToleranceMs ?? DEFAULT_RATE_TOLERANCE_MS);
    this.faults = createFaultScript(options.faults);
    this.setTasks(options.tasks);
  }

  /** Replaces the account's tasks; a task ID listed twice is served as its first occurrence. */
  setTasks(next: Array<Record<string, unknown>>): void {
    this.tasks = [...next];
    this.tasksById = new Map();
    for (const task of this.tasks) {
      const id = task.task_id;
      if (typeof id === 'string' && !this.tasksById.has(id)) this.tasksById.set(id, task);
    }
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { stats } = this;
    stats.requests += 1;
    const entry: LogEntry = { method: req.method ?? '', path: req.url ?? '', status: 0, at: this.now() };
    stats.log.push(entry);
    req.resume();

    let reply: Reply;
    try {
      reply = this.decide(req, entry);
    } catch {
      reply = { status: 500, body: formatGatewayErrorBody(UNEXPECTED_ERROR) };
    }
    const waitMs = (reply.delayMs ?? 0) + this.latencyMs;
    if (waitMs > 0) await this.sleep(waitMs);
    if (res.destroyed || req.socket.destroyed) return;
    if (reply.reset === true) {
      req.socket.resetAndDestroy();
      return;
    }
    sendReply(res, reply, new Date(this.serverNow()).toUTCString(), this.traceId());
    entry.status = reply.status;
    stats.byStatus[reply.status] = (stats.byStatus[reply.status] ?? 0) + 1;
  }

  /** Clears the timers of answers still waiting for their delay. */
  dropDelayedAnswers(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private serverNow(): number {
    return this.now() + this.clockOffsetMs;
  }

  private decide(req: IncomingMessage, entry: LogEntry): Reply {
    const requestUri = req.url ?? '';
    if (req.method !== 'GET') {
      return {
        status: 405,
        body: formatGatewayErrorBody(
          BAD_REQUEST,
          `method ${req.method ?? ''} not allowed; only GET is served`,
        ),
        headers: { Allow: 'GET' },
      };
    }
    const route = matchRoute(requestUri);
    if (route.kind === 'not-found') return { status: 404, body: formatGatewayErrorBody(NOT_FOUND) };

    const auth = verifySignedRequest(
      { method: 'GET', requestUri, headers: req.headers, serverNowMs: this.serverNow(), skewMs: this.skewMs },
      this.credentials,
    );
    if (!auth.ok) return { status: 401, body: formatGatewayErrorBody(AUTHENTICATION_FAILED, auth.reason) };

    const rate = this.limiter.check(this.now());
    if (!rate.accepted) {
      this.stats.rateLimited += 1;
      return {
        status: 429,
        body: formatGatewayErrorBody(RATE_LIMITED),
        headers: { 'Retry-After': String(rate.retryAfterSeconds) },
      };
    }

    if (route.kind === 'list-tasks') return this.answerListRequest(route.query);

    const taskId = decodeTaskId(route.rawTaskId);
    if (taskId === undefined) {
      return {
        status: 400,
        body: formatGatewayErrorBody(BAD_REQUEST, 'malformed percent-encoding in task_id'),
      };
    }
    entry.taskId = taskId;
    const step = this.faults.next(ANY_REQUEST_KEY) ?? this.faults.next(taskId);
    return step === undefined ? this.serveTask(taskId) : applyFault(step, this.serveTask(taskId));
  }

  private answerListRequest(rawQuery: URLSearchParams): Reply {
    const step = this.faults.next(ANY_REQUEST_KEY) ?? this.faults.next(LIST_REQUESTS_KEY);
    const query = parseListQuery(rawQuery);
    const normal: Reply = query.ok
      ? {
          status: 200,
          body: JSON.stringify(
            selectTaskPage(this.tasks, query.index, query.limit, this.pagination, {
              total: this.totalMeaning,
              omit: this.listOmit,
            }),
          ),
        }
      : { status: 400, body: formatGatewayErrorBody(BAD_REQUEST, query.details) };
    return step === undefined ? normal : applyFault(step, normal);
  }

  private serveTask(taskId: string): Reply {
    const task = this.tasksById.get(taskId);
    if (task === undefined) return { status: 404, body: formatGatewayErrorBody(NOT_FOUND, 'task not found') };
    return { status: 200, body: JSON.stringify(task) };
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }
}

/** Writes the reply (status, headers, body) on the wire, padded or cut in half when a fault says so. */
function sendReply(res: ServerResponse, reply: Reply, date: string, traceId: string): void {
  const bytes = Buffer.from(reply.body, 'utf8');
  res.statusCode = reply.status;
  res.setHeader('Content-Type', JSON_CONTENT_TYPE);
  res.setHeader('Date', date);
  res.setHeader(TRACE_ID_HEADER, traceId);
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  if (reply.bodyBytes !== undefined && reply.bodyBytes > bytes.length) {
    streamPadded(res, reply.bodyBytes - bytes.length, bytes);
    return;
  }
  res.setHeader('Content-Length', String(bytes.length));
  if (reply.truncate === true) {
    res.flushHeaders();
    res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.socket?.destroy());
    return;
  }
  res.end(bytes);
}

/** Sends `blanks` spaces then `tail`, chunk by chunk with back-pressure, stopping if the client leaves. */
function streamPadded(res: ServerResponse, blanks: number, tail: Buffer): void {
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let left = blanks;
  const pump = (): void => {
    while (left > 0) {
      if (res.destroyed) return;
      const n = Math.min(left, chunk.length);
      left -= n;
      if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
        res.once('drain', pump);
        return;
      }
    }
    res.end(tail);
  };
  pump();
}

/**
 * A scripted step replaces or decorates the normal answer: `reset` drops the connection,
 * `errorCode`/`status`/`body` replace the answer (a code brings its status and message, a bare error
 * status the matching gateway body), `truncate` cuts it in half, `bodyBytes` pads it to an oversized
 * body, `delayMs`, `retryAfter` and `headers` (a `Content-Type: text/plain`, say) decorate whatever is
 * sent.
 */
function applyFault(step: FaultStep, normal: Reply): Reply {
  const headers: Record<string, string> = { ...step.headers };
  if (step.retryAfter !== undefined) headers['Retry-After'] = step.retryAfter;
  let { status, body } = normal;
  const coded = step.errorCode === undefined ? undefined : gatewayErrorForCode(step.errorCode);
  if (coded !== undefined && step.errorCode !== undefined) {
    status = step.status ?? coded.status;
    body = step.body ?? formatGatewayErrorBody({ errorCode: step.errorCode, message: coded.message });
  } else if (step.status !== undefined || step.body !== undefined) {
    status = step.status ?? 200;
    if (step.body !== undefined) body = step.body;
    else if (status >= 400) body = formatGatewayErrorBody(gatewayErrorForStatus(status));
  }
  return {
    status,
    body,
    headers,
    delayMs: step.delayMs ?? 0,
    reset: step.reset === true,
    truncate: step.truncate === true,
    ...(step.bodyBytes === undefined ? {} : { bodyBytes: step.bodyBytes }),
  };
}

function validateOptions(options: EmulatorOptions): void {
  const { accessKey, secretKey } = options.credentials;
  if (
    typeof accessKey !== 'string' ||
    accessKey === '' ||
    typeof secretKey !== 'string' ||
    secretKey === ''
  ) {
    throw new TypeError('credentials.accessKey and credentials.secretKey must be non-empty strings');
  }
  if (!Array.isArray(options.tasks)) throw new TypeError('tasks must be an array of task objects');
  for (const name of ['skewMs', 'latencyMs'] as const) {
    const value = options[name];
    if (value !== undefined && (!Number.isFinite(value) || value < 0)) {
      throw new TypeError(`${name} must be a finite number ≥ 0, got ${value}`);
    }
  }
  if (options.clockOffsetMs !== undefined && !Number.isFinite(options.clockOffsetMs)) {
    throw new TypeError(`clockOffsetMs must be a finite number, got ${options.clockOffsetMs}`);
  }
  if (options.pagination !== undefined && options.pagination !== 'offset' && options.pagination !== 'page') {
    throw new TypeError(`pagination must be 'offset' or 'page', got ${String(options.pagination)}`);
  }
  if (options.total !== undefined && options.total !== 'account' && options.total !== 'page') {
    throw new TypeError(`total must be 'account' or 'page', got ${String(options.total)}`);
  }
  if (options.listOmit !== undefined && !options.listOmit.every((f) => typeof f === 'string' && f !== '')) {
    throw new TypeError('listOmit must be an array of field names');
  }
}
