import { describe, expect, it } from 'vitest';
import { computeSignature, computeStringToSign, signRequest } from '../../src/client/sign.js';

// Known-answer vectors from docs/api.md, "Signature" (computed with openssl).
const ACCESS_KEY = 'AKIDEXAMPLE0001';
const SECRET_KEY = 'SECRETEXAMPLE0001';
const TIMESTAMP = 1732589296000;

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

describe('signature v2', () => {
  it.each(VECTORS)('signs GET $uri', ({ uri, signature }) => {
    const headers = signRequest('GET', uri, TIMESTAMP, { accessKey: ACCESS_KEY, secretKey: SECRET_KEY });
    expect(headers['x-ncp-apigw-signature-v2']).toBe(signature);
    expect(headers['x-ncp-apigw-timestamp']).toBe(String(TIMESTAMP));
    expect(headers['x-ncp-iam-access-key']).toBe(ACCESS_KEY);
  });

  it('builds the string to sign with one space, LF separators and no trailing newline', () => {
    expect(computeStringToSign('get', '/api/v1/tasks', TIMESTAMP, ACCESS_KEY)).toBe(
      `GET /api/v1/tasks\n${TIMESTAMP}\n${ACCESS_KEY}`,
    );
  });

  it('differs when the /api/v1 prefix is left out', () => {
    const full = computeSignature(
      computeStringToSign('GET', VECTORS[0]!.uri, TIMESTAMP, ACCESS_KEY),
      SECRET_KEY,
    );
    const short = computeSignature(
      computeStringToSign('GET', VECTORS[3]!.uri, TIMESTAMP, ACCESS_KEY),
      SECRET_KEY,
    );
    expect(full).not.toBe(short);
  });

  it('changes with the timestamp, so each attempt is signed afresh', () => {
    const creds = { accessKey: ACCESS_KEY, secretKey: SECRET_KEY };
    const a = signRequest('GET', '/api/v1/tasks', TIMESTAMP, creds);
    const b = signRequest('GET', '/api/v1/tasks', TIMESTAMP + 1, creds);
    expect(a['x-ncp-apigw-signature-v2']).not.toBe(b['x-ncp-apigw-signature-v2']);
  });

  it('never puts the secret key in the headers', () => {
    const headers = signRequest('GET', '/api/v1/tasks', TIMESTAMP, {
      accessKey: ACCESS_KEY,
      secretKey: SECRET_KEY,
    });
    expect(JSON.stringify(headers)).not.toContain(SECRET_KEY);
  });
});
