import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RawOptions } from '../../src/core/raw-options.js';
import { createParser, parseArgv } from '../../src/cli/options.js';
import { BUILT_IN_OPTIONS, describeDeclaredOptions } from '../../src/config/declared-options.js';
import { createEmulator, readTaskData, type Emulator } from '../../src/emulator/index.js';
import { runCli, EDGE_FIXTURES } from '../support/cli.js';

const declared = describeDeclaredOptions(createParser('0.0.0'));
/** Every option a user may set from the environment or a config file. */
const SETTABLE = [...declared.strings, ...declared.booleans].filter(
  (n) => !BUILT_IN_OPTIONS.has(n) && n !== 'config',
);
/** RawOptions names that are not simply the camelCase of the flag. */
const RAW_NAME: Record<string, keyof RawOptions> = { ids: 'idsFile' };
const camel = (name: string): string => name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
const rawName = (name: string): keyof RawOptions => RAW_NAME[name] ?? (camel(name) as keyof RawOptions);
/** A value unlike the default, and what RawOptions should then hold. */
/** Options that may be given more than once: their raw value is a list. */
const REPEATABLE = new Set(['compare', 'model-alias']);

function sample(name: string): {
  text: string;
  json: string | boolean;
  expected: string | boolean | string[];
} {
  if (declared.booleans.has(name)) {
    const flipped = declared.defaults[name] !== true;
    return { text: String(flipped), json: flipped, expected: flipped };
  }
  const value = `v-${name}`;
  return { text: value, json: value, expected: REPEATABLE.has(name) ? [value] : value };
}

async function parse(argv: string[]): Promise<RawOptions> {
  const raw = await parseArgv(argv, '0.0.0', () => undefined);
  if (raw === null) throw new Error('help or version was printed');
  return raw;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('every option can come from NCLUE_REPORT_* and from --config', () => {
  it('knows a RawOptions field for every settable option', async () => {
    const raw = await parse(['x']);
    for (const name of SETTABLE) expect(Object.keys(raw), name).toContain(rawName(name));
  });

  it.each(SETTABLE)('NCLUE_REPORT_* sets --%s', async (name) => {
    const { text, expected } = sample(name);
    vi.stubEnv(`NCLUE_REPORT_${name.toUpperCase().replace(/-/g, '_')}`, text);
    expect((await parse(['x']))[rawName(name)]).toEqual(expected);
  });

  it.each(SETTABLE)('--config sets --%s, kebab-case and camelCase', async (name) => {
    const dir = await mkdtemp(join(tmpdir(), 'nclue-sources-'));
    const { json, expected } = sample(name);
    for (const key of new Set([name, camel(name)])) {
      const path = join(dir, `${key}.json`);
      await writeFile(path, JSON.stringify({ [key]: json }));
      expect((await parse(['x', '--config', path]))[rawName(name)], key).toEqual(expected);
    }
  });

  it('NCLUE_REPORT_BOM=false turns a default-true boolean off', async () => {
    vi.stubEnv('NCLUE_REPORT_BOM', 'false');
    expect((await parse(['x'])).bom).toBe(false);
  });
});

describe('precedence: flags → NCLUE_REPORT_* → --config → defaults', () => {
  let config: string;
  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nclue-sources-'));
    config = join(dir, 'c.json');
    await writeFile(config, JSON.stringify({ name: 'from-config', rps: 3, bom: false, 'wait-timeout': 60 }));
  });

  it('the config file beats the defaults', async () => {
    const raw = await parse(['x', '--config', config]);
    expect([raw.name, raw.rps, raw.bom, raw.waitTimeout, raw.out]).toEqual([
      'from-config',
      '3',
      false,
      '60',
      './reports',
    ]);
  });

  it('NCLUE_REPORT_* beats the config file', async () => {
    vi.stubEnv('NCLUE_REPORT_NAME', 'from-env');
    vi.stubEnv('NCLUE_REPORT_BOM', 'true');
    const raw = await parse(['x', '--config', config]);
    expect([raw.name, raw.rps, raw.bom]).toEqual(['from-env', '3', true]);
  });

  it('a flag beats NCLUE_REPORT_* and the config file', async () => {
    vi.stubEnv('NCLUE_REPORT_NAME', 'from-env');
    vi.stubEnv('NCLUE_REPORT_BOM', 'true');
    const raw = await parse(['x', '--config', config, '--name', 'from-flag', '--no-bom', '--rps', '9']);
    expect([raw.name, raw.rps, raw.bom]).toEqual(['from-flag', '9', false]);
  });

  it('NCLUE_REPORT_CONFIG names the config file too', async () => {
    vi.stubEnv('NCLUE_REPORT_CONFIG', config);
    expect((await parse(['x'])).name).toBe('from-config');
  });
});

