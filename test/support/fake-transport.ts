import type { Clock } from '../../src/client/clock.js';
import {
  TransportError,
  type Transport,
  type TransportRequest,
  type TransportResponse,
} from '../../src/client/transport.js';

export type Script =
  TransportResponse | TransportError | ((req: TransportRequest) => TransportResponse | TransportError);

export interface FakeTransport extends Transport {
  /** `START <uri> @t` / `END <uri> @t` lines, to assert order and overlap. */
  log: string[];
  requests: TransportRequest[];
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): TransportResponse {
  return { status, headers, body: typeof body === 'string' ? body : JSON.stringify(body) };
}

/**
 * A scripted transport: responses per path are consumed in order; when a path's script runs out,
 * `fallback` answers. Each request takes `latencyMs` of the (fake) clock.
 */
export function createFakeTransport(
  clock: Clock,
  scripts: Record<string, Script[]>,
  fallback: (req: TransportRequest) => TransportResponse = () =>
    json(404, { error: { errorCode: '300', message: 'Not Found Exception' } }),
  latencyMs = 0,
): FakeTransport {
  const log: string[] = [];
  const requests: TransportRequest[] = [];
  return {
    log,
    requests,
    async get(req) {
      requests.push(req);
      const path = new URL(req.url).pathname + new URL(req.url).search;
      log.push(`START ${path} @${clock.now()}`);
      req.onSent?.();
      if (latencyMs > 0) await clock.sleep(latencyMs, req.signal);
      log.push(`END ${path} @${clock.now()}`);
      const step = scripts[path]?.shift();
      const answer = step === undefined ? fallback(req) : typeof step === 'function' ? step(req) : step;
      if (answer instanceof TransportError) throw answer;
      return answer;
    },
    close: async () => undefined,
  };
}

/** The gateway's answer to a rejected key. */
export function authFailed(): TransportResponse {
  return json(401, { error: { errorCode: '200', message: 'Authentication Failed' } });
}

/** When each request started, from a fake transport's log. */
export function startTimes(log: string[]): number[] {
  return log.filter((l) => l.startsWith('START')).map((l) => Number(l.split('@')[1]));
}
