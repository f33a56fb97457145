import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  EXIT_CODE_LINES,
  OPTION_SPECS,
  formatHelp,
  formatOptionDefault,
  formatOptionFlag,
} from '../../src/cli/options.js';
import { ROOT } from '../support/cli.js';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The cells of the Markdown table rows that start with `| \`--`. */
function readOptionRows(text: string): Map<string, { kind: string; default: string }> {
  const rows = new Map<string, { kind: string; default: string }>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('| `--') && !line.startsWith('| `-h')) continue;
    const cells = line
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((c) => c.trim().replace(/\\\|/g, '|'));
    const flag = (cells[0] ?? '').replace(/`/g, '');
    rows.set(flag, { kind: cells[1] ?? '', default: (cells[2] ?? '').replace(/`/g, '') });
  }
  return rows;
}

describe('--help and the README agree', () => {
  const rows = readOptionRows(README);
  const help = formatHelp(100);

  it('on every option, its type and its default', () => {
    expect([...rows.keys()].sort()).toEqual(OPTION_SPECS.map(formatOptionFlag).sort());
    for (const spec of OPTION_SPECS) {
      const row = rows.get(formatOptionFlag(spec));
      expect(row?.kind, spec.name).toBe(spec.kind);
      expect(row?.default, spec.name).toBe(formatOptionDefault(spec) ?? '');
      expect(help, spec.name).toContain(`  ${formatOptionFlag(spec)}`);
      const shown = formatOptionDefault(spec);
      if (shown !== undefined) expect(help, spec.name).toContain(`[default: ${shown}]`);
    }
  });

  it('on the exit codes: the README table lists each one --help lists, and 143', () => {
    const table = README.slice(README.indexOf('## Exit codes'));
    const codes = [...table.matchAll(/^\| (\d+(?: \/ \d+)?) +\|/gm)].flatMap((m) =>
      (m[1] ?? '').split(' / '),
    );
    expect(codes).toEqual(['0', '1', '2', '3', '4', '5', '6', '130', '143']);
    for (const [code] of EXIT_CODE_LINES) expect(help).toMatch(new RegExp(`\\n  ${code} +\\S`));
    expect(help).toContain('143 for SIGTERM');
  });
});
