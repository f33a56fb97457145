/**
 * `npm run demo`: starts the local NCLUE emulator on a free loopback port with the sample data and
 * sample keys, runs the real CLI over the sample ID list, and says where the reports are.
 */
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEmulator, readTaskData, SAMPLE_ACCESS_KEY, SAMPLE_SECRET_KEY } from './emulator/index.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The emulator allows this many requests per second; the demo asks for a little less. */
const DEMO_EMULATOR_RPS = 20;
const DEMO_CLIENT_RPS = 15;

async function main(): Promise<number> {
  const tasks = await readTaskData(join(ROOT, 'samples', 'tasks.json'));
  const emulator = await createEmulator({
    tasks,
    credentials: { accessKey: SAMPLE_ACCESS_KEY, secretKey: SAMPLE_SECRET_KEY },
    rps: DEMO_EMULATOR_RPS,
  });
  // Reports land under the current folder: the checkout for `npm run demo`, the user's folder for an
  // installed package (`npx nclue-report-demo`), never inside node_modules.
  const out = resolve('reports', 'demo');
  process.stderr.write(
    `demo: NCLUE emulator on ${emulator.url} (${tasks.length} sample tasks, ${DEMO_EMULATOR_RPS} request/s)\n`,
  );
  try {
    const code = await new Promise<number>((done, fail) => {
      const child = spawn(
        process.execPath,
        [
          join(ROOT, 'bin', 'nclue-report.js'),
          '--ids',
          join(ROOT, 'samples', 'task-ids.txt'),
          '--endpoint',
          emulator.url,
          '--rps',
          String(DEMO_CLIENT_RPS),
          '--out',
          out,
          '--name',
          'nclue-tasks-demo',
          '--format',
          'csv,xlsx,json,html',
          // The sample list always leaves a checkpoint (exit 3): every demo starts over.
          '--fresh',
        ],
        {
          stdio: 'inherit',
          env: { ...process.env, NCLOUD_ACCESS_KEY: SAMPLE_ACCESS_KEY, NCLOUD_SECRET_KEY: SAMPLE_SECRET_KEY },
        },
      );
      child.on('error', fail);
      child.on('exit', (status) => done(status ?? 1));
    });
    process.stderr.write(
      `demo: ${emulator.stats.requests} requests served, ${emulator.stats.rateLimited} rate-limited\n` +
        `demo: reports are in ${out}\n`,
    );
    // The sample list holds an unknown and an invalid ID on purpose: exit 3 is the expected result.
    if (code === 3) {
      process.stderr.write(
        'demo: exit code 3 as expected (the sample list includes an unknown and an invalid ID)\n',
      );
      return 0;
    }
    return code;
  } finally {
    await emulator.close();
  }
}

process.exitCode = await main();
