/**
 * The emulator of the pacing benchmark, in a process of its own, so that the benchmark's own work
 * (spawning the CLI and the peer, collecting their output) never delays the timers that answer, nor
 * the clock that stamps, each arrival. Started by bench/pacing.ts with one JSON argument
 * (EmulatorProcessConfig); prints `{"url": …}` once listening, then answers each `take` line on
 * standard input with the arrivals since the last `take` (ArrivalLog) and forgets them. Exits when
 * standard input closes.
 */
import { createInterface } from 'node:readline';
import { createEmulator } from '../src/emulator/index.js';
import { SAMPLE_ACCESS_KEY, SAMPLE_SECRET_KEY } from '../src/emulator/index.js';
import { nowMs } from './spawn-cli.js';
import { createSyntheticTasks } from './synthetic-tasks.js';

export interface EmulatorProcessConfig {
  tasks: number;
  seed: number;
  rps: number;
  latencyMs: number;
  /** The rate check's tolerance for arrival jitter, in ms (0: strict). */
  rateToleranceMs: number;
}

export interface ArrivalLog {
  /** Epoch ms (sub-millisecond) of each request's arrival, in order. */
  arrivals: number[];
  /** HTTP status of each answer, in the same order (0: not answered yet). */
  statuses: number[];
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as EmulatorProcessConfig;
  const emulator = await createEmulator({
    tasks: createSyntheticTasks(config.tasks, config.seed),
    credentials: { accessKey: SAMPLE_ACCESS_KEY, secretKey: SAMPLE_SECRET_KEY },
    rps: config.rps,
    rateToleranceMs: config.rateToleranceMs,
    latencyMs: config.latencyMs,
    now: nowMs,
  });
  process.stdout.write(`${JSON.stringify({ url: emulator.url })}\n`);
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    if (line.trim() !== 'take') continue;
    const log = emulator.stats.log.splice(0);
    const taken: ArrivalLog = { arrivals: log.map((l) => l.at), statuses: log.map((l) => l.status) };
    process.stdout.write(`${JSON.stringify(taken)}\n`);
  }
  await emulator.close();
}

await main();
