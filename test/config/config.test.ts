import { describe, expect, it } from 'vitest';
import { readEnvCredentials } from '../../src/config/credentials.js';
import { DEFAULT_ENDPOINT, deriveEndpointFromApiUrl, parseEndpoint } from '../../src/client/endpoint.js';
import { MAX_TIMEOUT_MS, parsePositiveNumber, parseWholeNumber } from '../../src/config/numbers.js';
import { defaultReportName, parseFormats, parseReportName } from '../../src/pipeline/resolve-options.js';
import { UsageError } from '../../src/core/errors.js';

describe('parseEndpoint', () => {
  it.each([
    [DEFAULT_ENDPOINT, DEFAULT_ENDPOINT],
    ['https://nclue.apigw.ntruss.com/api/v1/', DEFAULT_ENDPOINT],
    ['http://127.0.0.1:8787/api/v1', 'http://127.0.0.1:8787/api/v1'],
    ['http://localhost:1/api/v1', 'http://localhost:1/api/v1'],
    ['http://[::1]:9/api/v1', 'http://[::1]:9/api/v1'],
  ])('accepts %s', (input, expected) => {
    expect(parseEndpoint(input)).toBe(expected);
  });
  it.each([
    ['not a url', /not a URL/],
    ['ftp://x/api/v1', /http\(s\)/],
    ['http://nclue.example.com/api/v1', /refusing plain http/],
    ['http://10.0.0.1/api/v1', /refusing plain http/],
    ['https://u:p@x.test/api/v1', /user name/],
    ['https://x.test/api/v1?a=1', /query/],
  ])('refuses %s', (input, message) => {
    expect(() => parseEndpoint(input)).toThrow(message);
  });
});

describe("deriveEndpointFromApiUrl: a profile's ncloud_api_url as the endpoint's base", () => {
  const WHERE = 'ncloud_api_url of [DEFAULT] of /home/kim/.ncloud/configure';
  it.each([
    ['https://ncloud.apigw.ntruss.com', DEFAULT_ENDPOINT],
    ['https://ncloud.apigw.ntruss.com/', DEFAULT_ENDPOINT],
    ['https://ncloud.apigw.gov-ntruss.com', 'https://nclue.apigw.gov-ntruss.com/api/v1'],
    ['https://fin-ncloud.apigw.fin-ntruss.com', 'https://fin-nclue.apigw.fin-ntruss.com/api/v1'],
    ['http://127.0.0.1:8787', 'http://127.0.0.1:8787/api/v1'],
    ['http://127.0.0.1:8787/api/v1/', 'http://127.0.0.1:8787/api/v1'],
    ['https://proxy.example.com/nclue', 'https://proxy.example.com/nclue/api/v1'],
  ])('%s → %s', (apiUrl, endpoint) => {
    expect(deriveEndpointFromApiUrl(apiUrl, WHERE)).toBe(endpoint);
  });

  it.each([
    ['not a url', /ncloud_api_url of \[DEFAULT\].* is not a URL/],
    ['http://ncloud.example.com', /refusing plain http/],
    ['ftp://ncloud.apigw.ntruss.com', /ncloud_api_url of \[DEFAULT\].* must be an http\(s\) URL/],
  ])('refuses %s, naming where it was read', (apiUrl, message) => {
    expect(() => deriveEndpointFromApiUrl(apiUrl, WHERE)).toThrow(message);
  });
});

describe('credentials', () => {
  it("prefers the SDK names NCLOUD_ACCESS_KEY_ID / NCLOUD_SECRET_ACCESS_KEY, as NCP's SDKs do", () => {
    expect(
      readEnvCredentials({ NCLOUD_ACCESS_KEY: 'a', NCLOUD_SECRET_KEY: 's', NCLOUD_ACCESS_KEY_ID: 'x' }),
    ).toEqual({ accessKey: 'x', secretKey: 's' });
    expect(readEnvCredentials({ NCLOUD_ACCESS_KEY_ID: 'x', NCLOUD_SECRET_ACCESS_KEY: 'y' })).toEqual({
      accessKey: 'x',
      secretKey: 'y',
    });
  });
});

describe('numbers', () => {
  it('parses positive numbers', () => {
    expect(parsePositiveNumber('rps', '0.5')).toBe(0.5);
    expect(parsePositiveNumber('rps', '20')).toBe(20);
  });
  it.each(['0', '-1', 'abc', '', 'Infinity', '1x'])('rejects --rps %j', (v) => {
    expect(() => parsePositiveNumber('rps', v)).toThrow(UsageError);
  });
  it.each(['0', '-2', '1.5', 'four', ''])('rejects --concurrency %j', (v) => {
    expect(() => parseWholeNumber('concurrency', v)).toThrow(/--concurrency must be a whole number/);
  });
  it('allows --retries 0', () => {
    expect(parseWholeNumber('retries', '0', 0)).toBe(0);
  });
});

describe('report names and formats', () => {
  it('defaults to nclue-tasks-YYYY-MM-DD', () => {
    expect(defaultReportName(new Date(2026, 10, 5, 12))).toBe('nclue-tasks-2026-11-05');
  });
  it.each(['../x', 'a/b', 'a\\b', '', '..'])('refuses --name %j', (name) => {
    expect(() => parseReportName(name)).toThrow(UsageError);
  });
  it('parses formats, dropping repeats', () => {
    expect(parseFormats('CSV, xlsx,csv')).toEqual(['csv', 'xlsx']);
    expect(() => parseFormats('csv,pdf')).toThrow(/unknown --format "pdf"/);
  });
});

describe('--timeout bounds', () => {
  it('refuses a timeout Node could not keep, before anything is sent', () => {
    expect(parseWholeNumber('timeout', '86400000', 1, MAX_TIMEOUT_MS)).toBe(86_400_000);
    expect(() => parseWholeNumber('timeout', '99999999999', 1, MAX_TIMEOUT_MS)).toThrow(
      /--timeout must be at most 86400000/,
    );
  });
});
