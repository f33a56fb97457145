import { describe, expect, it } from 'vitest';
import { expectedSignature } from '../../src/emulator/signature.js';
import { verifySignedRequest } from '../../src/emulator/auth.js';

// Known-answer vectors from docs/api.md, "Signature": the emulator's own verifier is checked against
// them directly, independently of the client's signer (test/client/sign.test.ts checks that one).
const CREDENTIALS = { accessKey: 'AKIDEXAMPLE0001', secretKey: 'SECRETEXAMPLE0001' };
const TIMESTAMP = '1732589296000';

const VECTORS = [
  {
    uri: '/api/v1/tasks/f5aebc0c-0000-4000-8000-b201bc64b1c9',
    signature: 'EPv0NY9/lVZ3sWz0u6R5Ve6Auf3hngKNHzeRGwf10E8=',
  },
  { uri: '/api/v1/tasks?index=0&limit=100', signature: 'hoyasrOxAY8Hrb56MV1q9gN5vY3PdwAccyOJYoEBR7w=' },
  { uri: '/api/v1/tasks', signature: 'L2D061tWYPEBOQbRSa0epVi0Miqpk3tOUt2NY1J2LA0=' },
  {
    uri: '/tasks/f5aebc0c-0000-4000-8000-b201bc64b1c9',
    signature: 'Z80P9yzzQh8s5eDt/dF3JsgJowgJvn3RBhjvgViNPdY=',
  },
];

function check(uri: string, signature: string) {
  return verifySignedRequest(
    {
      method: 'GET',
      requestUri: uri,
      headers: {
        'x-ncp-apigw-timestamp': TIMESTAMP,
        'x-ncp-iam-access-key': CREDENTIALS.accessKey,
        'x-ncp-apigw-signature-v2': signature,
      },
      serverNowMs: Number(TIMESTAMP),
      skewMs: 300_000,
    },
    CREDENTIALS,
  );
}

describe("the emulator's signature check", () => {
  it.each(VECTORS)('expects the documented signature for GET $uri', ({ uri, signature }) => {
    expect(expectedSignature('GET', uri, TIMESTAMP, CREDENTIALS)).toBe(signature);
  });

  it.each(VECTORS)('accepts the documented signature for GET $uri', ({ uri, signature }) => {
    expect(check(uri, signature)).toEqual({ ok: true });
  });

  it('rejects the signature of the path without /api/v1 on the full path', () => {
    expect(check(VECTORS[0]!.uri, VECTORS[3]!.signature)).toEqual({
      ok: false,
      reason: 'signature mismatch',
    });
  });

  it('rejects a signature made with another secret key', () => {
    const other = expectedSignature('GET', '/api/v1/tasks', TIMESTAMP, {
      ...CREDENTIALS,
      secretKey: 'OTHER',
    });
    expect(check('/api/v1/tasks', other)).toEqual({ ok: false, reason: 'signature mismatch' });
  });
});
