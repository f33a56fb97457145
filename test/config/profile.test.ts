import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  describeLoosePermissions,
  parseProfileFile,
  profileFilePath,
  readProfileFile,
} from '../../src/config/profile.js';
import { UsageError } from '../../src/core/errors.js';

/** Profiles as plain objects, for readable assertions. */
function profilesOf(text: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const [name, keys] of parseProfileFile(text).profiles) out[name] = Object.fromEntries(keys);
  return out;
}

describe('parseProfileFile', () => {
  it('reads the file `ncloud configure` writes: sections are profiles', () => {
    const text = [
      '[DEFAULT]',
      'ncloud_access_key_id = AK-default',
      'ncloud_secret_access_key = SK-default',
      'ncloud_api_url = https://ncloud.apigw.ntruss.com',
      '',
      '[project]',
      'ncloud_access_key_id = AK-project',
      'ncloud_secret_access_key = SK-project',
      '',
    ].join('\n');
    expect(profilesOf(text)).toEqual({
      DEFAULT: {
        ncloud_access_key_id: 'AK-default',
        ncloud_secret_access_key: 'SK-default',
        ncloud_api_url: 'https://ncloud.apigw.ntruss.com',
      },
      project: { ncloud_access_key_id: 'AK-project', ncloud_secret_access_key: 'SK-project' },
    });
  });

  it('skips # and ; comments, whole-line and inline after whitespace, and blank lines', () => {
    const text = [
      '# written by hand',
      '; another comment',
      '   ',
      '[DEFAULT]   ; further profiles follow',
      'ncloud_access_key_id = AK1   # the key id',
      'ncloud_secret_access_key = SK;kept#too',
    ].join('\n');
    expect(profilesOf(text)).toEqual({
      DEFAULT: { ncloud_access_key_id: 'AK1', ncloud_secret_access_key: 'SK;kept#too' },
    });
  });

  it('accepts any spacing around = and around the section name, CRLF line ends and a BOM', () => {
    const text = '\uFEFF[ prod ]\r\n\tncloud_access_key_id=AK2\r\nncloud_secret_access_key   =   SK2  \r\n';
    expect(profilesOf(text)).toEqual({
      prod: { ncloud_access_key_id: 'AK2', ncloud_secret_access_key: 'SK2' },
    });
  });

  it('removes matching quotes and keeps what is inside verbatim', () => {
    const text = `[q]\nncloud_access_key_id = "AK 3 # not a comment"\nncloud_secret_access_key = 'SK3'\nodd = "unclosed`;
    expect(profilesOf(text).q).toEqual({
      ncloud_access_key_id: 'AK 3 # not a comment',
      ncloud_secret_access_key: 'SK3',
      odd: '"unclosed',
    });
  });

  it('removes the quotes of a quoted value followed by a comment', () => {
    const text = `[q]\nncloud_access_key_id = "AK4" ; set by hand\nncloud_secret_access_key = 'S K;4'   # rotated\n`;
    expect(profilesOf(text).q).toEqual({ ncloud_access_key_id: 'AK4', ncloud_secret_access_key: 'S K;4' });
  });

  it('puts keys before the first section into DEFAULT, as the SDKs read them', () => {
    expect(profilesOf('ncloud_access_key_id = AK\nncloud_secret_access_key = SK\n')).toEqual({
      DEFAULT: { ncloud_access_key_id: 'AK', ncloud_secret_access_key: 'SK' },
    });
  });

  it('lower-cases key names but keeps section names and values as written', () => {
    expect(profilesOf('[Prod]\nNCLOUD_ACCESS_KEY_ID = MixedCase')).toEqual({
      Prod: { ncloud_access_key_id: 'MixedCase' },
    });
  });

  it('merges a repeated section; a repeated key keeps its last value', () => {
    const text = '[a]\nx = 1\n[b]\ny = 2\n[a]\nx = 3\nz = 4';
    expect(profilesOf(text)).toEqual({ a: { x: '3', z: '4' }, b: { y: '2' } });
  });

  it('keeps a profile whose keys are missing, and an empty value as empty', () => {
    expect(profilesOf('[empty]\n[half]\nncloud_access_key_id =\n')).toEqual({
      empty: {},
      half: { ncloud_access_key_id: '' },
    });
  });

  it('reports lines it cannot read by number and carries on', () => {
    const parsed = parseProfileFile('[ok]\nthis is not ini\n[]\n= value\n[unclosed\nk = v');
    expect(parsed.malformedLines).toEqual([2, 3, 4, 5]);
    expect(Object.fromEntries(parsed.profiles.get('ok') ?? [])).toEqual({ k: 'v' });
  });

  it('returns no profiles for an empty file', () => {
    expect(parseProfileFile('').profiles.size).toBe(0);
  });
});

describe('profileFilePath', () => {
  it('uses HOME from the given environment, then USERPROFILE', () => {
    expect(profileFilePath({ HOME: '/home/kim' })).toBe(join('/home/kim', '.ncloud', 'configure'));
    expect(profileFilePath({ USERPROFILE: 'C:\\Users\\kim' })).toBe(
      join('C:\\Users\\kim', '.ncloud', 'configure'),
    );
    expect(profileFilePath({ HOME: '/h', USERPROFILE: '/u' })).toBe(join('/h', '.ncloud', 'configure'));
  });
});

describe('describeLoosePermissions', () => {
  it.each([0o100600, 0o100400, 0o600])('says nothing for mode %s', (mode) => {
    expect(describeLoosePermissions('/h/.ncloud/configure', mode, 'linux')).toBeNull();
  });

  it.each([
    [0o100644, '644'],
    [0o100640, '640'],
    [0o100604, '604'],
    [0o100620, '620'],
    [0o100777, '777'],
  ])('warns for mode %s with chmod 600', (mode, octal) => {
    const warning = describeLoosePermissions('/h/.ncloud/configure', mode, 'linux');
    expect(warning).toContain(`mode ${octal}`);
    expect(warning).toContain('chmod 600 /h/.ncloud/configure');
  });

  it('says nothing on Windows, where the mode bits mean nothing', () => {
    expect(describeLoosePermissions('C:\\x', 0o100666, 'win32')).toBeNull();
  });
});

describe('readProfileFile', () => {
  it('returns the text and the mode of the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nclue-profile-'));
    const path = join(dir, 'configure');
    await writeFile(path, '[DEFAULT]\n');
    await chmod(path, 0o640);
    const read = await readProfileFile(path);
    expect(read?.text).toBe('[DEFAULT]\n');
    expect((read?.mode ?? 0) & 0o777).toBe(0o640);
  });

  it('returns null when the file or its folder does not exist', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nclue-profile-'));
    expect(await readProfileFile(join(dir, 'missing'))).toBeNull();
    expect(await readProfileFile(join(dir, 'no-dir', 'configure'))).toBeNull();
  });

  it('throws a UsageError naming the path when it is not a file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nclue-profile-'));
    await mkdir(join(dir, 'configure'));
    await expect(readProfileFile(join(dir, 'configure'))).rejects.toThrow(UsageError);
    await expect(readProfileFile(join(dir, 'configure'))).rejects.toThrow(join(dir, 'configure'));
  });
});
