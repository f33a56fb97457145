import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveCredentials, type CredentialsChoice } from '../../src/config/credentials.js';
import type { ProfileFileRead } from '../../src/config/profile.js';
import { UsageError } from '../../src/core/errors.js';

const HOME = '/home/kim';
const PATH = join(HOME, '.ncloud', 'configure');
const FILE = [
  '[DEFAULT]',
  'ncloud_access_key_id = AK-file-default',
  'ncloud_secret_access_key = SK-file-default',
  'ncloud_api_url = https://ncloud.apigw.ntruss.com',
  '[prod]',
  'ncloud_access_key_id = AK-file-prod',
  'ncloud_secret_access_key = SK-file-prod',
  '[broken]',
  'ncloud_access_key_id = AK-file-broken',
].join('\n');
const ENV_KEYS = { NCLOUD_ACCESS_KEY: 'AK-env', NCLOUD_SECRET_KEY: 'SK-env' };
const SECRETS = ['SK-file-default', 'SK-file-prod', 'SK-env'];

/** An in-memory profile file; records whether it was read. */
function fileSystem(text: string | null, mode = 0o100600) {
  const reads: string[] = [];
  return {
    reads,
    readFile: async (path: string): Promise<ProfileFileRead | null> => {
      reads.push(path);
      return text === null ? null : { text, mode };
    },
  };
}

async function resolve(
  choice: Partial<CredentialsChoice> & { env?: NodeJS.ProcessEnv },
  text: string | null = FILE,
  mode?: number,
) {
  const fs = fileSystem(text, mode);
  const result = await resolveCredentials({
    profile: undefined,
    platform: 'linux',
    ...choice,
    env: { HOME, ...choice.env },
    readFile: fs.readFile,
  });
  return { ...result, reads: fs.reads };
}

async function failure(
  choice: Partial<CredentialsChoice> & { env?: NodeJS.ProcessEnv },
  text: string | null = FILE,
): Promise<UsageError> {
  try {
    await resolve(choice, text);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    for (const secret of SECRETS) expect((error as Error).message).not.toContain(secret);
    return error as UsageError;
  }
  throw new Error('expected a UsageError');
}

