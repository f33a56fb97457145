import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import { Agent, EnvHttpProxyAgent, buildConnector, request, type Dispatcher } from 'undici';
import { chooseRoute, readProxySettings } from './proxy-route.js';

export interface TransportRequest {
  url: string;
  headers: Record<string, string>;
  /**
   * Attempt budget in ms: connect, headers and body; a body still arriving at MIN_BODY_BYTES_PER_S
   * when it runs out is read on until it ends or passes the size cap.
   */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Called when the request's headers are written to the socket: when it really leaves. */
  onSent?: () => void;
}

export interface TransportResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Largest response body read, in bytes: a task is a few KB and a list page of 100 under 1 MB, so a
 * bigger body is a broken or hostile server, and reading it on would only exhaust memory.
 */
export const MAX_RESPONSE_BODY_BYTES = 16 * 1024 * 1024;
/**
 * Slowest body read on past the attempt budget, in bytes per second (averaged from its headers). An
 * oversized body streamed slowly must end as "over the cap", not be cut by the budget, retried as a
 * time-out and downloaded again: at this pace the cap is reached within MAX_BODY_READ_MS.
 */
export const MIN_BODY_BYTES_PER_S = 64 * 1024;
/** Longest a body is read, in ms: the cap at MIN_BODY_BYTES_PER_S (256 s). */
export const MAX_BODY_READ_MS = (MAX_RESPONSE_BODY_BYTES / MIN_BODY_BYTES_PER_S) * 1000;
/** How often a body read on past the budget is checked for pace, in ms. */
const BODY_PACE_CHECK_MS = 1000;
/** The error of a body over MAX_RESPONSE_BODY_BYTES: the row's fetch_error, never retried. */
export const BODY_TOO_LARGE_MESSAGE = `response body over ${MAX_RESPONSE_BODY_BYTES / (1024 * 1024)} MiB`;

/**
 * A failure below HTTP: connection refused or reset, timeout, truncated body — transient, so retried —
 * or a body over the cap, which another attempt would only download again (`retryable` false).
 */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    message: string,
    readonly code: string,
    readonly retryable: boolean = true,
  ) {
    super(message);
  }
}

/** One GET; the only thing that touches the network. Swapped for a scripted fake in unit tests. */
export interface Transport {
  get(request: TransportRequest): Promise<TransportResponse>;
  /**
   * Opens up to `connections` connections to the origin of `url` (DNS, TCP, TLS) and keeps them for
   * the first requests, so that connection set-up never delays a request between the rate gate's
   * grant and its arrival at the server. Never rejects: a connection that fails to open is opened
   * again, and its error reported, by the request that needs it.
   */
  warmUp?(url: string, connections: number): Promise<void>;
  close(): Promise<void>;
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function bodyTooLarge(): TransportError {
  return new TransportError(BODY_TOO_LARGE_MESSAGE, 'EBODYTOOLARGE', false);
}

/**
 * Reads a body as UTF-8 text (a BOM dropped, as undici's text() does), counting bytes as they arrive:
 * past `limit` the stream is destroyed at once, so an endless body costs at most `limit` of memory.
 */
async function readBodyText(
  body: AsyncIterable<Uint8Array> & { destroy(): unknown },
  limit: number,
  progress: { received: number },
) {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    progress.received = size;
    if (size > limit) {
      body.destroy();
      throw bodyTooLarge();
    }
    chunks.push(chunk);
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}

function describeCause(error: unknown, timedOut: boolean): TransportError {
  if (timedOut) return new TransportError('timed out', 'ETIMEDOUT');
  const err = error as { code?: string; cause?: { code?: string }; message?: string };
  const code = err.code ?? err.cause?.code ?? 'EUNKNOWN';
  const known: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'connection reset',
    UND_ERR_SOCKET: 'connection closed by the server',
    UND_ERR_CONNECT_TIMEOUT: 'connect timed out',
    UND_ERR_HEADERS_TIMEOUT: 'timed out waiting for headers',
    UND_ERR_BODY_TIMEOUT: 'timed out reading the body',
    UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'truncated response body',
    ENOTFOUND: 'host not found',
    EAI_AGAIN: 'DNS lookup failed',
  };
  return new TransportError(known[code] ?? `network error (${code})`, code);
}

/** Time allowed to open one connection, in ms (undici's own default). */
const CONNECT_TIMEOUT_MS = 10_000;

interface WarmConnector {
  connect: buildConnector.connector;
  warmUp(url: URL, connections: number): Promise<void>;
  /** Closes the connections opened ahead and never used. */
  close(): void;
}

/** undici's connector, which first hands out the connections opened ahead by `warmUp`. */
function createWarmConnector(): WarmConnector {
  const open = buildConnector({ timeout: CONNECT_TIMEOUT_MS });
  const ready = new Map<string, Socket[]>();
  // undici connects with the brackets of an IPv6 literal removed; so does this key.
  const keyOf = (o: { protocol: string; hostname: string; port: string }): string =>
    `${o.protocol}//${o.hostname.replace(/^\[(.*)\]$/, '$1')}:${o.port}`;
  const take = (key: string): Socket | undefined => {
    const sockets = ready.get(key);
    for (let socket = sockets?.shift(); socket; socket = sockets?.shift()) {
      if (!socket.destroyed && socket.readyState === 'open') return socket;
      socket.destroy();
    }
    return undefined;
  };
  return {
    connect(options, callback) {
      const socket = take(keyOf(options));
      // undici expects the answer later, as from a real connect: a synchronous one stalls its queue.
      if (socket) process.nextTick(() => callback(null, socket));
      else open(options, callback);
    },
    async warmUp(url, connections) {
      const options = {
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
        host: url.host,
        port: url.port,
      };
      const key = keyOf(options);
      const opened = await Promise.all(
        Array.from(
          { length: connections },
          () =>
            new Promise<Socket | null>((resolve) => {
              open(options, (error, socket) => resolve(error ? null : socket));
            }),
        ),
      );
      const sockets = ready.get(key) ?? [];
      for (const socket of opened) {
        if (!socket) continue;
        // An idle socket closed by the server must not crash the process with an unhandled 'error'.
        socket.on('error', () => socket.destroy());
        sockets.push(socket);
      }
      ready.set(key, sockets);
    },
    close() {
      for (const sockets of ready.values()) for (const socket of sockets) socket.destroy();
      ready.clear();
    },
  };
}

