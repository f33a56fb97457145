import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { listCompletionWords } from '../../src/cli/completion.js';
import { FORMATS, createParser } from '../../src/cli/options.js';
import { describeDeclaredOptions } from '../../src/config/declared-options.js';
import { runCli } from '../support/cli.js';

const run = promisify(execFile);

describe('nclue-report completion', () => {
  let script: string;
  let scriptPath: string;
  let home: string;

  beforeAll(async () => {
    const r = await runCli(['completion']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    script = r.stdout;
    home = await mkdtemp(join(tmpdir(), 'nclue-completion-'));
    scriptPath = join(home, 'nclue-report.bash');
    await writeFile(scriptPath, script);
    await mkdir(join(home, '.ncloud'));
    await writeFile(
      join(home, '.ncloud', 'configure'),
      '[DEFAULT]\nncloud_access_key_id = a\n[prod]\n[staging] ; test\n',
    );
  });

  /** What bash offers for the words typed so far (the last one is being completed). */
  async function complete(...words: string[]): Promise<string[]> {
    const program = [
      'source "$1"; shift',
      'COMP_WORDS=(nclue-report "$@"); COMP_CWORD=$#',
      '_nclue_report_completions',
      'printf "%s\\n" "${COMPREPLY[@]}"',
    ].join('\n');
    const { stdout } = await run('bash', ['-c', program, 'bash', scriptPath, ...words], {
      env: { PATH: process.env.PATH, HOME: home },
    });
    return stdout.split('\n').filter((l) => l !== '');
  }

  it('prints a bash script that registers the completion function, zsh-ready via bashcompinit', () => {
    expect(script).toContain('complete -o default -F _nclue_report_completions nclue-report');
    expect(script).toContain('bashcompinit');
  });

  it('is valid bash', async () => {
    await expect(run('bash', ['-n', scriptPath])).resolves.toBeDefined();
  });

  it('completes flags from the parser declarations, --no- forms for default-true booleans', async () => {
    expect(await complete('--wai')).toEqual(['--wait', '--wait-timeout']);
    expect(await complete('--no-b')).toEqual(['--no-bom']);
    expect(await complete('--pro')).toEqual(['--profile', '--progress']);
  });

  it('completes option values: formats, strategies, templates', async () => {
    expect(await complete('--format', '')).toEqual([...FORMATS, FORMATS.join(',')]);
    expect(await complete('--strategy', 'l')).toEqual(['list']);
    // bash splits --format=xl into three words at the "=".
    expect(await complete('--format', '=', 'xl')).toEqual(['xlsx']);
    expect(await complete('--strategy', '=')).toEqual(['auto', 'get', 'list']);
    expect(await complete('--template', 'd')).toContain('default');
  });

  it('offers the profiles of ~/.ncloud/configure after --profile', async () => {
    expect(await complete('--profile', '')).toEqual(['DEFAULT', 'prod', 'staging']);
    expect(await complete('--profile', 'p')).toEqual(['prod']);
  });

  it('leaves file names to the shell after --ids and --config, and offers nothing after free values', async () => {
    expect(await complete('--ids', '')).toEqual([]);
    expect(await complete('--rps', '')).toEqual([]);
  });

  it('offers the completion command as the first word', async () => {
    expect(await complete('comp')).toEqual(['completion']);
  });

  it('lists every declared long option', () => {
    const words = listCompletionWords(describeDeclaredOptions(createParser('0.0.0')));
    expect(words).toEqual(
      expect.arrayContaining([
        '--all',
        '--config',
        '--dry-run',
        '--ids',
        '--no-escape-formulas',
        '--no-progress',
        '--help',
        '--version',
      ]),
    );
    expect(words).not.toContain('--no-wait');
  });
});
