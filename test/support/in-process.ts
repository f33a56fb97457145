import { Readable } from 'node:stream';
import type { FakeClock } from '../../src/client/clock.js';
import { createUndiciTransport } from '../../src/client/transport.js';
import { runWithBoundary } from '../../src/cli/boundary.js';

export interface InProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in this process with an injected clock, so backoff and Retry-After cost no real time. */
export async function runInProcess(
  argv: string[],
  options: {
    env: Record<string, string>;
    clock?: FakeClock;
    stdin?: string;
    interrupt?: { stop: AbortSignal; cancel: AbortSignal; signal(): NodeJS.Signals | null };
  },
): Promise<InProcessResult> {
  let stdout = '';
  let stderr = '';
  const code = await runWithBoundary(argv, {
    env: { HOME: '/nonexistent-home-for-tests', ...options.env },
    stdin: Readable.from([Buffer.from(options.stdin ?? '')]),
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t), isTTY: false },
    version: '0.0.0-test',
    ...(options.clock
      ? { clock: options.clock, createTransport: () => holdingTransport(options.clock!) }
      : {}),
    ...(options.interrupt ? { interrupt: options.interrupt } : {}),
  });
  return { code, stdout, stderr };
}

/** The real HTTP transport, with virtual time held still while each request is on the wire. */
function holdingTransport(clock: FakeClock) {
  const transport = createUndiciTransport({});
  return {
    get: (request: Parameters<typeof transport.get>[0]) => clock.hold(transport.get(request)),
    close: () => transport.close(),
  };
}
