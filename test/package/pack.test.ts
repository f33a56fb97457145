import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli.js';

const run = promisify(execFile);
/** `npm install` of the tarball fetches its dependencies from the npm cache or registry. */
const INSTALL_TIMEOUT_MS = 180_000;

interface PackResult {
  filename: string;
  files: Array<{ path: string }>;
}

/**
 * The published package, as a user gets it: `npm pack`, then `npm install ./nclue-report-x.y.z.tgz` in an
 * empty folder, then the bin and the demo. Needs `npm run build` first (`npm test` does it); set
 * NCLUE_SKIP_PACK_TEST=1 to skip it on a machine without the npm registry or a warm cache.
 */
describe.skipIf(process.env.NCLUE_SKIP_PACK_TEST === '1')('npm pack', () => {
  it(
    'installs in an empty folder and runs `npx nclue-report --version` and the demo',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'nclue-pack-'));
      const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
      // --ignore-scripts: dist is already built; rebuilding it here would race the other test files.
      const packed = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], {
        cwd: ROOT,
      });
      const [result] = JSON.parse(packed.stdout) as PackResult[];
      expect(result?.filename).toBe(`nclue-report-${pkg.version}.tgz`);

      const files = (result?.files ?? []).map((f) => f.path);
      expect(files).toEqual(
        expect.arrayContaining([
          'package.json',
          'bin/nclue-report.js',
          'bin/nclue-report-demo.js',
          'bin/nclue-report-emulator.js',
          'dist/emulator/main.js',
          'LICENSE',
          'dist/bundle/nclue-report.js',
          'dist/demo.js',
          'samples/README.md',
          'samples/tasks.json',
          'samples/task-ids.txt',
          'samples/task-ids-2026-10.txt',
          'samples/task-ids.csv',
          'samples/faults.json',
          'samples/demo-config.json',
        ]),
      );
      expect(
        files.filter(
          (f) => f.startsWith('src/') || f.startsWith('test/') || f.endsWith('.map') || f.endsWith('.ts'),
        ),
      ).toEqual([]);

      const app = join(dir, 'app');
      await mkdir(app);
      await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true }));
      await run(
        'npm',
        ['install', '--no-audit', '--no-fund', '--prefer-offline', join(dir, result?.filename ?? '')],
        { cwd: app },
      );

      const version = await run('npx', ['--no', '--', 'nclue-report', '--version'], { cwd: app });
      expect(version.stdout.trim()).toBe(pkg.version);

      // The demo writes into the user's folder, never inside node_modules. The sample lists hold only
      // known, valid IDs, so the demo ends well (execFile rejects on a non-zero exit).
      const demo = await run('npx', ['--no', '--', 'nclue-report-demo'], { cwd: app });
      expect(demo.stderr).toContain('demo: reports are in');
      // Two month ends: October's report, then November's compared with the folder holding it.
      expect((await readdir(join(app, 'reports', 'demo'))).sort()).toEqual(
        ['nclue-2026-10', 'nclue-2026-11'].flatMap((name) =>
          ['csv', 'html', 'json', 'models.csv', 'xlsx'].map((extension) => `${name}.${extension}`),
        ),
      );

      const completion = await run('npx', ['--no', '--', 'nclue-report', 'completion'], { cwd: app });
      expect(completion.stdout).toContain('complete -o default -F _nclue_report_completions nclue-report');
    },
    INSTALL_TIMEOUT_MS,
  );
});
