/** Test helper: starts emulators on 127.0.0.1 from shared options and closes every one it started. */
import { createEmulator, type Emulator, type EmulatorOptions } from '../../src/emulator/index.js';

export interface EmulatorStarter {
  /** Starts an emulator with the shared options, overridden by `options`. */
  start(options?: Partial<EmulatorOptions>): Promise<Emulator>;
  /** Closes every emulator started since the last call (for afterEach). */
  closeAll(): Promise<void>;
}

export function createEmulatorStarter(shared: EmulatorOptions): EmulatorStarter {
  const started: Emulator[] = [];
  return {
    async start(options = {}) {
      const emulator = await createEmulator({ ...shared, ...options });
      started.push(emulator);
      return emulator;
    },
    async closeAll() {
      await Promise.all(started.splice(0).map((e) => e.close()));
    },
  };
}
