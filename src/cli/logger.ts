import { formatTerminalText } from '../core/format-terminal-text.js';

/** Progress, warnings and summaries go to stderr; stdout stays clean for data. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
}

export interface TextSink {
  write(text: string): unknown;
}

export function createLogger(stderr: TextSink, options: { verbose: boolean; quiet?: boolean }): Logger {
  // Each message is one line: a control character that slipped into one (server text a caller did
  // not pass through formatTerminalText) is shown escaped, never acted on.
  const line = (text: string): void => {
    stderr.write(`${formatTerminalText(text.replace(/\n$/, ''), Infinity)}\n`);
  };
  return {
    info: (m) => {
      if (!options.quiet) line(m);
    },
    warn: (m) => {
      if (!options.quiet) line(`warning: ${m}`);
    },
    error: (m) => line(`error: ${m}`),
    debug: (m) => {
      if (options.verbose) line(m);
    },
  };
}
