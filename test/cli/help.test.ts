import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyPositional } from '../../src/cli/check-positional-ids.js';
import { OPTION_SPECS, findClosestOption, formatHelp, suggestOption } from '../../src/cli/options.js';
import { runCli } from '../support/cli.js';

describe('--help', () => {
  const help = formatHelp(100);

  it('tags numbers as [number], with a space before every tag', () => {
    for (const name of ['rps', 'timeout', 'retries', 'concurrency', 'wait-timeout', 'fail-on-regression']) {
      const line = help.split('\n').findIndex((l) => l.startsWith(`  --${name} `));
      const block = help
        .split('\n')
        .slice(line, line + 3)
        .join(' ');
      expect(block, name).toContain(' [number]');
    }
    expect(help).not.toMatch(/\S\[(string|number|boolean|default)/);
    expect(help).toContain('[default: 1]');
  });

  it('shows the default of --template', () => {
    expect(help).toMatch(/--template NAME\|FILE[^\n]*(\n {26}[^\n]*)*\[default: default\]/);
  });

  it('has examples: a first run, a monthly run with --compare, cron, a dry run', () => {
    const examples = help.slice(help.indexOf('Examples:'), help.indexOf('Exit codes:'));
    expect(examples).toMatch(/First run/);
    expect(examples).toMatch(/--compare reports/);
    expect(examples).toMatch(/Cron.*\n.*--quiet --fail-on-regression/);
    expect(examples).toMatch(/--dry-run/);
  });

  it('lists every option and every exit code, never wider than asked', () => {
    for (const spec of OPTION_SPECS) expect(help).toContain(`--${spec.name}`);
    for (const code of ['0', '1', '2', '3', '4', '5', '6', '130'])
      expect(help).toMatch(new RegExp(`\\n  ${code} +\\S`));
    expect(help).toContain('143');
    for (const line of formatHelp(80).split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
  });

  it('is what `nclue-report --help` prints, exit 0', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${help}\n`);
  });
});

describe('a mistyped option', () => {
  it.each([
    ['fromat', 'format'],
    ['formta', 'format'],
    ['comapre', 'compare'],
    ['fail-on-regresion', 'fail-on-regression'],
    ['conc', 'concurrency'],
    ['dryrun', 'dry-run'],
  ])('--%s → --%s', (typed, meant) => {
    expect(findClosestOption(typed)).toBe(meant);
  });

  it('suggests nothing for a word close to no option', () => {
    expect(findClosestOption('xyzzy')).toBeNull();
    expect(suggestOption('Unknown argument: xyzzy')).toBe('unknown option --xyzzy');
  });

  it('names a typed dashed flag once, although yargs reports it twice', async () => {
    expect(suggestOption('Unknown arguments: fail-on-regresion, failOnRegresion')).toBe(
      'unknown option --fail-on-regresion: did you mean --fail-on-regression?',
    );
    const r = await runCli(['--fail-on-regresion', '0.02', '00000000-0000-4000-8000-000000000000']);
    expect(r.code).toBe(2);
    expect(r.stderr.match(/unknown option --fail-on-regresion/g)).toHaveLength(1);
  });

  it('exits 2 with "did you mean --format?"', async () => {
    const r = await runCli(['--fromat', 'csv', '00000000-0000-4000-8000-000000000000']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown option --fromat: did you mean --format?');
  });

  it.each(['ko_KR.UTF-8', 'ja_JP.UTF-8'])('reads the same under LANG=%s', async (lang) => {
    const env = { LANG: lang, LC_ALL: lang };
    const typo = await runCli(['--fromat', 'csv', '00000000-0000-4000-8000-000000000000'], { env });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('unknown option --fromat: did you mean --format?');
    const missing = await runCli(['--rps'], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Not enough arguments following: rps');
  });
});

describe('a file where a task ID belongs', () => {
  it('classifies files, folders, paths and a mistyped command; leaves IDs and other words alone', () => {
    const none = (): null => null;
    expect(classifyPositional('ids.txt', () => 'file')).toBe('file');
    expect(classifyPositional('reports', () => 'folder')).toBe('folder');
    expect(classifyPositional('lists/ids', none)).toBe('path');
    expect(classifyPositional('ids.csv', none)).toBe('path');
    expect(classifyPositional('completon', none)).toBe('command');
    expect(classifyPositional('0f8c2d1e-9b7a-4c3d-8e2f-1a2b3c4d5e6f', () => 'file')).toBeNull();
    expect(classifyPositional('not-an-id', none)).toBeNull();
  });

  it('exits 2 with "ids.txt is a file: did you mean --ids ids.txt?" and sends nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nclue-positional-'));
    await writeFile(join(dir, 'ids.txt'), '0f8c2d1e-9b7a-4c3d-8e2f-1a2b3c4d5e6f\n');
    const r = await runCli(['ids.txt'], {
      cwd: dir,
      env: { NCLOUD_ACCESS_KEY: 'a', NCLOUD_SECRET_KEY: 'b', NCLUE_ENDPOINT: 'http://127.0.0.1:9' },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('ids.txt is a file: did you mean --ids ids.txt?');
    const missing = await runCli(['./lists/ids.txt'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('did you mean --ids ./lists/ids.txt?');
  });
});
