/**
 * The start-up rows of `npm run bench`: how long `nclue-report --help`, `--version` and
 * `completion bash` take, each as a ratio to `node -e 0` timed in the same rounds, so the target is
 * met or missed alike on an idle or a busy machine (issue "Start-up": at most 2 × `node -e 0`).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { formatMs, median, type BenchRow } from './measure.js';

/** Target from the start-up issue: a command answered without a run starts in at most twice bare Node. */
export const TARGET_STARTUP_RATIO = 2.0;
/** Timed rounds; each times every command once, each after its own `node -e 0`. */
export const STARTUP_ROUNDS = 15;

export interface StartupCommand {
  benchmark: string;
  /** The CLI's arguments. */
  args: readonly string[];
}

/**
 * `completion bash` is what `source <(nclue-report completion bash)` runs in every new shell; a Tab
 * itself runs only the static script it prints, never Node.
 */
export const STARTUP_COMMANDS: readonly StartupCommand[] = [
  { benchmark: 'Startup --help', args: ['--help'] },
  { benchmark: 'Startup --version', args: ['--version'] },
  { benchmark: 'Startup completion', args: ['completion', 'bash'] },
];

/**
 * The order of one round: `node -e 0` before each command (bare, help, bare, version, …), so every
 * command is timed next to a bare start and a load that comes and goes weighs on both.
 */
export function planStartupRound(commands: readonly StartupCommand[]): Array<StartupCommand | null> {
  return commands.flatMap((command) => [null, command]);
}

/** A row: the command's median against the median of every `node -e 0` of the same rounds. */
export function formatStartupRow(
  command: StartupCommand,
  commandMs: readonly number[],
  bareMs: readonly number[],
): BenchRow {
  const ms = median(commandMs);
  const bare = median(bareMs);
  const ratio = ms / bare;
  return {
    benchmark: command.benchmark,
    setup: `nclue-report ${command.args.join(' ')}, median of ${commandMs.length}`,
    requests: '0',
    throttled: '0',
    time: formatMs(ms),
    reference: `node -e 0: ${formatMs(bare)} (median of ${bareMs.length})`,
    ratio: ratio.toFixed(2),
    peakRss: '',
    target: `ratio ≤ ${TARGET_STARTUP_RATIO.toFixed(1)}`,
    met: ratio <= TARGET_STARTUP_RATIO,
  };
}

/** Wall time of one child process, spawned as a user's shell would, in ms; throws unless it exits 0. */
function timeSpawn(root: string, args: readonly string[], home: string): Promise<number> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: home },
      stdio: 'ignore',
    });
    child.on('error', fail);
    child.on('exit', (code) => {
      const ms = performance.now() - started;
      if (code === 0) done(ms);
      else fail(new Error(`startup: node ${args.join(' ')} exited with ${String(code)}`));
    });
  });
}

/**
 * Times `rounds` rounds of planStartupRound after one untimed round (which fills the file cache), one
 * process at a time; one row per command.
 */
export async function benchStartup(
  root: string,
  home: string,
  rounds = STARTUP_ROUNDS,
  commands: readonly StartupCommand[] = STARTUP_COMMANDS,
): Promise<BenchRow[]> {
  const bin = join(root, 'bin', 'nclue-report.js');
  const bare: number[] = [];
  const times = new Map<StartupCommand, number[]>(commands.map((c) => [c, []]));
  for (let round = -1; round < rounds; round++) {
    for (const command of planStartupRound(commands)) {
      const ms = await timeSpawn(root, command === null ? ['-e', '0'] : [bin, ...command.args], home);
      if (round < 0) continue;
      if (command === null) bare.push(ms);
      else times.get(command)?.push(ms);
    }
  }
  return commands.map((command) => formatStartupRow(command, times.get(command) ?? [], bare));
}
