/** The local NCLUE emulator: a faithful stand-in of the task API for tests, the demo and benchmarks. */
export { createEmulator, DEFAULT_HOST } from './server.js';
export { readTaskData, parseTaskData, TaskDataError } from './task-data.js';
export { parseFaults } from './faults.js';
export { SAMPLE_ACCESS_KEY, SAMPLE_SECRET_KEY } from './sample-keys.js';
export type { Emulator, EmulatorOptions, EmulatorStats, FaultStep } from './types.js';
