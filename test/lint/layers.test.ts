import { execFile } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// The layer rule of `npm run lint` (.dependency-cruiser.cjs): it passes on src/ and fails on a
// deliberately bad tree (test/fixtures/layers/), naming each broken rule.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEPCRUISE = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');

async function cruise(cwd: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [DEPCRUISE, 'src', '--config', CONFIG],
      {
        cwd,
      },
    );
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

describe('the layer rule', () => {
  it('fails on an upward import, a cycle between folders and an emulator that uses the client', async () => {
    const { code, output } = await cruise(join(ROOT, 'test', 'fixtures', 'layers'));
    expect(code).not.toBe(0);
    expect(output).toContain('no-upward-import: src/core/label.ts → src/cli/main.ts');
    expect(output).toContain('no-upward-import: src/report/total.ts → src/models/double.ts');
    expect(output).toMatch(/no-circular: src\/models\/double\.ts →\s+src\/report\/total\.ts/);
    expect(output).toContain('emulator-stands-alone: src/emulator/auth.ts → src/client/sign.ts');
  }, 120_000);

  it('passes on src/', async () => {
    const { code, output } = await cruise(ROOT);
    expect(output).toContain('no dependency violations found');
    expect(code).toBe(0);
  }, 120_000);
});
