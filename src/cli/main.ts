import { readFileSync } from 'node:fs';
import { EXIT_SIGINT, EXIT_SIGTERM } from './exit-codes.js';
import { findQuickAnswer } from './quick-answer.js';

/** How long in-flight requests may finish after Ctrl-C before they are cut, in ms. */
const INTERRUPT_GRACE_MS = 10_000;

function readVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? '0.0.0';
}

/** The process entry: signals in, exit code out. The only place that sets the process's exit code. */
async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const version = readVersion();
  // --help, --version and completion scripts are answered before the parser and the pipeline load.
  const quick = findQuickAnswer(argv, process.env, version, process.stdout.columns);
  if (quick !== null) {
    process.stdout.write(quick);
    process.exitCode = 0;
    return;
  }
  const { runWithBoundary } = await import('./boundary.js');
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
    process.stderr.write(
      `\n${signal}: finishing requests in flight, then writing what was fetched (press Ctrl-C again to quit now)\n`,
    );
    stop.abort(new Error(signal));
    setTimeout(() => cancel.abort(new Error(signal)), INTERRUPT_GRACE_MS).unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const code = await runWithBoundary(argv, {
    env: process.env,
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    version,
    interrupt: { stop: stop.signal, cancel: cancel.signal, signal: () => received },
  });
  // Everything the run started has been awaited: its files are written and renamed, the lock is
  // released, the connections are closed. Leaving now rather than when the event loop drains skips
  // tearing down the heap (about 30 ms after a report run); the output is flushed first, as a pipe
  // may take it asynchronously.
  await Promise.all([flush(process.stdout), flush(process.stderr)]);
  process.exit(code);
}

/** Resolves once what was written to the stream has been handed to the operating system. */
function flush(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((done) => {
    if (stream.destroyed || !stream.writable) done();
    else stream.write('', () => done());
  });
}

await main();
