/**
 * Gateway-style error bodies, as the NCP API Gateway returns them before NCLUE sees a request:
 * `{"error":{"errorCode":"200","message":"Authentication Failed","details":"…"}}` with a **string** errorCode.
 * Codes from the NCP API Gateway common error table (shared/reference/nclue-api.md §1).
 */

export interface GatewayError {
  errorCode: string;
  message: string;
}

export const BAD_REQUEST: GatewayError = { errorCode: '100', message: 'Bad Request Exception' };
export const AUTHENTICATION_FAILED: GatewayError = { errorCode: '200', message: 'Authentication Failed' };
export const FORBIDDEN: GatewayError = { errorCode: '230', message: 'Forbidden' };
export const NOT_FOUND: GatewayError = { errorCode: '300', message: 'Not Found Exception' };
export const QUOTA_EXCEEDED: GatewayError = { errorCode: '400', message: 'Quota Exceeded' };
export const RATE_LIMITED: GatewayError = { errorCode: '420', message: 'Rate Limited' };
export const REQUEST_ENTITY_TOO_LARGE: GatewayError = {
  errorCode: '430',
  message: 'Request Entity Too Large',
};
export const ENDPOINT_ERROR: GatewayError = { errorCode: '500', message: 'Endpoint Error' };
export const ENDPOINT_TIMEOUT: GatewayError = { errorCode: '510', message: 'Endpoint Timeout' };
export const UNEXPECTED_ERROR: GatewayError = { errorCode: '900', message: 'Unexpected Error' };

/** The gateway error a bare status (e.g. a scripted fault without a body) is answered with. */
export function gatewayErrorForStatus(status: number): GatewayError {
  switch (status) {
    case 400:
      return BAD_REQUEST;
    case 401:
      return AUTHENTICATION_FAILED;
    case 403:
      return FORBIDDEN;
    case 404:
      return NOT_FOUND;
    case 413:
      return REQUEST_ENTITY_TOO_LARGE;
    case 429:
      // The rate limiter itself answers RATE_LIMITED; scripted 429s look like a spent quota.
      return QUOTA_EXCEEDED;
    case 500:
    case 502:
    case 503:
      return ENDPOINT_ERROR;
    case 504:
      return ENDPOINT_TIMEOUT;
    default:
      return status >= 500 ? UNEXPECTED_ERROR : BAD_REQUEST;
  }
}

/** Serialises a gateway error body; `details` is omitted when not given. */
export function formatGatewayErrorBody(error: GatewayError, details?: string): string {
  const body: { errorCode: string; message: string; details?: string } = { ...error };
  if (details !== undefined) body.details = details;
  return JSON.stringify({ error: body });
}
