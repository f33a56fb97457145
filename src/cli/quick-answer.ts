import { checkEnvOptions } from '../config/env-options.js';
import { createCompletionScript, isCompletionShell } from './completion.js';
import { formatHelp } from './format-help.js';
import { ENV_PREFIX, describeOptionTable } from './option-table.js';

/**
 * What `--help`, `-h`, `--version`, `completion` and `completion SHELL` print, made without yargs and
 * without the rest of the CLI; null for any other command line, which goes to the parser.
 *
 * Shell start-up runs `source <(nclue-report completion bash)` and people type --help often, so these
 * answers load only the option table (issue "Start-up": at most twice `node -e 0`). The answer is the
 * parser's own whenever the parser could not fail first: the arguments are exactly one of these forms,
 * every NCLUE_REPORT_* variable is one the parser accepts, and none names a --config file (which the
 * parser reads, and may reject, even for --help). Anything else (`--help --fromat`, a bad variable,
 * `completion tcsh`) is left to the parser and its error messages.
 */
export function findQuickAnswer(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  version: string,
  columns: number | undefined,
): string | null {
  const answer = (): (() => string) | null => {
    const [first, second, ...rest] = argv;
    if (rest.length > 0) return null;
    if (second === undefined && (first === '--help' || first === '-h'))
      return () => `${formatHelp(columns ?? 100)}\n`;
    if (second === undefined && first === '--version') return () => `${version}\n`;
    if (first === 'completion' && (second === undefined || isCompletionShell(second)))
      return () => createCompletionScript(second);
    return null;
  };
  const quick = answer();
  if (quick === null || env[`${ENV_PREFIX}_CONFIG`] !== undefined) return null;
  try {
    checkEnvOptions(env, ENV_PREFIX, describeOptionTable());
  } catch {
    return null;
  }
  return quick();
}
