import { UsageError } from '../errors.js';
import type { Credentials } from '../client/sign.js';

/**
 * Credentials from the environment, by NCP convention (nclue-api.md §6): NCLOUD_ACCESS_KEY /
 * NCLOUD_SECRET_KEY, or the SDKs' NCLOUD_ACCESS_KEY_ID / NCLOUD_SECRET_ACCESS_KEY.
 */
export function readEnvCredentials(env: NodeJS.ProcessEnv): Partial<Credentials> {
  const pick = (...names: string[]): string | undefined => {
    for (const name of names) {
      const value = env[name]?.trim();
      if (value) return value;
    }
    return undefined;
  };
  const out: Partial<Credentials> = {};
  const accessKey = pick('NCLOUD_ACCESS_KEY', 'NCLOUD_ACCESS_KEY_ID');
  const secretKey = pick('NCLOUD_SECRET_KEY', 'NCLOUD_SECRET_ACCESS_KEY');
  if (accessKey !== undefined) out.accessKey = accessKey;
  if (secretKey !== undefined) out.secretKey = secretKey;
  return out;
}

export function requireCredentials(found: Partial<Credentials>): Credentials {
  const missing: string[] = [];
  if (!found.accessKey) missing.push('NCLOUD_ACCESS_KEY (or NCLOUD_ACCESS_KEY_ID)');
  if (!found.secretKey) missing.push('NCLOUD_SECRET_KEY (or NCLOUD_SECRET_ACCESS_KEY)');
  if (missing.length > 0 || !found.accessKey || !found.secretKey) {
    throw new UsageError(
      `missing credentials: set ${missing.join(' and ')} to your NCP API access key and secret key`,
    );
  }
  return { accessKey: found.accessKey, secretKey: found.secretKey };
}
