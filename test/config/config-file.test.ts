import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createParser } from '../../src/cli/options.js';
import { parseConfigFile, readConfigFile } from '../../src/config/config-file.js';
import { describeDeclaredOptions, toKebabCase } from '../../src/config/declared-options.js';
import { checkEnvOptions } from '../../src/config/env-options.js';
import { UsageError } from '../../src/core/errors.js';

const declared = describeDeclaredOptions(createParser('0.0.0'));
const parse = (json: unknown): Record<string, string | boolean | string[]> =>
  parseConfigFile(typeof json === 'string' ? json : JSON.stringify(json), '/etc/nclue.json', declared);

describe('describeDeclaredOptions (read from the real parser)', () => {
  it('finds every flag of options.ts by kind, kebab-case', () => {
    expect([...declared.booleans]).toEqual(
      expect.arrayContaining(['all', 'bom', 'escape-formulas', 'wait', 'dry-run', 'progress', 'quiet']),
    );
    expect([...declared.strings]).toEqual(
      expect.arrayContaining(['out', 'rps', 'wait-timeout', 'profile', 'config', 'format']),
    );
    expect(declared.booleans.has('out')).toBe(false);
    expect(declared.defaults.bom).toBe(true);
  });

  it('refuses an object without getOptions()', () => {
    expect(() => describeDeclaredOptions({})).toThrow(TypeError);
  });

  it.each([
    ['waitTimeout', 'wait-timeout'],
    ['wait-timeout', 'wait-timeout'],
    ['WAIT_TIMEOUT', 'wait-timeout'],
    ['escapeFormulas', 'escape-formulas'],
    ['rps', 'rps'],
  ])('toKebabCase(%s) = %s', (input, expected) => {
    expect(toKebabCase(input)).toBe(expected);
  });
});

describe('parseConfigFile', () => {
  it('takes kebab-case and camelCase keys and returns kebab-case', () => {
    expect(
      parse({ 'wait-timeout': 600, escapeFormulas: false, out: '/srv/reports', rps: 0.5, dryRun: true }),
    ).toEqual({
      'wait-timeout': '600',
      'escape-formulas': false,
      out: '/srv/reports',
      rps: '0.5',
      'dry-run': true,
    });
  });

  it('joins a format array', () => {
    expect(parse({ format: ['csv', 'xlsx'] })).toEqual({ format: 'csv,xlsx' });
  });

  it('accepts an empty object and a UTF-8 BOM', () => {
    expect(parse({})).toEqual({});
    expect(parse('\uFEFF{"quiet": true}')).toEqual({ quiet: true });
  });

  it('refuses an unknown key by its position and the known options, never echoing its name', () => {
    expect(() => parse({ out: 'x', outdir: 'y' })).toThrow(
      /--config \/etc\/nclue\.json: key 2 of the object is not an option .*; known options: all, bom, /,
    );
    expect(() => parse({ TOPSECRETKEY: 'y' })).toThrow(/^(?![\s\S]*TOPSECRETKEY)/);
  });

  it.each([['help'], ['version'], ['config']])('refuses %s in a config file', (key) => {
    expect(() => parse({ [key]: key === 'config' ? 'other.json' : true })).toThrow(
      new RegExp(`"${key}" cannot be set in a config file`),
    );
  });

  it('refuses a boolean option with a non-boolean value (yargs would read "yes" as false)', () => {
    expect(() => parse({ bom: 'yes' })).toThrow('"bom" must be true or false, got a string');
    expect(() => parse({ wait: 1 })).toThrow('"wait" must be true or false, got a number');
  });

  it('refuses objects, arrays and null for value options', () => {
    expect(() => parse({ out: { dir: 'x' } })).toThrow('"out" must be a string or a number, got an object');
    expect(() => parse({ rps: null })).toThrow('"rps" must be a string or a number, got null');
    expect(() => parse({ out: ['a'] })).toThrow('"out" must be a string or a number, got an array');
    expect(() => parse({ rps: true })).toThrow('"rps" must be a string or a number, got a boolean');
  });

  it('refuses the same option spelled twice', () => {
    expect(() => parse({ 'wait-timeout': 1, waitTimeout: 2 })).toThrow(
      '"wait-timeout" and "waitTimeout" are the same option',
    );
  });

  it('refuses a JSON value that is not an object', () => {
    expect(() => parse('[1, 2]')).toThrow(/must hold a JSON object of options/);
    expect(() => parse('"out"')).toThrow(/must hold a JSON object of options/);
  });

  it('refuses invalid JSON with the line and column', () => {
    expect(() => parse('{\n  "out": "x",\n}')).toThrow(
      /--config \/etc\/nclue\.json is not valid JSON: .*line 3, column 1/,
    );
  });

  it.each([
    ['{"out": secretvalue}', 'line 1, column 9', 'secretvalue'],
    ['{\n  "rps": 1\n  "out": "hunter2"\n}', 'line 3, column 3', 'hunter2'],
    ['{"out": "hunter2', 'line 1, column 17', 'hunter2'],
    ['{"out": "x"} hunter2', 'line 1, column 14', 'hunter2'],
    ['{"hunter2": tru}', 'line 1, column 13', 'hunter2'],
  ])('never echoes the file in a syntax error: %j', (text, where, content) => {
    let message = '';
    try {
      parse(text);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(where);
    expect(message).not.toContain(content);
    expect(message).not.toContain(content.slice(0, 4));
  });

  it('throws UsageError (exit 2) for every problem', () => {
    expect(() => parse('nope')).toThrow(UsageError);
  });

  it('reads "model-aliases" as --model-alias values, and "model-alias" as a list', () => {
    expect(parse({ 'model-aliases': { 'LTV forecast': '고객 생애가치(LTV) 예측', a: 'b' } })).toEqual({
      'model-alias': ['LTV forecast=고객 생애가치(LTV) 예측', 'a=b'],
    });
    expect(parse({ modelAliases: { x: 'y' } })).toEqual({ 'model-alias': ['x=y'] });
    expect(parse({ 'model-alias': ['x=y', 'p=q'] })).toEqual({ 'model-alias': ['x=y', 'p=q'] });
  });

  it.each([
    [{ 'model-aliases': ['a=b'] }, /"model-aliases" must be an object of old → new model names/],
    [{ 'model-aliases': { a: 1 } }, /"model-aliases" maps "a" to a number/],
    [{ 'model-aliases': { 'a=b': 'c' } }, /without "="/],
    [{ 'model-aliases': { a: ' ' } }, /non-empty new name/],
    [{ 'model-aliases': { a: 'b' }, 'model-alias': 'c=d' }, /are the same option/],
  ])('refuses a malformed "model-aliases": %j', (json, message) => {
    expect(() => parse(json)).toThrow(message);
  });
});

describe('readConfigFile', () => {
  it('reads the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nclue-config-'));
    const path = join(dir, 'c.json');
    await writeFile(path, '{"name": "monthly"}');
    expect(readConfigFile(path, declared)).toEqual({ name: 'monthly' });
  });

  it('says which file cannot be read and why', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nclue-config-'));
    expect(() => readConfigFile(join(dir, 'missing.json'), declared)).toThrow(
      `--config ${join(dir, 'missing.json')} cannot be read (ENOENT)`,
    );
    expect(() => readConfigFile(dir, declared)).toThrow(/cannot be read \(EISDIR\)/);
  });
});

