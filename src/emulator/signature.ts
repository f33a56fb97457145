import { createHmac } from 'node:crypto';

/*
 * The gateway's side of NCP signature v2, written from docs/api.md ("Signature") and kept apart from
 * the client's signer (src/client/sign.ts) on purpose: the emulator checks what the documentation says,
 * so a mistake in the client's string to sign fails the tests instead of being verified by itself.
 */

/** Header names as Node's http module presents them (lower case). */
export const TIMESTAMP_HEADER = 'x-ncp-apigw-timestamp';
export const ACCESS_KEY_HEADER = 'x-ncp-iam-access-key';
export const SIGNATURE_HEADER = 'x-ncp-apigw-signature-v2';

/** The key pair the emulator accepts. */
export interface EmulatorCredentials {
  accessKey: string;
  secretKey: string;
}

/**
 * The signature the gateway expects for one request: Base64 (standard alphabet, padded) of
 * HMAC-SHA256 keyed with the secret key over three lines joined by LF, with no trailing newline:
 * `METHOD REQUEST_URI`, the timestamp header's text, the access key. REQUEST_URI is the path as
 * received (with `/api/v1`) plus `?query` when there is one.
 */
export function expectedSignature(
  method: string,
  requestUri: string,
  timestampText: string,
  credentials: EmulatorCredentials,
): string {
  const lines = [`${method} ${requestUri}`, timestampText, credentials.accessKey];
  const mac = createHmac('sha256', Buffer.from(credentials.secretKey, 'utf8'));
  mac.update(Buffer.from(lines.join('\n'), 'utf8'));
  return mac.digest().toString('base64');
}
