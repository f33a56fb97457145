/** Test helpers: an NCLUE client over a scripted fake transport, on a fake clock that starts at 0. */
import { createFakeClock, type FakeClock } from '../../src/client/clock.js';
import { createNclueClient, type NclueClient } from '../../src/client/nclue-client.js';
import { createRateGate } from '../../src/client/rate-gate.js';
import type { TransportRequest, TransportResponse } from '../../src/client/transport.js';
import { createFakeTransport, json, type FakeTransport, type Script } from './fake-transport.js';

export interface FakeClientOptions {
  rps: number;
  latencyMs?: number;
  scripts?: Record<string, Script[]>;
  /** Answers a request once its path's script has run out. */
  serve: (req: TransportRequest, clock: FakeClock) => TransportResponse;
  retries?: number;
}

export interface FakeClient {
  clock: FakeClock;
  transport: FakeTransport;
  client: NclueClient;
}

export function createFakeClient(opts: FakeClientOptions): FakeClient {
  const clock = createFakeClock(0);
  const transport = createFakeTransport(
    clock,
    opts.scripts ?? {},
    (req) => opts.serve(req, clock),
    opts.latencyMs ?? 0,
  );
  const client = createNclueClient({
    endpoint: 'https://nclue.example.test/api/v1',
    credentials: { accessKey: 'AK', secretKey: 'SK' },
    gate: createRateGate(opts.rps, clock),
    clock,
    transport,
    ...(opts.retries === undefined ? {} : { retries: opts.retries }),
    random: () => 0.5,
  });
  return { clock, transport, client };
}

/** The task ID a `GET /tasks/{id}` request asks for. */
export function taskIdOf(req: TransportRequest): string {
  return new URL(req.url).pathname.split('/').pop() ?? '';
}

/** Answers `GET /tasks/{id}` with a completed task of that ID. */
export function serveCompletedTask(req: TransportRequest): TransportResponse {
  return json(200, { task_id: taskIdOf(req), status: 'completed' });
}
