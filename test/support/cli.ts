import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'nclue-report.js');
export const SAMPLES = join(ROOT, 'samples');
/** The hostile edge-case task data (formula-like names, every status, ties…) the CLI tests run on. */
export const EDGE_FIXTURES = join(ROOT, 'test', 'fixtures', 'edge');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (`npm test` builds first) as a child process, as users do. */
export function runCli(
  args: string[],
  options: {
    env?: Record<string, string | undefined>;
    stdin?: string;
    cwd?: string;
    onSpawn?: (pid: number) => void;
  } = {},
): Promise<CliResult> {
  return new Promise((done, fail) => {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, TZ: process.env.TZ };
    for (const [k, v] of Object.entries(options.env ?? {})) if (v !== undefined) env[k] = v;
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? ROOT,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', fail);
    child.on('spawn', () => options.onSpawn?.(child.pid ?? 0));
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

/** Every file below `dir`, as text, for secret scans. */
export async function readAllFiles(dir: string): Promise<Array<{ name: string; bytes: Buffer }>> {
  const out: Array<{ name: string; bytes: Buffer }> = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      out.push({ name: path, bytes: await readFile(path) });
    }
  }
  return out;
}
