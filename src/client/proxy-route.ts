import { isLoopbackHost } from './endpoint.js';

/** The proxy variables as undici's EnvHttpProxyAgent reads them: lower-case names win. */
export interface ProxySettings {
  httpProxy: string | undefined;
  httpsProxy: string | undefined;
  noProxy: string | undefined;
}

export function readProxySettings(env: NodeJS.ProcessEnv): ProxySettings {
  const pick = (name: string): string | undefined => {
    const value = env[name.toLowerCase()] ?? env[name.toUpperCase()];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  return { httpProxy: pick('http_proxy'), httpsProxy: pick('https_proxy'), noProxy: pick('no_proxy') };
}

/** Which way the requests of a run take, and why. */
export type Route =
  { kind: 'direct'; why: 'loopback' | 'no proxy set' | 'NO_PROXY' } | { kind: 'proxy'; proxy: string };

/**
 * Decides the route to `url`. A loopback host is always reached directly, whatever the variables
 * say: a proxy would otherwise receive, in plain text, signed requests (access key and signature)
 * meant never to leave this machine. Otherwise https uses HTTPS_PROXY (falling back to HTTP_PROXY),
 * http uses HTTP_PROXY, and NO_PROXY lists the exceptions.
 */
export function chooseRoute(url: string, settings: ProxySettings): Route {
  const { hostname, protocol, port } = new URL(url);
  if (isLoopbackHost(hostname)) return { kind: 'direct', why: 'loopback' };
  const proxy = protocol === 'https:' ? (settings.httpsProxy ?? settings.httpProxy) : settings.httpProxy;
  if (proxy === undefined) return { kind: 'direct', why: 'no proxy set' };
  if (matchesNoProxy(hostname, port, settings.noProxy)) return { kind: 'direct', why: 'NO_PROXY' };
  return { kind: 'proxy', proxy };
}

/** NO_PROXY entries: `*`, host names, `host:port`, domain suffixes (`.example.com` or `example.com`). */
function matchesNoProxy(hostname: string, port: string, noProxy: string | undefined): boolean {
  if (noProxy === undefined) return false;
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return noProxy
    .split(/[,\s]+/)
    .filter((entry) => entry !== '')
    .some((raw) => {
      if (raw === '*') return true;
      const [name = '', entryPort] = raw.toLowerCase().split(/:(?=\d+$)/);
      if (entryPort !== undefined && entryPort !== port) return false;
      const suffix = name.replace(/^\*?\./, '');
      return host === suffix || host.endsWith(`.${suffix}`);
    });
}

/** The route in words, for --verbose; a proxy's user name and password are never shown. */
export function describeRoute(route: Route): string {
  if (route.kind === 'proxy') return `through the proxy ${redactProxy(route.proxy)}`;
  switch (route.why) {
    case 'loopback':
      return 'direct (loopback endpoint: proxy variables do not apply)';
    case 'NO_PROXY':
      return 'direct (the endpoint is listed in NO_PROXY)';
    case 'no proxy set':
      return 'direct (no proxy variable set)';
  }
}

function redactProxy(proxy: string): string {
  try {
    const url = new URL(proxy);
    return `${url.protocol}//${url.host}`;
  } catch {
    return '(an unparsable proxy URL)';
  }
}
