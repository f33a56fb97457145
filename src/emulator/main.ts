/**
 * The `nclue-report-emulator` command (also `npm run emulator`): the local NCLUE emulator on its own.
 * Binds 127.0.0.1 unless --host says otherwise, serves the bundled samples from any working folder,
 * prints the base URL and the lines to paste, and shuts down on SIGINT/SIGTERM.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EMULATOR_USAGE, parseEmulatorArgs } from './args.js';
import { parseFaults } from './faults.js';
import { createEmulator } from './server.js';
import { readTaskData } from './task-data.js';
import { formatStartLines } from './format-start-lines.js';
import type { FaultStep } from './types.js';

/** Package root: two levels above dist/emulator (or src/emulator when run from source). */
const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEFAULT_DATA_FILE = resolve(PACKAGE_ROOT, 'samples', 'tasks.json');

async function readFaultsFile(file: string): Promise<Record<string, FaultStep[]>> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read faults file ${file}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return parseFaults(json);
  } catch (error) {
    throw new Error(`faults file ${file}: ${(error as Error).message}`, { cause: error });
  }
}

async function main(): Promise<void> {
  const args = parseEmulatorArgs(process.argv.slice(2), process.env, DEFAULT_DATA_FILE);
  if (args.help) {
    process.stdout.write(`${EMULATOR_USAGE}\n`);
    return;
  }
  const tasks = await readTaskData(args.dataFile);
  const faults = args.faultsFile === undefined ? undefined : await readFaultsFile(args.faultsFile);
  const emulator = await createEmulator({
    tasks,
    credentials: args.credentials,
    rps: args.rps,
    latencyMs: args.latencyMs,
    pagination: args.pagination,
    total: args.total,
    listOmit: args.listOmit,
    faults,
    host: args.host,
    port: args.port,
  });
  // Handlers first: whoever reads the line below may signal us right away.
  const shutdown = (): void => {
    emulator.close().then(
      () => undefined,
      (error: unknown) => {
        process.stderr.write(`emulator: error while closing: ${(error as Error).message}\n`);
        process.exitCode = 1;
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  const lines = formatStartLines({
    url: emulator.url,
    tasks: tasks.length,
    rps: args.rps,
    dataFile: args.dataFile,
    credentials: args.credentials,
    usingSampleKeys: args.usingSampleKeys,
  });
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`emulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
