/**
 * The one-way rule of src/ (docs/development.md, "Layers"), checked by `npm run lint`.
 *
 * LAYERS lists the product's folders from the bottom up. A file may import files of its own folder and
 * of any folder listed before it, never of one listed after it; so no two folders can import each
 * other, directly or round a loop. The emulator stands apart: it imports nothing from the product and
 * the product does not import it (only src/demo.ts, the demo's entry point, starts it). Benchmarks and
 * tests sit outside src/ and may import it; src/ never imports them.
 */
const LAYERS = [
  'core', // shared vocabulary: errors, report fields and rows, formats, template and comparison types
  'input', // task IDs from files and stdin
  'client', // the signed, paced, retrying NCLUE client and its endpoint
  'config', // option sources: config file, profile, environment, credentials
  'report', // task → row, summaries, formatting of values
  'models', // model naming, periods, month-over-month comparison of models
  'templates', // report templates: parse, check, load
  'history', // previous reports read back for --compare
  'writers', // CSV, Excel, JSON, HTML files
  'pipeline', // one report run: options resolved, tasks collected, files written; returns an outcome
  'cli', // argv, progress, final lines and the exit code
];

const upward = LAYERS.map((layer, index) => ({
  name: 'no-upward-import',
  comment: `src/${layer}/ may import only ${['itself', ...LAYERS.slice(0, index)].join(', ')}`,
  severity: 'error',
  from: { path: `^src/${layer}/` },
  to: { path: `^src/(${[...LAYERS.slice(index + 1), 'emulator'].join('|')})/` },
}));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'no-folder-outside-the-layers',
      comment: 'A new folder in src/ gets its place in LAYERS first (or a module cycle could hide in it).',
      severity: 'error',
      from: {},
      to: { path: '^src/', pathNot: `^src/(${[...LAYERS, 'emulator'].join('|')})/|^src/demo[.]ts$` },
    },
    {
      name: 'no-circular',
      comment: 'No import cycle between modules, inside a folder or across folders.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'emulator-stands-alone',
      comment: 'The emulator checks the client from outside: it shares no code with the product.',
      severity: 'error',
      from: { path: '^src/emulator/' },
      to: { path: '^src/', pathNot: '^src/emulator/' },
    },
    {
      name: 'no-import-of-bench-or-test',
      comment: 'bench/ and test/ import src/, never the other way round.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(bench|test)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
