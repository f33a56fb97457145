import { createHmac } from 'node:crypto';

/** Header names of the NCP API Gateway "signature v2" scheme (lower case; HTTP names are case-insensitive). */
export const HEADER_TIMESTAMP = 'x-ncp-apigw-timestamp';
export const HEADER_ACCESS_KEY = 'x-ncp-iam-access-key';
export const HEADER_SIGNATURE = 'x-ncp-apigw-signature-v2';

export interface Credentials {
  accessKey: string;
  secretKey: string;
}

/**
 * The string to sign: `METHOD REQUEST_URI\nTIMESTAMP\nACCESS_KEY`, no trailing newline.
 * REQUEST_URI is everything after the host: the full path including `/api/v1`, plus `?query`
 * only when there is a query. See docs/api.md, "Signature" (NCP's "Ncloud API" common page).
 */
export function computeStringToSign(
  method: string,
  requestUri: string,
  timestampMs: number,
  accessKey: string,
): string {
  return `${method.toUpperCase()} ${requestUri}\n${timestampMs}\n${accessKey}`;
}

/** Base64(HMAC-SHA256(secretKey, stringToSign)), standard alphabet with padding. */
export function computeSignature(stringToSign: string, secretKey: string): string {
  return createHmac('sha256', secretKey).update(stringToSign, 'utf8').digest('base64');
}

/**
 * Signs one request. Pure: the timestamp is passed in, so every attempt (retries included) is signed
 * afresh by calling this again with the current time.
 */
export function signRequest(
  method: string,
  requestUri: string,
  timestampMs: number,
  credentials: Credentials,
): Record<string, string> {
  const stringToSign = computeStringToSign(method, requestUri, timestampMs, credentials.accessKey);
  return {
    [HEADER_TIMESTAMP]: String(timestampMs),
    [HEADER_ACCESS_KEY]: credentials.accessKey,
    [HEADER_SIGNATURE]: computeSignature(stringToSign, credentials.secretKey),
  };
}
