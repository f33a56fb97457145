import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Epoch ms with sub-millisecond resolution: the clock the benchmark gives the emulator too. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

/** The last JSON line report-rss.js wrote, or null when there is none. */
function parseRssLine(text: string): number | null {
  try {
    const value = (JSON.parse(text.trim().split('\n').pop() ?? '') as { maxRssKb?: unknown }).maxRssKb;
    return typeof value === 'number' ? value : null;
  } catch {
    return null;
  }
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** When the child was spawned and when it exited, in epoch ms (sub-millisecond resolution). */
  startedAt: number;
  exitedAt: number;
  /** Peak RSS of the CLI process in KiB (process.resourceUsage().maxRSS), null if it did not report. */
  maxRssKb: number | null;
}

/**
 * Runs the built CLI (`bin/nclue-report.js`) as users do, in a clean environment (no NCLUE_REPORT_*
 * variables, HOME in `home` so no real ~/.ncloud/configure is read), with report-rss.js preloaded.
 */
export function spawnCli(
  root: string,
  args: string[],
  env: Record<string, string>,
  home: string,
): Promise<CliRun> {
  const hook = pathToFileURL(join(root, 'bench', 'dist', 'report-rss.js')).href;
  return new Promise((done, fail) => {
    const startedAt = nowMs();
    const child = spawn(process.execPath, ['--import', hook, join(root, 'bin', 'nclue-report.js'), ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: home, TZ: 'UTC', ...env },
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let rss = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const fd3 = child.stdio[3];
    if (fd3 && 'setEncoding' in fd3) fd3.setEncoding('utf8').on('data', (d: string) => (rss += d));
    child.on('error', fail);
    let exitedAt = 0;
    child.on('exit', () => {
      // The exit moment; 'close' below waits for the pipes to drain.
      exitedAt = nowMs();
    });
    child.on('close', (code) => {
      done({ code, stdout, stderr, startedAt, exitedAt: exitedAt || nowMs(), maxRssKb: parseRssLine(rss) });
    });
  });
}
