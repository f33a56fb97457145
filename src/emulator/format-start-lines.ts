/** What the emulator command prints once it listens: the endpoint, then lines to paste into a shell. */
export interface StartFacts {
  url: string;
  tasks: number;
  /** Requests per second it enforces; 0 = unlimited. */
  rps: number;
  dataFile: string;
  /** The keys it accepts; the secret is printed only when it is the sample one. */
  credentials: { accessKey: string; secretKey: string };
  usingSampleKeys: boolean;
}

/** POSIX-shell quoting, only when needed: a sample key or a 127.0.0.1 URL needs none. */
function quoteForShell(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The start lines, e.g.
 * `NCLUE emulator listening on http://127.0.0.1:8787 (40 tasks, rps 1)` then the `export` lines. A key
 * set in the environment is never echoed: its secret would end up in a terminal's scroll-back.
 */
export function formatStartLines(facts: StartFacts): string[] {
  const rate = facts.rps === 0 ? 'unlimited' : String(facts.rps);
  const lines = [
    `NCLUE emulator listening on ${facts.url} (${facts.tasks} tasks from ${facts.dataFile}, rps ${rate})`,
    '',
    'Paste these lines into another shell, then run nclue-report there (Ctrl-C here stops the emulator):',
    '',
  ];
  if (facts.usingSampleKeys) {
    lines.push(
      `export NCLOUD_ACCESS_KEY=${quoteForShell(facts.credentials.accessKey)}`,
      `export NCLOUD_SECRET_KEY=${quoteForShell(facts.credentials.secretKey)}`,
    );
  } else {
    lines.push(
      '# NCLOUD_ACCESS_KEY and NCLOUD_SECRET_KEY: the keys already set in the shell that started it',
    );
  }
  lines.push(`export NCLUE_ENDPOINT=${quoteForShell(facts.url)}`);
  lines.push(
    '',
    'Then, for example:',
    '',
    `nclue-report --all --out reports${facts.rps === 0 || facts.rps >= 10 ? ' --rps 10' : ''}`,
  );
  if (facts.usingSampleKeys)
    lines.push('', 'The sample keys unlock only this emulator; they are not NAVER Cloud keys.');
  return lines;
}
