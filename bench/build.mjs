/**
 * Builds the benchmark (bench/*.ts and the product code it imports) into bench/dist/, git-ignored and
 * outside the package. `npm run bench` runs this first; the CLI it measures is the one `npm run build`
 * made (bin/nclue-report.js → dist/). bench/dist/ sits two levels below the root, like dist/<folder>/,
 * so the product code bundled here finds package.json and templates/ as it does when built.
 */
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const OUT = 'bench/dist';
rmSync(OUT, { recursive: true, force: true });
await build({
  // main.ts runs the table; the others are started by it as separate processes (or --import hooks).
  entryPoints: ['main', 'floor-csv', 'floor-xlsx', 'write-report-file', 'emulator-process', 'report-rss'].map(
    (name) => `bench/${name}.ts`,
  ),
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  tsconfig: 'bench/tsconfig.json',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
