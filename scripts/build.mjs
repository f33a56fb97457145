/**
 * `npm run build`: type-checks and compiles src/ into dist/ with tsc (the emulator, the demo and the
 * bench run from there), then bundles the CLI with esbuild into dist/bundle/, which bin/nclue-report.js
 * loads. The bundle is split at the CLI's own lazy imports: --help, --version and `completion` load the
 * entry and a small shared chunk only (docs/development.md, "Build"); a report run loads the rest.
 *
 * The npm packages are bundled with it (yargs and what it uses, undici, p-limit, string-width,
 * csv-parse, csv-stringify): read from a few files instead of about 200, those a run loads before its
 * first request load about 80 ms sooner. exceljs and @resvg/resvg-js stay external (below).
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);

/**
 * Loaded from node_modules at run time, when a run first needs them: exceljs is large and CommonJS
 * (and is loaded while the requests are paced), resvg a native module. The font files and
 * HarfBuzz's WebAssembly are read from their packages' folders.
 */
const EXTERNAL_PACKAGES = ['exceljs', '@resvg/resvg-js'];

/**
 * yargs's platform shim places itself by its own URL: its message files at `../../../locales`, and the
 * folder it reads package.json from (the one above node_modules). Bundled, that URL would be the
 * bundle's, so the messages would be looked for above the project and package.json from the current
 * folder upwards (reading every folder up to `/`). The bundled shim is given the URL it has in the
 * installed yargs package instead, so it finds both where it always did. The build fails if the shim
 * no longer places itself this way.
 */
const yargsShimUrl = {
  name: 'yargs-shim-url',
  setup(build) {
    build.onLoad({ filter: /[\\/]yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('import.meta.url')) throw new Error(`${args.path} no longer uses import.meta.url`);
      const located = [
        "import { createRequire as __shimRequire } from 'node:module';",
        "import { pathToFileURL as __shimFileUrl } from 'node:url';",
        "import { dirname as __shimDirname, join as __shimJoin } from 'node:path';",
        'const __shimUrl = __shimFileUrl(__shimJoin(',
        "  __shimDirname(__shimRequire(import.meta.url).resolve('yargs/package.json')),",
        "  'lib', 'platform-shims', 'esm.mjs',",
        ')).href;',
      ].join('\n');
      return { contents: `${located}\n${source.replaceAll('import.meta.url', '__shimUrl')}`, loader: 'js' };
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
  // Node 20's V8 has the RegExp `v` flag, which esbuild would rewrite into `new RegExp(…)`: a literal
  // defers parsing string-width's emoji pattern to its first use instead of every start (about 10 ms).
  supported: { 'regexp-set-notation': true },
  // Kept at dist/<folder>/: sources find package.json and templates/ two levels up (import.meta.url).
  external: EXTERNAL_PACKAGES,
  // undici is CommonJS and requires Node's modules: an ES module has no `require` of its own.
  banner: {
    js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);",
  },
  plugins: [yargsShimUrl],
  sourcemap: true,
  logLevel: 'warning',
});
