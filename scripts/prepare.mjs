// `prepare` runs on `npm ci` / `npm install` in a checkout, and npm may also run it when a user installs
// the packed tarball. A checkout has TypeScript (a devDependency) and builds; an installed package
// already ships dist/ and has no compiler, so it keeps what it has.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let tsc;
try {
  tsc = require.resolve('typescript/bin/tsc');
} catch {
  tsc = null;
}
if (tsc && existsSync('tsconfig.build.json')) {
  execFileSync(process.execPath, ['scripts/clean.mjs'], { stdio: 'inherit' });
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
} else if (!existsSync('dist/cli/main.js')) {
  console.error('nclue-report: dist/ is missing and TypeScript is not installed; run npm ci in a checkout');
  process.exit(1);
}
