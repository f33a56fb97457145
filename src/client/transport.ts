import { Agent, EnvHttpProxyAgent, request, type Dispatcher } from 'undici';
import { chooseRoute, readProxySettings } from './proxy-route.js';

export interface TransportRequest {
  url: string;
  headers: Record<string, string>;
  /** Whole-attempt budget in ms: connect, headers and body. */
  timeoutMs: number;
  signal?: AbortSignal;
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
async function readBodyText(body: AsyncIterable<Uint8Array> & { destroy(): unknown }, limit: number) {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
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

/**
 * The undici transport. Honours HTTPS_PROXY / HTTP_PROXY / NO_PROXY of `env` when set (undici's
 * EnvHttpProxyAgent), except for loopback hosts, which are always reached directly (see chooseRoute);
 * otherwise a plain keep-alive Agent.
 */
export function createUndiciTransport(env: NodeJS.ProcessEnv = process.env): Transport {
  const settings = readProxySettings(env);
  const direct = new Agent({ keepAliveTimeout: 10_000 });
  const useProxy = settings.httpProxy !== undefined || settings.httpsProxy !== undefined;
  const proxied: Dispatcher = useProxy
    ? new EnvHttpProxyAgent({
        ...(settings.httpProxy === undefined ? {} : { httpProxy: settings.httpProxy }),
        ...(settings.httpsProxy === undefined ? {} : { httpsProxy: settings.httpsProxy }),
        ...(settings.noProxy === undefined ? {} : { noProxy: settings.noProxy }),
      })
    : direct;
  return {
    async get({ url, headers, timeoutMs, signal }) {
      const dispatcher = chooseRoute(url, settings).kind === 'direct' ? direct : proxied;
      const timeout = AbortSignal.timeout(timeoutMs);
      const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
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
        const body = await readBodyText(response.body, MAX_RESPONSE_BODY_BYTES);
        return { status: response.statusCode, headers: flattenHeaders(response.headers), body };
      } catch (error) {
        if (error instanceof TransportError) throw error;
        if (signal?.aborted) throw signal.reason;
        // The agent itself was closed: the run is ending, and retrying cannot help.
        const code = (error as { code?: string }).code;
        if (code === 'UND_ERR_DESTROYED' || code === 'UND_ERR_CLOSED') throw error;
        throw describeCause(error, timeout.aborted);
      }
    },
    close: async () => {
      await direct.close();
      if (proxied !== direct) await proxied.close();
    },
  };
}
