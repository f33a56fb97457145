import { describe, expect, it } from 'vitest';
import { createParser, formatHelp } from '../../src/cli/options.js';
import { describeOptionTable } from '../../src/cli/option-table.js';
import { findQuickAnswer } from '../../src/cli/quick-answer.js';
import { describeDeclaredOptions } from '../../src/config/declared-options.js';
import { runInProcess } from '../support/in-process.js';

const VERSION = '0.0.0-test';

describe('the option table', () => {
  it('declares what the yargs parser declares: the same flags, kinds and defaults', () => {
    const table = describeOptionTable();
    const parser = describeDeclaredOptions(createParser(VERSION));
    expect([...table.booleans]).toEqual([...parser.booleans]);
    expect([...table.strings]).toEqual([...parser.strings]);
    expect(table.defaults).toEqual(parser.defaults);
  });
});

describe('--help, --version and completion without the parser', () => {
  const forms = [
    ['--help'],
    ['-h'],
    ['--version'],
    ['completion'],
    ['completion', 'bash'],
    ['completion', 'zsh'],
    ['completion', 'fish'],
  ];

  /** Runs the parser's path in this process; yargs reads `process.env` itself, so it is set for the run. */
  async function runParser(argv: string[], env: Record<string, string>) {
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      return await runInProcess(argv, { env });
    } finally {
      for (const key of Object.keys(env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  }

  it.each(forms)('prints what the parser prints for %s %s', async (...argv) => {
    const envs: Array<Record<string, string>> = [{}, { NCLUE_REPORT_RPS: '2', NCLUE_REPORT_WAIT: 'true' }];
    for (const env of envs) {
      const quick = findQuickAnswer(argv, env, VERSION, 100);
      const parsed = await runParser(argv, env);
      expect(parsed.code).toBe(0);
      expect(quick).toBe(parsed.stdout);
    }
  });

  it('leaves every other command line to the parser', () => {
    for (const argv of [
      [],
      ['--help', '--fromat'],
      ['--version', 'x'],
      ['--help=true'],
      ['completion', 'tcsh'],
      ['completion', 'bash', 'zsh'],
      ['0f8c2d1e-9b7a-4c3d-8e2f-1a2b3c4d5e6f'],
    ])
      expect(findQuickAnswer(argv, {}, VERSION, 100), argv.join(' ')).toBeNull();
  });

  it('leaves the environment the parser would reject, or a --config file it would read, to the parser', () => {
    for (const env of [
      { NCLUE_REPORT_FOO: '1' },
      { NCLUE_REPORT_WAIT: '1' },
      { NCLUE_REPORT_HELP: 'true' },
      { NCLUE_REPORTS_DIR: 'x' },
      { NCLUE_REPORT_CONFIG: '/nonexistent/options.json' },
    ])
      expect(findQuickAnswer(['--help'], env, VERSION, 100), Object.keys(env)[0]).toBeNull();
  });

  it('wraps the help to the terminal width', () => {
    expect(findQuickAnswer(['--help'], {}, VERSION, 60)).toBe(`${formatHelp(60)}\n`);
    expect(findQuickAnswer(['--help'], {}, VERSION, undefined)).toBe(`${formatHelp(100)}\n`);
    expect(formatHelp(60)).not.toBe(formatHelp(100));
  });
});
