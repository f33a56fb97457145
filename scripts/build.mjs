/**
 * `npm run build`: type-checks and compiles src/ into dist/ with tsc (the emulator, the demo and the
 * bench run from there), then bundles the CLI with esbuild into dist/bundle/, which bin/nclue-report.js
 * loads. The bundle is split at the CLI's own lazy imports: --help, --version and `completion` load the
 * entry and a small shared chunk only (docs/development.md, "Build"); a report run loads the rest.
 *
 * The packages a run loads before its first request (yargs and what it uses, undici, p-limit,
 * string-width) are bundled with it: read from one file each instead of about 200, they load about
 * 80 ms sooner. The writers' packages (exceljs, csv-stringify, csv-parse, @resvg/resvg-js, a native
 * module) stay external, loaded from node_modules while the requests are paced.
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);

/** Loaded from node_modules at run time, when a run first needs them. */
const EXTERNAL_PACKAGES = ['exceljs', 'csv-stringify', 'csv-parse', '@resvg/resvg-js', '@embedpdf/fonts-kr'];

/**
 * yargs finds its message files at `../../../locales` from its platform shim, which in a bundle would
 * point above the project: the bundled shim reads them from the installed yargs package instead.
 * The CLI pins them to English (src/cli/options.ts). The build fails if the shim no longer has the line.
 */
const yargsLocales = {
  name: 'yargs-locales',
  setup(build) {
    build.onLoad({ filter: /[\\/]yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const line = "directory: resolve(__dirname, '../../../locales')";
      if (!source.includes(line)) throw new Error(`${args.path} no longer has ${line}`);
      const located = "directory: resolve(require.resolve('yargs/package.json'), '../locales')";
      return { contents: source.replace(line, located), loader: 'js' };
    });
  },
};

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
  external: EXTERNAL_PACKAGES,
  // undici is CommonJS and requires Node's modules: an ES module has no `require` of its own.
  banner: {
    js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);",
  },
  plugins: [yargsLocales],
  sourcemap: true,
  logLevel: 'warning',
});