describe('credentials precedence: --profile → NCLOUD_* variables → NCLOUD_PROFILE / DEFAULT profile', () => {
  it('1. an explicit --profile wins over the environment variables', async () => {
    const r = await resolve({ profile: 'prod', env: ENV_KEYS });
    expect(r.credentials).toEqual({ accessKey: 'AK-file-prod', secretKey: 'SK-file-prod' });
    expect(r.source).toBe(`profile [prod] of ${PATH}`);
  });

  it('2. the variables win over NCLOUD_PROFILE and DEFAULT, and the file is not even read', async () => {
    const r = await resolve({ env: { ...ENV_KEYS, NCLOUD_PROFILE: 'prod' } });
    expect(r.credentials).toEqual({ accessKey: 'AK-env', secretKey: 'SK-env' });
    expect(r.source).toBe('environment variables NCLOUD_ACCESS_KEY and NCLOUD_SECRET_KEY');
    expect(r.reads).toEqual([]);
  });

  it('2. accepts the SDK variable names NCLOUD_ACCESS_KEY_ID / NCLOUD_SECRET_ACCESS_KEY', async () => {
    const r = await resolve({ env: { NCLOUD_ACCESS_KEY_ID: 'AK-sdk', NCLOUD_SECRET_ACCESS_KEY: 'SK-sdk' } });
    expect(r.credentials).toEqual({ accessKey: 'AK-sdk', secretKey: 'SK-sdk' });
    expect(r.source).toBe('environment variables NCLOUD_ACCESS_KEY_ID and NCLOUD_SECRET_ACCESS_KEY');
  });

  it("2. reads NCLOUD_ACCESS_KEY_ID before NCLOUD_ACCESS_KEY, as NCP's SDKs do; two that differ are named in a warning", async () => {
    const r = await resolve({
      env: {
        NCLOUD_ACCESS_KEY: 'AK-short',
        NCLOUD_ACCESS_KEY_ID: 'AK-long',
        NCLOUD_SECRET_KEY: 'SK-short',
        NCLOUD_SECRET_ACCESS_KEY: 'SK-long',
      },
    });
    expect(r.credentials).toEqual({ accessKey: 'AK-long', secretKey: 'SK-long' });
    expect(r.warnings).toEqual([
      "NCLOUD_ACCESS_KEY_ID and NCLOUD_ACCESS_KEY are both set and differ: using NCLOUD_ACCESS_KEY_ID, as NCP's SDKs do (unset the one you do not mean)",
      "NCLOUD_SECRET_ACCESS_KEY and NCLOUD_SECRET_KEY are both set and differ: using NCLOUD_SECRET_ACCESS_KEY, as NCP's SDKs do (unset the one you do not mean)",
    ]);
    for (const value of ['AK-short', 'AK-long', 'SK-short', 'SK-long'])
      expect(JSON.stringify(r.warnings)).not.toContain(value);
  });

  it('2. says nothing when both names of a key hold the same value, or the pair mixes the two spellings', async () => {
    const same = await resolve({
      env: { NCLOUD_ACCESS_KEY: 'AK', NCLOUD_ACCESS_KEY_ID: 'AK', NCLOUD_SECRET_KEY: 'SK' },
    });
    expect(same.warnings).toEqual([]);
    expect(same.source).toBe('environment variables NCLOUD_ACCESS_KEY_ID and NCLOUD_SECRET_KEY');
  });

  it('3. without variables, the profile named by NCLOUD_PROFILE', async () => {
    const r = await resolve({ env: { NCLOUD_PROFILE: 'prod' } });
    expect(r.credentials).toEqual({ accessKey: 'AK-file-prod', secretKey: 'SK-file-prod' });
    expect(r.reads).toEqual([PATH]);
  });

  it('3. else the DEFAULT profile', async () => {
    const r = await resolve({});
    expect(r.credentials).toEqual({ accessKey: 'AK-file-default', secretKey: 'SK-file-default' });
    expect(r.source).toBe(`profile [DEFAULT] of ${PATH}`);
    expect(r.warnings).toEqual([]);
  });

  it('--profile wins over NCLOUD_PROFILE', async () => {
    const r = await resolve({ profile: 'DEFAULT', env: { NCLOUD_PROFILE: 'prod' } });
    expect(r.credentials.accessKey).toBe('AK-file-default');
  });

  it('never mixes sources: a half-set pair of variables is ignored, with a warning', async () => {
    const r = await resolve({ env: { NCLOUD_ACCESS_KEY: 'AK-env-only' } });
    expect(r.credentials).toEqual({ accessKey: 'AK-file-default', secretKey: 'SK-file-default' });
    expect(r.warnings).toEqual([
      `NCLOUD_ACCESS_KEY is set but neither NCLOUD_SECRET_ACCESS_KEY nor NCLOUD_SECRET_KEY is: ignoring it and using profile [DEFAULT] of ${PATH}`,
    ]);
  });

  it('reads HOME from the environment it is given (USERPROFILE on Windows)', async () => {
    const fs = fileSystem(FILE);
    await resolveCredentials({
      profile: undefined,
      env: { USERPROFILE: '/users/lee' },
      readFile: fs.readFile,
      platform: 'linux',
    });
    expect(fs.reads).toEqual([join('/users/lee', '.ncloud', 'configure')]);
  });
});

