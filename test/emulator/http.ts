/** Test helpers: raw, signed HTTP calls against an in-process emulator on 127.0.0.1. */
import { Agent } from 'undici';
import { signRequest, type Credentials } from '../../src/client/sign.js';
import type { Emulator } from '../../src/emulator/index.js';

export const CREDENTIALS: Credentials = {
  accessKey: 'AKIDEXAMPLE0001',
  secretKey: 'SECRETEXAMPLE0001',
};

/** 2024-11-26T02:48:16Z, the timestamp of the signature test vectors in docs/api.md, "Signature". */
export const T0 = 1_732_589_296_000;

/** A clock the emulator reads through `now`; tests move it instead of sleeping. */
export interface FakeClock {
  ms: number;
  now: () => number;
}

export function createFakeClock(start = T0): FakeClock {
  const clock: FakeClock = { ms: start, now: () => clock.ms };
  return clock;
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: () => unknown;
}

export interface GetOptions {
  /** Timestamp to sign with; default the clock passed to createHttp. */
  timestampMs?: number;
  credentials?: Credentials;
  /** URI to sign if it differs from the one sent (to provoke a mismatch). */
  signedUri?: string;
  /** Replaces the signed headers entirely (e.g. to drop one). */
  headers?: Record<string, string>;
  method?: string;
}

/**
 * Sends `GET {requestUri}` exactly as given (no URL normalisation): undici's dispatcher API takes the
 * path verbatim, which is what the emulator verifies the signature over.
 */
export function createHttp(clock: FakeClock) {
  const agent = new Agent({ keepAliveTimeout: 1_000, connections: 4 });

  async function send(emulator: Emulator, requestUri: string, options: GetOptions = {}): Promise<Reply> {
    const method = options.method ?? 'GET';
    const headers =
      options.headers ??
      signRequest(
        method,
        options.signedUri ?? requestUri,
        options.timestampMs ?? clock.ms,
        options.credentials ?? CREDENTIALS,
      );
    const response = await agent.request({
      origin: `http://127.0.0.1:${emulator.port}`,
      path: requestUri,
      method: method as 'GET',
      headers,
      headersTimeout: 5_000,
      bodyTimeout: 5_000,
    });
    const text = await response.body.text();
    return {
      status: response.statusCode,
      headers: response.headers,
      text,
      json: () => JSON.parse(text) as unknown,
    };
  }

  /** Like send, but returns the raw undici response so a test can watch the body fail. */
  async function sendRaw(emulator: Emulator, requestUri: string) {
    return agent.request({
      origin: `http://127.0.0.1:${emulator.port}`,
      path: requestUri,
      method: 'GET',
      headers: signRequest('GET', requestUri, clock.ms, CREDENTIALS),
      headersTimeout: 5_000,
      bodyTimeout: 5_000,
    });
  }

  return { send, sendRaw, close: () => agent.close() };
}

/** Task fixtures shaped like the Get-task response. */
export function makeTask(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    task_id: id,
    task_name: `task ${id}`,
    status: 'completed',
    created_at: '2024-11-26T11:48:16',
    completed_at: '2024-11-26T11:49:55',
    AUROC: '0.7681659649879657',
    line_count: 93734,
    disk_usage: 42582684,
    fail_message: null,
    ...extra,
  };
}
