// `prepare` runs on `npm ci` / `npm install` in a checkout, and npm may also run it when a user installs
// the packed tarball. A checkout has TypeScript and esbuild (devDependencies) and builds; an installed
// package already ships dist/ and has neither, so it keeps what it has.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const canBuild = ['typescript/bin/tsc', 'esbuild'].every((name) => {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
});
if (canBuild && existsSync('tsconfig.build.json') && existsSync('scripts/build.mjs')) {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
} else if (!existsSync('dist/bundle/nclue-report.js')) {
  console.error('nclue-report: dist/ is missing and TypeScript is not installed; run npm ci in a checkout');
  process.exit(1);
}
