import { AuthError, UsageError } from '../errors.js';
import { EXIT_AUTH, EXIT_INTERNAL, EXIT_USAGE } from './exit-codes.js';
import { runCli, type CliIo } from './run.js';
import { formatTerminalText } from '../format-terminal-text.js';

/**
 * The error boundary: runs the CLI and maps typed errors to exit codes and one clear message on
 * stderr. Used by the process entry (main.ts) and, in-process, by tests.
 */
export async function runWithBoundary(argv: string[], io: CliIo): Promise<number> {
  try {
    return await runCli(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(
        `nclue-report: ${formatTerminalText(error.message, Infinity)}\nRun nclue-report --help for usage.\n`,
      );
      return EXIT_USAGE;
    }
    if (error instanceof AuthError) {
      io.stderr.write(
        `nclue-report: ${formatTerminalText(error.message, Infinity)}\nNo report was written.\n`,
      );
      return EXIT_AUTH;
    }
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr.write(`nclue-report: unexpected internal error: ${message}\n`);
    return EXIT_INTERNAL;
  }
}
