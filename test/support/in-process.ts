import { Readable } from 'node:stream';
import type { Clock } from '../../src/client/clock.js';
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
    clock?: Clock;
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
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.interrupt ? { interrupt: options.interrupt } : {}),
  });
  return { code, stdout, stderr };
}
