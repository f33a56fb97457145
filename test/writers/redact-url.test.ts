import { describe, expect, it } from 'vitest';
import { redactUrl } from '../../src/writers/redact-url.js';

describe('redactUrl', () => {
  it.each([
    ['https://nclue.apigw.ntruss.com/api/v1', 'https://nclue.apigw.ntruss.com/api/v1'],
    ['http://127.0.0.1:8080/api/v1', 'http://127.0.0.1:8080/api/v1'],
    ['https://user:pa55@host.example/api/v1', 'https://host.example/api/v1'],
    ['https://host.example/api?accessKey=AK1&x=1', 'https://host.example/api?accessKey=REDACTED&x=1'],
    [
      'https://host.example/api?token=abc&SECRET=s',
      'https://host.example/api?token=REDACTED&SECRET=REDACTED',
    ],
    ['not a url', 'not a url'],
  ])('%s → %s', (text, expected) => {
    expect(redactUrl(text)).toBe(expected);
  });
});
