import { UsageError } from '../core/errors.js';

/** The NCLUE API base URL (docs/api.md, "Endpoint"); overridable with --endpoint or NCLUE_ENDPOINT. */
export const DEFAULT_ENDPOINT = 'https://nclue.apigw.ntruss.com/api/v1';

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Validates an endpoint: an absolute http(s) URL without credentials, query or fragment. Plain http is
 * refused unless the host is loopback, so keys and signatures never cross a network unencrypted.
 */
export function parseEndpoint(text: string, source = '--endpoint'): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`${source} "${text}" is not a URL; expected e.g. ${DEFAULT_ENDPOINT}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(`${source} must be an http(s) URL, got ${url.protocol}`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new UsageError(`${source} must not carry a user name or password`);
  }
  if (url.search !== '' || url.hash !== '') {
    throw new UsageError(`${source} must not have a query string or fragment`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new UsageError(
      `refusing plain http:// endpoint ${url.host}: keys and signatures would cross the network unencrypted; use https:// (http is allowed only for loopback hosts)`,
    );
  }
  return url.toString().replace(/\/+$/, '');
}

/**
 * The NCLUE endpoint for a profile's `ncloud_api_url`, used when no endpoint is given. That URL names
 * the API Gateway of the account's site, e.g. `https://ncloud.apigw.ntruss.com` (gov:
 * `…apigw.gov-ntruss.com`, fin: `fin-ncloud.apigw.fin-ntruss.com`): a gateway host
 * `[prefix-]ncloud.apigw.DOMAIN` becomes `https://[prefix-]nclue.apigw.DOMAIN/api/v1`, as NCLUE's own
 * host sits beside the generic one (an assumption for the sites other than public: docs/api.md,
 * "Endpoint"). Any other URL (a proxy, a local emulator) is the base itself, with `/api/v1` added
 * unless it ends so. `source` names where the URL was read, for messages.
 */
export function deriveEndpointFromApiUrl(apiUrl: string, source: string): string {
  let url: URL;
  try {
    url = new URL(apiUrl.trim());
  } catch {
    throw new UsageError(`${source} "${apiUrl}" is not a URL; fix it, or give --endpoint`);
  }
  const gateway = /^((?:[a-z0-9-]+-)?)ncloud\.(apigw\..+)$/i.exec(url.hostname);
  if (gateway !== null && url.protocol === 'https:') {
    return parseEndpoint(`https://${gateway[1] ?? ''}nclue.${gateway[2] ?? ''}/api/v1`, source);
  }
  const path = url.pathname.replace(/\/+$/, '');
  const base = `${url.protocol}//${url.host}${path}${/\/api\/v1$/.test(path) ? '' : '/api/v1'}`;
  if (url.search !== '' || url.hash !== '') return parseEndpoint(url.toString(), source);
  return parseEndpoint(base, source);
}
