/**
 * `npm run demo`: starts the local NCLUE emulator on a free loopback port with the sample data and
 * sample keys, then runs the real CLI as a team would at two month ends: the October report (every
 * task from August to October), then the November report compared with the folder that holds
 * October's. Says where the reports are.
 */
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEmulator, readTaskData, SAMPLE_ACCESS_KEY, SAMPLE_SECRET_KEY } from './emulator/index.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The emulator allows this many requests per second; the demo asks for a little less. */
const DEMO_EMULATOR_RPS = 20;
const DEMO_CLIENT_RPS = 15;

/** The two monthly runs: the report's base name and its ID list. */
const RUNS = [
  { name: 'nclue-2026-10', ids: 'task-ids-2026-10.txt', compare: false },
  { name: 'nclue-2026-11', ids: 'task-ids.txt', compare: true },
] as const;

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
    for (const run of RUNS) {
      const args = [
        join(ROOT, 'bin', 'nclue-report.js'),
        '--ids',
        join(ROOT, 'samples', run.ids),
        '--endpoint',
        emulator.url,
        '--rps',
        String(DEMO_CLIENT_RPS),
        '--out',
        out,
        '--name',
        run.name,
        '--format',
        'csv,xlsx,json,html',
        ...(run.compare ? ['--compare', out] : []),
        // The LTV family was renamed for November: the config's alias keeps it one model.
        '--config',
        join(ROOT, 'samples', 'demo-config.json'),
        // A demo interrupted earlier leaves a checkpoint: every demo starts over.
        '--fresh',
      ];
      process.stderr.write(
        `\ndemo: nclue-report --ids samples/${run.ids} --name ${run.name}${run.compare ? ` --compare ${out}` : ''}\n`,
      );
      const code = await runCli(args);
      if (code !== 0) {
        process.stderr.write(`demo: the ${run.name} run ended with exit code ${code}\n`);
        return code;
      }
    }
    process.stderr.write(
      `\ndemo: ${emulator.stats.requests} requests served, ${emulator.stats.rateLimited} rate-limited\n` +
        `demo: reports are in ${out}; open ${join(out, 'nclue-2026-11.xlsx')} (Models sheet) or ${join(out, 'nclue-2026-11.html')}\n`,
    );
    return 0;
  } finally {
    await emulator.close();
  }
}

function runCli(args: readonly string[]): Promise<number> {
  return new Promise<number>((done, fail) => {
    const child = spawn(process.execPath, args, {
      stdio: 'inherit',
      env: { ...process.env, NCLOUD_ACCESS_KEY: SAMPLE_ACCESS_KEY, NCLOUD_SECRET_KEY: SAMPLE_SECRET_KEY },
    });
    child.on('error', fail);
    child.on('exit', (status) => done(status ?? 1));
  });
}

process.exitCode = await main();
