import { readdirSync, readFileSync } from 'node:fs';
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

/** The one page that states each option, its type and default, and the exit codes. */
const OPTIONS_PAGE = readFileSync(join(ROOT, 'docs', 'options.md'), 'utf8');
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

/** The codes in the first column of the table after `heading`: `130 / 143` counts as both. */
function readExitCodes(text: string, heading: string): string[] {
  const start = text.indexOf(heading);
  if (start === -1) return [];
  const end = text.indexOf('\n#', start + heading.length);
  const section = text.slice(start, end === -1 ? undefined : end);
  return [...section.matchAll(/^\| (\d+(?: \/ \d+)?) +\|/gm)].flatMap((m) => (m[1] ?? '').split(' / '));
}

describe('--help and docs/options.md agree', () => {
  const rows = readOptionRows(OPTIONS_PAGE);
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

  it('on the exit codes: the table lists each one --help lists, and 143', () => {
    const codes = readExitCodes(OPTIONS_PAGE, '### Exit codes');
    expect(codes).toEqual(['0', '1', '2', '3', '4', '5', '6', '130', '143']);
    for (const [code] of EXIT_CODE_LINES) expect(help).toMatch(new RegExp(`\\n  ${code} +\\S`));
    expect(help).toContain('143 for SIGTERM');
  });
});

describe('each option and exit code is stated once, in docs/options.md', () => {
  it('the README has no option table and no exit-code table, and links to both', () => {
    expect([...readOptionRows(README).keys()]).toEqual([]);
    expect(README).not.toMatch(/^\| \d+(?: \/ \d+)? +\|/m);
    expect(README).toContain('](docs/options.md#options)');
    expect(README).toContain('](docs/options.md#exit-codes)');
  });

  it('no other docs page copies the option table or the exit codes', () => {
    for (const page of readdirSync(join(ROOT, 'docs')).filter(
      (f) => f.endsWith('.md') && f !== 'options.md',
    )) {
      const text = readFileSync(join(ROOT, 'docs', page), 'utf8');
      // A page may explain an option of its own topic (the emulator's --rps); a table of several of
      // the report's options is a second copy of the reference.
      const copied = [...readOptionRows(text).keys()].filter((flag) =>
        OPTION_SPECS.some((spec) => formatOptionFlag(spec) === flag),
      );
      expect(copied.length, `${page}: ${copied.join(', ')}`).toBeLessThan(2);
      expect(text, page).not.toMatch(/^#+ .*exit codes/im);
    }
  });
});
