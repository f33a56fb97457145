/** Query parameter names that may carry a secret; their values are replaced. */
const SECRET_PARAMETER = /key|secret|token|signature|password|credential|auth/i;

/**
 * A URL safe to print in a report: user name and password removed, secret-looking query values
 * replaced by `REDACTED`. Text that is not a URL is returned unchanged.
 */
export function redactUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return text;
  }
  if (url.username === '' && url.password === '' && !hasSecretParameter(url)) {
    return text;
  }
  url.username = '';
  url.password = '';
  for (const name of new Set(url.searchParams.keys())) {
    if (SECRET_PARAMETER.test(name)) {
      url.searchParams.set(name, 'REDACTED');
    }
  }
  return url.toString();
}

function hasSecretParameter(url: URL): boolean {
  return Array.from(url.searchParams.keys()).some((name) => SECRET_PARAMETER.test(name));
}
