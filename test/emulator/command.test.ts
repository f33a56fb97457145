import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEmulatorArgs } from '../../src/emulator/args.js';
import { formatStartLines } from '../../src/emulator/format-start-lines.js';
import { SAMPLE_ACCESS_KEY, SAMPLE_SECRET_KEY } from '../../src/emulator/sample-keys.js';
import { ROOT, runCli } from '../support/cli.js';

const EMULATOR_BIN = join(ROOT, 'bin', 'nclue-report-emulator.js');

/** Starts `nclue-report-emulator` as users do; resolves once it printed its export lines. */
function startEmulator(args: string[], cwd: string, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [EMULATOR_BIN, ...args], {
    cwd,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const ready = new Promise<string>((done, fail) => {
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (/^export NCLUE_ENDPOINT=/m.test(stdout)) done(stdout);
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (code) => fail(new Error(`emulator exited ${code}: ${stderr}`)));
  });
  const stop = (): Promise<number | null> =>
    new Promise((done) => {
      child.on('close', (code) => done(code));
      child.kill('SIGTERM');
    });
  return { ready, stop };
}

describe('nclue-report-emulator', () => {
  it('is a bin of the package', async () => {
    const { readFile } = await import('node:fs/promises');
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
    };
    expect(pkg.bin['nclue-report-emulator']).toBe('bin/nclue-report-emulator.js');
  });

  it('takes the port, rate, latency and data file options (and their short aliases)', () => {
    const a = parseEmulatorArgs(
      ['--port', '0', '--rate', '5', '--latency', '20', '--data-file', 'd.json'],
      {},
      'x',
    );
    expect(a).toMatchObject({ port: 0, rps: 5, latencyMs: 20, dataFile: 'd.json' });
    expect(() => parseEmulatorArgs(['--rate', 'fast'], {}, 'x')).toThrow('--rate must be a number');
  });

  it('prints the sample keys as lines to paste, never a secret set in the environment', () => {
    const facts = {
      url: 'http://127.0.0.1:8787',
      tasks: 40,
      rps: 1,
      dataFile: '/pkg/samples/tasks.json',
      credentials: { accessKey: SAMPLE_ACCESS_KEY, secretKey: SAMPLE_SECRET_KEY },
      usingSampleKeys: true,
    };
    expect(formatStartLines(facts)).toEqual(
      expect.arrayContaining([
        `export NCLOUD_ACCESS_KEY=${SAMPLE_ACCESS_KEY}`,
        `export NCLOUD_SECRET_KEY=${SAMPLE_SECRET_KEY}`,
        'export NCLUE_ENDPOINT=http://127.0.0.1:8787',
      ]),
    );
    const own = formatStartLines({
      ...facts,
      credentials: { accessKey: 'AK', secretKey: 'my-secret' },
      usingSampleKeys: false,
    });
    expect(own.join('\n')).not.toContain('my-secret');
    expect(own).toContain('export NCLUE_ENDPOINT=http://127.0.0.1:8787');
  });

  it('starts from any folder with the bundled samples; the lines it prints make nclue-report work', async () => {
    const elsewhere = await mkdtemp(join(tmpdir(), 'nclue-emulator-cwd-'));
    const emulator = startEmulator(['--port', '0', '--rate', '0'], elsewhere);
    try {
      const text = await emulator.ready;
      expect(text).toMatch(
        /^NCLUE emulator listening on http:\/\/127\.0\.0\.1:\d+\/api\/v1 \(\d+ tasks from .*samples[/\\]tasks\.json, rps unlimited\)$/m,
      );
      const env: Record<string, string> = {};
      for (const [, name, value] of text.matchAll(
        /^export (NCLOUD_ACCESS_KEY|NCLOUD_SECRET_KEY|NCLUE_ENDPOINT)=(\S+)$/gm,
      ))
        env[name ?? ''] = value ?? '';
      expect(Object.keys(env).sort()).toEqual(['NCLOUD_ACCESS_KEY', 'NCLOUD_SECRET_KEY', 'NCLUE_ENDPOINT']);
      expect(env.NCLUE_ENDPOINT).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
      const out = await mkdtemp(join(tmpdir(), 'nclue-emulator-out-'));
      const r = await runCli(['--all', '--out', out, '--name', 'all', '--format', 'csv', '--rps', '50'], {
        env,
        cwd: elsewhere,
      });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/wrote .*all\.csv \(\d+ rows\)/);
    } finally {
      expect(await emulator.stop()).toBe(0);
    }
  });
});
