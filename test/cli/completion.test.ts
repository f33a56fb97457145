import { execFile, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { listCompletionWords } from '../../src/cli/completion.js';
import { FORMATS } from '../../src/core/formats.js';
import { createParser } from '../../src/cli/options.js';
import { describeDeclaredOptions } from '../../src/config/declared-options.js';
import { runCli } from '../support/cli.js';

const run = promisify(execFile);
/** zsh and fish are checked by running them where installed; the scripts' shape is checked everywhere. */
const hasShell = (name: string): boolean => spawnSync(name, ['-c', 'true']).status === 0;

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

  it('prints a bash script that registers the completion function', () => {
    expect(script).toContain('complete -o default -F _nclue_report_completions nclue-report');
  });

  it('completion bash is the same script; the shell names are completed after "completion"', async () => {
    const bash = await runCli(['completion', 'bash']);
    expect(bash.code).toBe(0);
    expect(bash.stdout).toBe(script);
    expect(await complete('completion', '')).toEqual(['bash', 'zsh', 'fish']);
  });

  it('refuses a shell it has no script for, exit 2, and prints no script', async () => {
    const r = await runCli(['completion', 'tcsh']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('no completion script for "tcsh": choose one of bash, zsh, fish');
  });

  it('prints a native zsh script: #compdef, _arguments, compdef; valid zsh', async () => {
    const r = await runCli(['completion', 'zsh']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('#compdef nclue-report\n')).toBe(true);
    expect(r.stdout).toContain('compdef _nclue_report nclue-report');
    expect(r.stdout).toMatch(/'--format=\[[^\]]*\]:format:\(csv xlsx json html\)'/);
    expect(r.stdout).not.toContain('complete -o default');
    const path = join(home, '_nclue-report');
    await writeFile(path, r.stdout);
    if (hasShell('zsh')) {
      await expect(run('zsh', ['-n', path])).resolves.toBeDefined();
      // Sourced after compinit, it registers the function for the command.
      const { stdout } = await run(
        'zsh',
        ['-c', `autoload -U compinit && compinit -u && source ${path} && echo $_comps[nclue-report]`],
        {
          env: { PATH: process.env.PATH, HOME: home },
        },
      );
      expect(stdout.trim()).toBe('_nclue_report');
    }
  });

  it('prints a fish script of complete lines, not the bash script; fish offers the formats', async () => {
    const r = await runCli(['completion', 'fish']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('COMPREPLY');
    expect(r.stdout).toContain(
      "complete -c nclue-report -l format -xa 'csv xlsx json html csv,xlsx,json,html'",
    );
    const path = join(home, 'nclue-report.fish');
    await writeFile(path, r.stdout);
    if (hasShell('fish')) {
      const { stdout } = await run(
        'fish',
        ['--no-config', '-c', `source ${path}; complete -C 'nclue-report --format '`],
        {
          env: { PATH: process.env.PATH, HOME: home },
        },
      );
      expect(stdout.split('\n').map((l) => l.split('\t')[0])).toEqual(
        expect.arrayContaining(['csv', 'xlsx']),
      );
      const flags = await run(
        'fish',
        ['--no-config', '-c', `source ${path}; complete -C 'nclue-report --wai'`],
        {
          env: { PATH: process.env.PATH, HOME: home },
        },
      );
      expect(
        flags.stdout
          .split('\n')
          .map((l) => l.split('\t')[0])
          .filter(Boolean),
      ).toEqual(['--wait', '--wait-timeout']);
    }
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
