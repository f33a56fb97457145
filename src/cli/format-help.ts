import {
  COMPLETION_SHELLS,
  OPTION_SPECS,
  USAGE,
  EXAMPLES_HELP,
  EXIT_CODES_HELP,
  formatOptionDefault,
  formatOptionFlag,
} from './option-table.js';

/** Words of `text` wrapped to `width` columns; a tag such as `[default: ./reports]` is never split. */
function wrapWords(words: readonly string[], width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

const FLAG_COLUMN = 26;

/**
 * The whole --help text: usage, commands, every option with its type and default (each tag after a
 * space), examples and the exit codes. Written here rather than by yargs, whose help shows numbers as
 * `[string]` and runs tags into the text.
 */
export function formatHelp(columns = 100): string {
  const width = Math.max(60, Math.min(110, columns));
  const optionLines = OPTION_SPECS.flatMap((spec) => {
    const shown = formatOptionDefault(spec);
    const tags = [`[${spec.kind}]`, ...(shown === undefined ? [] : [`[default: ${shown}]`])];
    const words = [...spec.describe.split(' '), ...tags];
    const text = wrapWords(words, width - FLAG_COLUMN - 2);
    const flag = `  ${formatOptionFlag(spec)}`;
    const first =
      flag.length < FLAG_COLUMN
        ? `${flag.padEnd(FLAG_COLUMN)}${text[0] ?? ''}`
        : `${flag}\n${' '.repeat(FLAG_COLUMN)}${text[0] ?? ''}`;
    return [first, ...text.slice(1).map((l) => `${' '.repeat(FLAG_COLUMN)}${l}`)];
  });
  return [
    `Usage:\n${USAGE}`,
    `Commands:
  nclue-report [TASK_ID ...]        write the report (the default command)
  nclue-report completion [SHELL]   print a completion script for ${COMPLETION_SHELLS.join(', ')} (default bash)`,
    `Options:\n${optionLines.join('\n')}`,
    EXAMPLES_HELP,
    EXIT_CODES_HELP,
  ].join('\n\n');
}
