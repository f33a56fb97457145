import { readFileSync } from 'node:fs';
import { AuthError, UsageError } from '../errors.js';
import { EXIT_AUTH, EXIT_INTERNAL, EXIT_SIGINT, EXIT_SIGTERM, EXIT_USAGE } from './exit-codes.js';
import { runCli } from './run.js';

/** How long in-flight requests may finish after Ctrl-C before they are cut, in ms. */
const INTERRUPT_GRACE_MS = 10_000;

function readVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

/** The error boundary: the only place that sets the process's exit code. */
async function main(): Promise<void> {
  const stop = new AbortController();
  const cancel = new AbortController();
  let received: NodeJS.Signals | null = null;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (received !== null) {
      // A second Ctrl-C: leave at once.
      process.stderr.write(`\n${signal} again: exiting now\n`);
      process.exit(signal === 'SIGTERM' ? EXIT_SIGTERM : EXIT_SIGINT);
    }
    received = signal;
    process.stderr.write(`\n${signal}: finishing requests in flight, then writing what was fetched (press Ctrl-C again to quit now)\n`);
    stop.abort(new Error(signal));
    setTimeout(() => cancel.abort(new Error(signal)), INTERRUPT_GRACE_MS).unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let code: number;
  try {
    code = await runCli(process.argv.slice(2), {
      env: process.env,
      stdin: process.stdin,
      stdout: process.stdout,
      stderr: process.stderr,
      version: readVersion(),
      interrupt: { stop: stop.signal, cancel: cancel.signal, signal: () => received },
    });
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`nclue-report: ${error.message}\nRun nclue-report --help for usage.\n`);
      code = EXIT_USAGE;
    } else if (error instanceof AuthError) {
      process.stderr.write(`nclue-report: ${error.message}\nNo report was written.\n`);
      code = EXIT_AUTH;
    } else {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      process.stderr.write(`nclue-report: unexpected internal error: ${message}\n`);
      code = EXIT_INTERNAL;
    }
  }
  process.exitCode = code;
}

await main();
