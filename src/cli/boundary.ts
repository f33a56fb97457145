import { StopRunError, UsageError } from '../core/errors.js';
import { EXIT_AUTH, EXIT_INTERNAL, EXIT_USAGE } from './exit-codes.js';
import { runCli, type CliIo } from './run-cli.js';
import { formatTerminalText } from '../core/format-terminal-text.js';

/**
 * System error codes that say the machine ran out of something or failed, not that the command line
 * was wrong: after such a message, "--help for usage" would only mislead.
 */
const SYSTEM_FAILURE = /\b(ENOSPC|EDQUOT|EROFS|EIO|ENOMEM|EMFILE|ENFILE)\b/;

/** What to do after a UsageError: read --help, unless the cause was the system's (a full disk…). */
export function describeNextStep(message: string): string {
  const code = SYSTEM_FAILURE.exec(message)?.[1];
  if (code === undefined) return 'Run nclue-report --help for usage.';
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return 'The disk is full: free space where the run writes (--out, and the temporary folder, TMPDIR), then run again.';
  }
  return `The system refused it (${code}): fix that, then run again.`;
}

/**
 * The error boundary: runs the CLI and maps typed errors to exit codes and one clear message on
 * stderr. Used by the process entry (main.ts) and, in-process, by tests.
 */
export async function runWithBoundary(argv: string[], io: CliIo): Promise<number> {
  try {
    return await runCli(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      const message = formatTerminalText(error.message, Infinity);
      io.stderr.write(`nclue-report: ${message}\n${describeNextStep(message)}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof StopRunError) {
      io.stderr.write(
        `nclue-report: ${formatTerminalText(error.message, Infinity)}\nNo report was written.\n`,
      );
      return EXIT_AUTH;
    }
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    // A stack's lines stay lines; anything else a terminal would act on is shown escaped.
    const shown = message
      .split('\n')
      .map((line) => formatTerminalText(line, Infinity))
      .join('\n');
    io.stderr.write(`nclue-report: unexpected internal error: ${shown}\n`);
    return EXIT_INTERNAL;
  }
}
