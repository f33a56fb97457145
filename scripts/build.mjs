/**
 * `npm run build`: type-checks and compiles src/ into dist/ with tsc (the emulator, the demo and the
 * bench run from there), then bundles the CLI with esbuild into dist/bundle/, which bin/nclue-report.js
 * loads. The bundle is split at the CLI's own lazy imports: --help, --version and `completion` load the
 * entry and a small shared chunk only (docs/development.md, "Build"); a report run loads the rest.
 * npm packages stay external, loaded from node_modules as before (yargs finds its locale files beside
 * itself; exceljs, @resvg/resvg-js and undici are still imported only when a run needs them).
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);

execFileSync(process.execPath, ['scripts/clean.mjs'], { stdio: 'inherit' });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
  stdio: 'inherit',
});
await build({
  entryPoints: { 'nclue-report': 'src/cli/main.ts' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  // Kept at dist/<folder>/: sources find package.json and templates/ two levels up (import.meta.url).
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
