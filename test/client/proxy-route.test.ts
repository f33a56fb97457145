import { describe, expect, it } from 'vitest';
import { chooseRoute, describeRoute, readProxySettings } from '../../src/client/proxy-route.js';

const PROXY = { HTTP_PROXY: 'http://user:pw@proxy.example:3128', HTTPS_PROXY: 'http://proxy.example:3129' };

describe('chooseRoute', () => {
  it.each([
    ['http://127.0.0.1:8080/api/v1/tasks', PROXY, { kind: 'direct', why: 'loopback' }],
    ['http://127.5.6.7:8080/api/v1/tasks', PROXY, { kind: 'direct', why: 'loopback' }],
    ['http://localhost:8080/x', PROXY, { kind: 'direct', why: 'loopback' }],
    ['http://[::1]:8080/x', PROXY, { kind: 'direct', why: 'loopback' }],
    ['https://nclue.apigw.ntruss.com/api/v1', PROXY, { kind: 'proxy', proxy: 'http://proxy.example:3129' }],
    [
      'https://nclue.apigw.ntruss.com/api/v1',
      { HTTP_PROXY: 'http://p:1' },
      { kind: 'proxy', proxy: 'http://p:1' },
    ],
    ['https://nclue.apigw.ntruss.com/api/v1', {}, { kind: 'direct', why: 'no proxy set' }],
    [
      'https://nclue.apigw.ntruss.com/api/v1',
      { ...PROXY, NO_PROXY: 'ntruss.com' },
      { kind: 'direct', why: 'NO_PROXY' },
    ],
    [
      'https://nclue.apigw.ntruss.com/api/v1',
      { ...PROXY, no_proxy: '*' },
      { kind: 'direct', why: 'NO_PROXY' },
    ],
    [
      'https://nclue.apigw.ntruss.com/api/v1',
      { ...PROXY, NO_PROXY: 'other.com' },
      { kind: 'proxy', proxy: 'http://proxy.example:3129' },
    ],
  ])('%s with %j → %j', (url, env, route) => {
    expect(chooseRoute(url, readProxySettings(env))).toEqual(route);
  });

  it('lower-case variables win over upper-case ones', () => {
    expect(readProxySettings({ HTTP_PROXY: 'http://a:1', http_proxy: 'http://b:2' }).httpProxy).toBe(
      'http://b:2',
    );
  });
});

describe('describeRoute', () => {
  it('never shows the proxy password', () => {
    const text = describeRoute({ kind: 'proxy', proxy: 'http://user:pw@proxy.example:3128' });
    expect(text).toBe('through the proxy http://proxy.example:3128');
  });
});
