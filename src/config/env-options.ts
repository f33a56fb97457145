import { UsageError } from '../core/errors.js';
import { BUILT_IN_OPTIONS, type DeclaredOptions } from './declared-options.js';

/**
 * Checks the `NCLUE_REPORT_*` variables before yargs reads them. yargs would turn any boolean value but
 * the exact text `true` into false (`NCLUE_REPORT_WAIT=1` would silently not wait) and report an
 * unknown variable as "Unknown argument: sDir"; here both fail with the variable's own name.
 */
export function checkEnvOptions(env: NodeJS.ProcessEnv, prefix: string, declared: DeclaredOptions): void {
  const known = [...declared.strings, ...declared.booleans].filter((k) => !BUILT_IN_OPTIONS.has(k)).sort();
  const toVariable = (name: string): string => `${prefix}_${name.toUpperCase().replace(/-/g, '_')}`;
  for (const [variable, value] of Object.entries(env)) {
    if (!variable.startsWith(prefix) || value === undefined) continue;
    // yargs matches the bare prefix too (NCLUE_REPORTS_DIR would become the option "sDir").
    const rest = variable.slice(prefix.length);
    const name = rest.startsWith('_') ? rest.slice(1).toLowerCase().replace(/_/g, '-') : '';
    if (
      name === '' ||
      BUILT_IN_OPTIONS.has(name) ||
      !(declared.booleans.has(name) || declared.strings.has(name))
    ) {
      throw new UsageError(
        `environment variable ${variable} is not an nclue-report option (variables starting with ${prefix} set options: ${known.map(toVariable).join(', ')})`,
      );
    }
    if (declared.booleans.has(name) && value !== 'true' && value !== 'false') {
      throw new UsageError(`${variable} must be true or false, got ${JSON.stringify(value)}`);
    }
  }
}