describe('the CLI with a config file and NCLUE_REPORT_* (a cron job without a long command line)', () => {
  const ACCESS = 'AK-SOURCES';
  const SECRET = 'sources-secret-91x';
  let emulator: Emulator;
  let ids: string[];

  beforeAll(async () => {
    const tasks = await readTaskData(join(EDGE_FIXTURES, 'tasks.json'));
    ids = tasks.slice(0, 2).map((t) => String(t.task_id));
    emulator = await createEmulator({
      tasks,
      credentials: { accessKey: ACCESS, secretKey: SECRET },
      rps: 50,
    });
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('runs from the config file, with env overriding it', async () => {
    const out = await mkdtemp(join(tmpdir(), 'nclue-sources-out-'));
    const config = join(out, 'nclue.json');
    await writeFile(
      config,
      JSON.stringify({
        endpoint: emulator.url,
        out,
        name: 'from-config',
        format: ['csv'],
        rps: 40,
        bom: false,
      }),
    );
    const r = await runCli([...ids, '--config', config], {
      env: {
        NCLOUD_ACCESS_KEY: ACCESS,
        NCLOUD_SECRET_KEY: SECRET,
        NCLUE_REPORT_NAME: 'monthly',
        NCLUE_REPORT_QUIET: 'true',
      },
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['monthly.csv', 'monthly.models.csv', 'nclue.json']);
    expect((await readFile(join(out, 'monthly.csv')))[0]).toBe('t'.charCodeAt(0));
  });

  it.each([
    ['an unknown key', '{"endpoint": "x", "outdir": "y"}', /key 2 of the object is not an option/],
    ['invalid JSON', '{"out": ', /is not valid JSON/],
  ])('exits 2 for a config file with %s, before sending anything', async (_what, text, message) => {
    const dir = await mkdtemp(join(tmpdir(), 'nclue-sources-'));
    const config = join(dir, 'bad.json');
    await writeFile(config, text);
    const before = emulator.stats.requests;
    const r = await runCli([...ids, '--config', config, '--endpoint', emulator.url], {
      env: { NCLOUD_ACCESS_KEY: ACCESS, NCLOUD_SECRET_KEY: SECRET },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain(config);
    expect(emulator.stats.requests).toBe(before);
  });

  it('exits 2 for an unreadable config file and for a malformed boolean variable', async () => {
    const missing = await runCli([...ids, '--config', '/nonexistent/nclue.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--config /nonexistent/nclue.json cannot be read (ENOENT)');
    const badBool = await runCli(ids, { env: { NCLUE_REPORT_WAIT: 'yes' } });
    expect(badBool.code).toBe(2);
    expect(badBool.stderr).toContain('NCLUE_REPORT_WAIT must be true or false, got "yes"');
  });

  it.each([
    ['rps', '"TOPSECRETVALUE"', '"rps" must be a positive number'],
    ['timeout', '"TOPSECRETVALUE"', '"timeout" must be a whole number of milliseconds'],
    ['retries', '"TOPSECRETVALUE"', '"retries" must be a whole number'],
    ['concurrency', '"TOPSECRETVALUE"', '"concurrency" must be a whole number'],
    ['wait-timeout', '"TOPSECRETVALUE"', '"wait-timeout" must be a positive number of seconds'],
    ['format', '"TOPSECRETVALUE"', '"format" must be one or more of'],
    ['strategy', '"TOPSECRETVALUE"', '"strategy" must be one of'],
    ['endpoint', '"TOPSECRETVALUE"', '"endpoint" must be an https:// URL'],
    ['endpoint', '"http://TOPSECRETVALUE.example/api/v1"', '"endpoint" must be an https:// URL'],
    ['period', '"TOPSECRETVALUE"', '"period" must be a month written YYYY-MM'],
    ['name', '"TOPSECRETVALUE/x"', '"name" must be a file base name'],
    ['model-key', '"TOPSECRETVALUE"', '"model-key" must be one of'],
    ['fail-on-regression', '"TOPSECRETVALUE"', '"fail-on-regression" must be an AUROC drop'],
    ['TOPSECRETVALUE', '1', 'key 1 of the object is not an option'],
  ])('a bad %s in a config file names the key and the form, never the value', async (key, value, message) => {
    const dir = await mkdtemp(join(tmpdir(), 'nclue-sources-'));
    const config = join(dir, 'bad.json');
    await writeFile(config, `{"${key}": ${value}}`);
    const args = [...ids, '--config', config, ...(key === 'endpoint' ? [] : ['--endpoint', emulator.url])];
    const r = await runCli(args, { env: { NCLOUD_ACCESS_KEY: ACCESS, NCLOUD_SECRET_KEY: SECRET } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--config ${config}: ${message}`);
    expect(r.stderr).not.toContain('TOPSECRETVALUE');
  });

  it('a bad value given as a flag is still shown: the user typed it', async () => {
    const r = await runCli([...ids, '--rps', 'fast', '--endpoint', emulator.url], {
      env: { NCLOUD_ACCESS_KEY: ACCESS, NCLOUD_SECRET_KEY: SECRET },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--rps must be a positive number, got "fast"');
  });
});