describe('checkEnvOptions', () => {
  const check = (env: NodeJS.ProcessEnv): void => checkEnvOptions(env, 'NCLUE_REPORT', declared);

  it('accepts every declared option, booleans as true/false', () => {
    expect(() =>
      check({
        NCLUE_REPORT_OUT: '/srv',
        NCLUE_REPORT_WAIT_TIMEOUT: '60',
        NCLUE_REPORT_BOM: 'false',
        NCLUE_REPORT_ESCAPE_FORMULAS: 'true',
        NCLUE_REPORT_DRY_RUN: 'false',
        NCLUE_REPORT_CONFIG: '/etc/nclue.json',
        OTHER: 'x',
      }),
    ).not.toThrow();
  });

  it('refuses a boolean that yargs would silently read as false', () => {
    expect(() => check({ NCLUE_REPORT_WAIT: '1' })).toThrow(
      'NCLUE_REPORT_WAIT must be true or false, got "1"',
    );
    expect(() => check({ NCLUE_REPORT_BOM: 'no' })).toThrow(UsageError);
    expect(() => check({ NCLUE_REPORT_QUIET: 'TRUE' })).toThrow(UsageError);
  });

  it('refuses an unknown variable with the prefix, naming it and listing the known ones', () => {
    expect(() => check({ NCLUE_REPORT_OUTDIR: 'x' })).toThrow(
      /environment variable NCLUE_REPORT_OUTDIR is not an nclue-report option .*NCLUE_REPORT_OUT, /,
    );
    expect(() => check({ NCLUE_REPORTS_DIR: 'x' })).toThrow(
      /NCLUE_REPORTS_DIR is not an nclue-report option/,
    );
    expect(() => check({ NCLUE_REPORT_HELP: 'true' })).toThrow(/NCLUE_REPORT_HELP is not/);
  });
});
