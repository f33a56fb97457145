import { chmod, mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, readTaskData, type Emulator } from '../../src/emulator/index.js';
import { runCli, EDGE_FIXTURES } from '../support/cli.js';

const ACCESS = 'AK-PROFILE';
const SECRET = 'profile-secret-7Hq!';

let emulator: Emulator;
let taskId: string;

beforeAll(async () => {
  const tasks = await readTaskData(join(EDGE_FIXTURES, 'tasks.json'));
  taskId = String(tasks[0]?.task_id);
  emulator = await createEmulator({ tasks, credentials: { accessKey: ACCESS, secretKey: SECRET }, rps: 50 });
});
afterAll(async () => {
  await emulator.close();
});

/** A temporary HOME with ~/.ncloud/configure holding `text`, at `mode`. */
async function home(text: string | null, mode = 0o600): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'nclue-home-'));
  if (text !== null) {
    await mkdir(join(dir, '.ncloud'));
    await writeFile(join(dir, '.ncloud', 'configure'), text);
    await chmod(join(dir, '.ncloud', 'configure'), mode);
  }
  return dir;
}

const PROFILES = [
  '[DEFAULT]',
  `ncloud_access_key_id = ${ACCESS}`,
  `ncloud_secret_access_key = ${SECRET}`,
  // Nothing listens there: --endpoint always wins over it.
  'ncloud_api_url = http://127.0.0.1:9/api/v1',
  '',
  '[other]',
  'ncloud_access_key_id = AK-OTHER',
  'ncloud_secret_access_key = other-secret-x',
].join('\n');

async function report(args: string[], env: Record<string, string>) {
  const out = await mkdtemp(join(tmpdir(), 'nclue-cred-out-'));
  const before = emulator.stats.requests;
  const r = await runCli(
    [taskId, '--endpoint', emulator.url, '--rps', '40', '--format', 'csv', '--out', out, ...args],
    { env },
  );
  return { ...r, out, sent: emulator.stats.requests - before };
}

describe('credentials from ~/.ncloud/configure (the CLI, HOME from its environment)', () => {
  it('uses the DEFAULT profile, warns that the file is readable by others; --endpoint beats ncloud_api_url', async () => {
    const r = await report([], { HOME: await home(PROFILES, 0o644) });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /warning: .*\.ncloud\/configure holds your secret key but is accessible to group or others \(mode 644\): run chmod 600 /,
    );
    expect(r.sent).toBe(1);
    expect(r.stderr + r.stdout).not.toContain(SECRET);
  });

  it('says nothing about permissions at mode 600', async () => {
    const r = await report([], { HOME: await home(PROFILES, 0o600) });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('chmod');
  });

  it('--profile beats NCLOUD_ACCESS_KEY / NCLOUD_SECRET_KEY', async () => {
    const file = PROFILES.replace('[DEFAULT]', '[prod]').replace('[other]', '[DEFAULT]');
    const r = await report(['--profile', 'prod'], {
      HOME: await home(file),
      NCLOUD_ACCESS_KEY: 'AK-WRONG',
      NCLOUD_SECRET_KEY: 'wrong',
    });
    expect(r.code).toBe(0);
  });

  it('the variables beat NCLOUD_PROFILE and the DEFAULT profile', async () => {
    const r = await report([], {
      HOME: await home(PROFILES),
      NCLOUD_PROFILE: 'other',
      NCLOUD_ACCESS_KEY: ACCESS,
      NCLOUD_SECRET_KEY: SECRET,
    });
    expect(r.code).toBe(0);
  });

  it('NCLOUD_PROFILE picks the profile when no variables are set (here: keys the API rejects, exit 4)', async () => {
    const r = await report([], { HOME: await home(PROFILES), NCLOUD_PROFILE: 'other' });
    expect(r.code).toBe(4);
    expect(r.stderr).not.toContain('other-secret-x');
  });

  it('NCLUE_REPORT_PROFILE is the same explicit choice as --profile', async () => {
    const file = PROFILES.replace('[DEFAULT]', '[prod]').replace('[other]', '[DEFAULT]');
    const r = await report([], { HOME: await home(file), NCLUE_REPORT_PROFILE: 'prod' });
    expect(r.code).toBe(0);
  });

  it('exits 2 naming the profiles found when --profile names none of them, and sends nothing', async () => {
    const r = await report(['--profile', 'staging'], { HOME: await home(PROFILES) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /profile "staging" \(--profile\) is not in .*configure; profiles found: DEFAULT, other/,
    );
    expect(r.sent).toBe(0);
    expect(await readdir(r.out)).toEqual([]);
  });

  it("without an endpoint, takes the profile's ncloud_api_url as the endpoint's base", async () => {
    const base = new URL(emulator.url).origin;
    const out = await mkdtemp(join(tmpdir(), 'nclue-cred-out-'));
    const before = emulator.stats.requests;
    const r = await runCli(
      [taskId, '--rps', '40', '--format', 'csv', '--out', out, '--verbose', '--dry-run'],
      { env: { HOME: await home(PROFILES.replace('http://127.0.0.1:9/api/v1', base)) } },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`endpoint: ${emulator.url}`);
    const run = await runCli([taskId, '--rps', '40', '--format', 'csv', '--out', out, '--verbose'], {
      env: { HOME: await home(PROFILES.replace('http://127.0.0.1:9/api/v1', base)) },
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`endpoint: ${emulator.url}, from ncloud_api_url of [DEFAULT] of`);
    expect(emulator.stats.requests - before).toBe(1);
  });

  it('NCLUE_ENDPOINT beats ncloud_api_url too', async () => {
    const out = await mkdtemp(join(tmpdir(), 'nclue-cred-out-'));
    const r = await runCli([taskId, '--rps', '40', '--format', 'csv', '--out', out], {
      env: { HOME: await home(PROFILES), NCLUE_ENDPOINT: emulator.url },
    });
    expect(r.code).toBe(0);
  });

  it('exits 2 naming the variables and the file and section looked at when there are no credentials', async () => {
    const dir = await home(null);
    const r = await report([], { HOME: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('NCLOUD_ACCESS_KEY and NCLOUD_SECRET_KEY');
    expect(r.stderr).toContain(`section [DEFAULT] of ${join(dir, '.ncloud', 'configure')}`);
    expect(r.sent).toBe(0);
  });
});
