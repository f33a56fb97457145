import { UsageError } from '../errors.js';

/** The NCLUE API base URL (nclue-api.md §1); overridable with --endpoint or NCLUE_ENDPOINT. */
export const DEFAULT_ENDPOINT = 'https://nclue.apigw.ntruss.com/api/v1';

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Validates an endpoint: an absolute http(s) URL without credentials, query or fragment. Plain http is
 * refused unless the host is loopback, so keys and signatures never cross a network unencrypted.
 */
export function parseEndpoint(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--endpoint "${text}" is not a URL; expected e.g. ${DEFAULT_ENDPOINT}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(`--endpoint must be an http(s) URL, got ${url.protocol}`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new UsageError('--endpoint must not carry a user name or password');
  }
  if (url.search !== '' || url.hash !== '') {
    throw new UsageError('--endpoint must not have a query string or fragment');
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new UsageError(
      `refusing plain http:// endpoint ${url.host}: keys and signatures would cross the network unencrypted; use https:// (http is allowed only for loopback hosts)`,
    );
  }
  return url.toString().replace(/\/+$/, '');
}
