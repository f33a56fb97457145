import { describe, expect, it } from 'vitest';
import { EMULATOR_USAGE, EmulatorArgsError, parseEmulatorArgs } from '../../src/emulator/args.js';
import { SAMPLE_ACCESS_KEY, SAMPLE_SECRET_KEY } from '../../src/emulator/sample-keys.js';

const DATA = '/pkg/samples/tasks.json';

describe('parseEmulatorArgs', () => {
  it('defaults to loopback, port 8787, 1 rps, offset paging and the sample keys', () => {
    expect(parseEmulatorArgs([], {}, DATA)).toEqual({
      help: false,
      dataFile: DATA,
      faultsFile: undefined,
      host: '127.0.0.1',
      port: 8787,
      rps: 1,
      latencyMs: 0,
      pagination: 'offset',
      total: 'account',
      listOmit: [],
      credentials: { accessKey: SAMPLE_ACCESS_KEY, secretKey: SAMPLE_SECRET_KEY },
      usingSampleKeys: true,
    });
  });

  it('reads every flag', () => {
    const args = parseEmulatorArgs(
      [
        '--data',
        'd.json',
        '--port',
        '0',
        '--host',
        '::1',
        '--rps',
        '0',
        '--latency-ms',
        '25',
        '--pagination',
        'page',
        '--total',
        'page',
        '--list-omit',
        'AUROC, line_count,',
        '--faults',
        'f.json',
      ],
      {},
      DATA,
    );
    expect(args).toMatchObject({
      dataFile: 'd.json',
      port: 0,
      host: '::1',
      rps: 0,
      latencyMs: 25,
      pagination: 'page',
      total: 'page',
      listOmit: ['AUROC', 'line_count'],
      faultsFile: 'f.json',
    });
  });

  it('reads NCLOUD_ACCESS_KEY_ID / NCLOUD_SECRET_ACCESS_KEY first, as the CLI does', () => {
    const args = parseEmulatorArgs(
      [],
      {
        NCLOUD_ACCESS_KEY: 'ak',
        NCLOUD_SECRET_KEY: 'sk',
        NCLOUD_ACCESS_KEY_ID: 'ak-id',
        NCLOUD_SECRET_ACCESS_KEY: 'sk-id',
      },
      DATA,
    );
    expect(args.credentials).toEqual({ accessKey: 'ak-id', secretKey: 'sk-id' });
  });

  it('lists the new options and the error codes in its help', () => {
    expect(EMULATOR_USAGE).toContain('--total account|page');
    expect(EMULATOR_USAGE).toContain('--list-omit FIELDS');
    expect(EMULATOR_USAGE).toMatch(/"list": list requests, "\*": any request/);
    expect(EMULATOR_USAGE).toContain('100, 200, 210, 300, 400, 410, 420, 430, 500, 510, 900, 10100');
  });

  it('takes credentials from NCLOUD_ACCESS_KEY / NCLOUD_SECRET_KEY', () => {
    const args = parseEmulatorArgs([], { NCLOUD_ACCESS_KEY: 'ak', NCLOUD_SECRET_KEY: 'sk' }, DATA);
    expect(args.credentials).toEqual({ accessKey: 'ak', secretKey: 'sk' });
    expect(args.usingSampleKeys).toBe(false);
  });

  it.each([
    [['--port', '70000'], {}, /--port must be an integer from 0 to 65535/],
    [['--port', '1.5'], {}, /--port/],
    [['--rps=-1'], {}, /--rps must be a number ≥ 0/],
    [['--latency-ms', 'soon'], {}, /--latency-ms/],
    [['--pagination', 'cursor'], {}, /--pagination must be "offset" or "page"/],
    [['--total', 'all'], {}, /--total must be "account" or "page"/],
    [['--verbose'], {}, /Unknown option/],
    [[], { NCLOUD_ACCESS_KEY: 'ak' }, /set both an access key .* and a secret key/],
  ])('rejects %j %j', (argv, env, message) => {
    expect(() => parseEmulatorArgs(argv, env, DATA)).toThrow(EmulatorArgsError);
    expect(() => parseEmulatorArgs(argv, env, DATA)).toThrow(message);
  });
});