describe('credentials from the profile file: what is said', () => {
  it('warns when the file is accessible to group or others, suggesting chmod 600', async () => {
    const r = await resolve({}, FILE, 0o100644);
    expect(r.warnings).toEqual([expect.stringContaining(`(mode 644): run chmod 600 ${PATH}`)]);
  });

  it('warns about lines it could not read, by number', async () => {
    const r = await resolve({}, `${FILE}\nnot ini at all`);
    expect(r.warnings).toEqual([expect.stringMatching(/line 10 not understood/)]);
  });

  it("returns the profile's ncloud_api_url beside the two keys, naming where it was read", async () => {
    const r = await resolve({});
    expect(Object.keys(r.credentials).sort()).toEqual(['accessKey', 'secretKey']);
    expect(r.apiUrl).toEqual({
      url: 'https://ncloud.apigw.ntruss.com',
      where: `ncloud_api_url of [DEFAULT] of ${PATH}`,
    });
    expect((await resolve({ profile: 'prod' })).apiUrl).toBeUndefined();
    expect((await resolve({ env: ENV_KEYS })).apiUrl).toBeUndefined();
  });

  it('missing everything: names the variables AND the file and section looked at', async () => {
    const error = await failure({}, null);
    expect(error.message).toContain('NCLOUD_ACCESS_KEY and NCLOUD_SECRET_KEY');
    expect(error.message).toContain('NCLOUD_ACCESS_KEY_ID and NCLOUD_SECRET_ACCESS_KEY');
    expect(error.message).toContain(`section [DEFAULT] of ${PATH}`);
    expect(error.message).toContain(`${PATH} does not exist`);
  });

  it('missing the secret in the section: names the key, never a value', async () => {
    const error = await failure({ env: { NCLOUD_PROFILE: 'broken' } });
    expect(error.message).toContain('section [broken] has no ncloud_secret_access_key');
    expect(error.message).not.toContain('AK-file-broken');
  });

  it('a file without DEFAULT: lists the profiles found and how to choose one', async () => {
    const error = await failure({}, '[prod]\nncloud_access_key_id = a\nncloud_secret_access_key = b');
    expect(error.message).toMatch(
      /no \[DEFAULT\] section; profiles found: prod; choose one with --profile or NCLOUD_PROFILE/,
    );
    expect(error.message).toContain('NCLOUD_ACCESS_KEY');
  });

  it('an explicit --profile that is not in the file: exit 2 naming the profiles found', async () => {
    const error = await failure({ profile: 'staging', env: ENV_KEYS });
    expect(error.message).toBe(
      `profile "staging" (--profile) is not in ${PATH}; profiles found: DEFAULT, prod, broken`,
    );
  });

  it('an explicit --profile with no file at all', async () => {
    const error = await failure({ profile: 'prod', env: ENV_KEYS }, null);
    expect(error.message).toBe(`profile "prod" (--profile): ${PATH} does not exist`);
  });

  it('an NCLOUD_PROFILE that is not in the file names it, the profiles found and the variables', async () => {
    const error = await failure({ env: { NCLOUD_PROFILE: 'nope' } });
    expect(error.message).toMatch(
      /profile "nope" \(NCLOUD_PROFILE\) is not in .*profiles found: DEFAULT, prod, broken; or set NCLOUD_ACCESS_KEY/,
    );
  });

  it('an empty --profile is refused', async () => {
    const error = await failure({ profile: '  ' });
    expect(error.message).toMatch(/--profile is empty/);
  });

  it('mentions a half-set pair of variables when nothing else works either', async () => {
    const error = await failure({ env: { NCLOUD_SECRET_KEY: 'SK-env' } }, null);
    expect(error.message).toContain(
      'NCLOUD_SECRET_KEY is set but neither NCLOUD_ACCESS_KEY_ID nor NCLOUD_ACCESS_KEY is',
    );
  });
});

describe('keys that cannot be sent are refused when read', () => {
  it.each([
    [
      'a CR/LF in the access key',
      { NCLOUD_ACCESS_KEY: 'AK-env\r\nX-Evil: 1', NCLOUD_SECRET_KEY: 'SK-env' },
      /access key in NCLOUD_ACCESS_KEY contains a control character/,
    ],
    [
      'a NUL in the secret',
      { NCLOUD_ACCESS_KEY: 'AK-env', NCLOUD_SECRET_KEY: 'SK-\u0000env' },
      /secret key in NCLOUD_SECRET_KEY contains a control character/,
    ],
    [
      'an ESC in the SDK-named secret',
      { NCLOUD_ACCESS_KEY_ID: 'AK-env', NCLOUD_SECRET_ACCESS_KEY: 'SK\u001b[2Jenv' },
      /secret key in NCLOUD_SECRET_ACCESS_KEY/,
    ],
    [
      'a space inside the access key',
      { NCLOUD_ACCESS_KEY: 'AK env', NCLOUD_SECRET_KEY: 'SK-env' },
      /access key in NCLOUD_ACCESS_KEY contains a space or a non-ASCII character/,
    ],
  ])('%s (environment): exit 2 naming the variable, never the key', async (_name, env, message) => {
    const error = await failure({ env });
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('AK');
    expect(error.message).not.toContain('SK');
  });

  it('a control character in a profile key names the field and the section', async () => {
    const text = '[DEFAULT]\nncloud_access_key_id = AK\u0007-x\nncloud_secret_access_key = SK-file-default';
    const error = await failure({}, text);
    expect(error.message).toContain(
      `access key in ncloud_access_key_id of [DEFAULT] of ${PATH} contains a control character`,
    );
    expect(error.message).not.toContain('AK');
  });
});
