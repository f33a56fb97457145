import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import {
  ACCESS_KEY_HEADER as HEADER_ACCESS_KEY,
  SIGNATURE_HEADER as HEADER_SIGNATURE,
  TIMESTAMP_HEADER as HEADER_TIMESTAMP,
  expectedSignature,
  type EmulatorCredentials as Credentials,
} from './signature.js';

/** The API Gateway rejects a timestamp more than 5 minutes from its own clock (docs/api.md "Signature"). */
export const DEFAULT_SKEW_MS = 300_000;

export type AuthResult = { ok: true } | { ok: false; reason: string };

export interface AuthCheck {
  method: string;
  /** The request URI exactly as received: path (incl. /api/v1) plus `?query` when present. */
  requestUri: string;
  headers: IncomingHttpHeaders;
  /** Server clock in ms. */
  serverNowMs: number;
  skewMs: number;
}

/**
 * Verifies NCP API Gateway signature v2 headers. The reason is short and never contains the secret,
 * the expected signature or the presented one.
 */
export function verifySignedRequest(check: AuthCheck, credentials: Credentials): AuthResult {
  const timestamp = readHeader(check.headers, HEADER_TIMESTAMP);
  const accessKey = readHeader(check.headers, HEADER_ACCESS_KEY);
  const signature = readHeader(check.headers, HEADER_SIGNATURE);
  const missing = [
    [HEADER_TIMESTAMP, timestamp],
    [HEADER_ACCESS_KEY, accessKey],
    [HEADER_SIGNATURE, signature],
  ]
    .filter(([, value]) => value === undefined || value === '')
    .map(([name]) => name);
  if (missing.length > 0 || timestamp === undefined || accessKey === undefined || signature === undefined) {
    return { ok: false, reason: `missing header ${missing.join(', ')}` };
  }
  if (!safeEqual(accessKey, credentials.accessKey)) return { ok: false, reason: 'unknown access key' };

  // Only canonical decimal digits: the signature covers the header text, and Number() would lose
  // leading zeros, so "0173…" must not verify as if it were "173…".
  const timestampMs = Number(timestamp);
  if (!/^\d+$/.test(timestamp) || !Number.isSafeInteger(timestampMs) || String(timestampMs) !== timestamp) {
    return { ok: false, reason: 'invalid timestamp (expected milliseconds since the Unix epoch)' };
  }
  if (Math.abs(timestampMs - check.serverNowMs) > check.skewMs) {
    return { ok: false, reason: 'timestamp out of range' };
  }

  const expected = expectedSignature(check.method, check.requestUri, timestamp, credentials);
  if (!safeEqual(signature, expected)) return { ok: false, reason: 'signature mismatch' };
  return { ok: true };
}

function readHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Constant-time comparison; unequal lengths compare a buffer with itself so timing stays alike. */
function safeEqual(presented: string, expected: string): boolean {
  const a = Buffer.from(presented, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  if (a.length !== b.length) {
    timingSafeEqual(b, b);
    return false;
  }
  return timingSafeEqual(a, b);
}