/**
 * undici publishes the raw header block of each request as it writes it to the socket; a request
 * waiting to hear that it left is recognised by its header values (its signature is unique).
 */
function watchSentHeaders(): {
  awaitingSend: Set<{ marks: string[]; onSent: () => void }>;
  stopWatching: () => void;
} {
  const awaitingSend = new Set<{ marks: string[]; onSent: () => void }>();
  const onSendHeaders = (message: unknown): void => {
    const raw = (message as { headers?: unknown }).headers;
    if (typeof raw !== 'string') return;
    for (const entry of awaitingSend) {
      if (!entry.marks.every((mark) => raw.includes(mark))) continue;
      awaitingSend.delete(entry);
      entry.onSent();
      return;
    }
  };
  subscribe('undici:client:sendHeaders', onSendHeaders);
  return { awaitingSend, stopWatching: () => unsubscribe('undici:client:sendHeaders', onSendHeaders) };
}

/**
 * The undici transport. Honours HTTPS_PROXY / HTTP_PROXY / NO_PROXY of `env` when set (undici's
 * EnvHttpProxyAgent), except for loopback hosts, which are always reached directly (see chooseRoute);
 * otherwise a plain keep-alive Agent.
 */
export function createUndiciTransport(env: NodeJS.ProcessEnv = process.env): Transport {
  const settings = readProxySettings(env);
  const warm = createWarmConnector();
  const direct = new Agent({ keepAliveTimeout: 10_000, connect: warm.connect });
  const useProxy = settings.httpProxy !== undefined || settings.httpsProxy !== undefined;
  const proxied: Dispatcher = useProxy
    ? new EnvHttpProxyAgent({
        ...(settings.httpProxy === undefined ? {} : { httpProxy: settings.httpProxy }),
        ...(settings.httpsProxy === undefined ? {} : { httpsProxy: settings.httpsProxy }),
        ...(settings.noProxy === undefined ? {} : { noProxy: settings.noProxy }),
      })
    : direct;
  const { awaitingSend, stopWatching } = watchSentHeaders();
  return {
    async get({ url, headers, timeoutMs, signal, onSent }) {
      const waiting = onSent
        ? { marks: Object.values(headers).map((value) => `: ${value}\r\n`), onSent }
        : undefined;
      if (waiting) awaitingSend.add(waiting);
      const dispatcher = chooseRoute(url, settings).kind === 'direct' ? direct : proxied;
      const timeout = new AbortController();
      const combined = signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal;
      /** The body being read: bytes so far, and when its headers came. */
      let body: { received: number; since: number } | null = null;
      const checkDeadline = (): void => {
        const now = performance.now();
        const elapsed = body === null ? 0 : now - body.since;
        const keepsPace =
          body !== null &&
          elapsed < MAX_BODY_READ_MS &&
          body.received >= (elapsed / 1000) * MIN_BODY_BYTES_PER_S;
        if (keepsPace) timer = setTimeout(checkDeadline, BODY_PACE_CHECK_MS);
        else timeout.abort();
      };
      let timer = setTimeout(checkDeadline, timeoutMs);
      try {
        const response = await request(url, {
          method: 'GET',
          headers,
          dispatcher,
          signal: combined,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        });
        const declared = Number(response.headers['content-length']);
        if (Number.isFinite(declared) && declared > MAX_RESPONSE_BODY_BYTES) {
          response.body.destroy();
          throw bodyTooLarge();
        }
        body = { received: 0, since: performance.now() };
        const text = await readBodyText(response.body, MAX_RESPONSE_BODY_BYTES, body);
        return { status: response.statusCode, headers: flattenHeaders(response.headers), body: text };
      } catch (error) {
        if (error instanceof TransportError) throw error;
        if (signal?.aborted) throw signal.reason;
        // The agent itself was closed: the run is ending, and retrying cannot help.
        const code = (error as { code?: string }).code;
        if (code === 'UND_ERR_DESTROYED' || code === 'UND_ERR_CLOSED') throw error;
        throw describeCause(error, timeout.signal.aborted);
      } finally {
        clearTimeout(timer);
        if (waiting) awaitingSend.delete(waiting);
      }
    },
    async warmUp(url, connections) {
      // Through a proxy the connection is the proxy's to open: nothing to do ahead.
      if (chooseRoute(url, settings).kind !== 'direct') return;
      await warm.warmUp(new URL(url), Math.max(1, Math.floor(connections)));
    },
    close: async () => {
      stopWatching();
      warm.close();
      await direct.close();
      if (proxied !== direct) await proxied.close();
    },
  };
}
