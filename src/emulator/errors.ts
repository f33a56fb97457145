/**
 * Error answers as the NCP API Gateway gives them before NCLUE sees a request, and NCLUE's own
 * ACCESS_DENIED: `{"error":{"errorCode":"200","message":"Authentication Failed","details":"…"}}`, with
 * a **string** errorCode. The codes, their statuses and messages are the gateway's common error table
 * and NCLUE's response status codes (docs/api.md, "Errors"). The emulator's own table: it shares
 * nothing with the client's classification (src/client/retry-policy.ts).
 */

export interface GatewayError {
  /** The HTTP status the code comes with. */
  status: number;
  errorCode: string;
  message: string;
}

/** Every error code the emulator can answer with (its faults too), by code. */
export const GATEWAY_ERRORS: Readonly<Record<string, GatewayError>> = {
  '100': { status: 400, errorCode: '100', message: 'Bad Request Exception' },
  '200': { status: 401, errorCode: '200', message: 'Authentication Failed' },
  '210': { status: 401, errorCode: '210', message: 'Permission Denied' },
  '300': { status: 404, errorCode: '300', message: 'Not Found Exception' },
  '400': { status: 429, errorCode: '400', message: 'Quota Exceeded' },
  '410': { status: 429, errorCode: '410', message: 'Throttle Limited' },
  '420': { status: 429, errorCode: '420', message: 'Rate Limited' },
  '430': { status: 413, errorCode: '430', message: 'Request Entity Too Large' },
  '500': { status: 503, errorCode: '500', message: 'Endpoint Error' },
  '510': { status: 504, errorCode: '510', message: 'Endpoint Timeout' },
  '900': { status: 500, errorCode: '900', message: 'Unexpected Error' },
  // NCLUE's own code (its other 10xxx codes concern creating resources, which the emulator does not serve).
  '10100': { status: 401, errorCode: '10100', message: 'ACCESS_DENIED' },
};

const error = (code: string): GatewayError => GATEWAY_ERRORS[code] as GatewayError;

export const BAD_REQUEST = error('100');
export const AUTHENTICATION_FAILED = error('200');
export const PERMISSION_DENIED = error('210');
export const NOT_FOUND = error('300');
export const QUOTA_EXCEEDED = error('400');
export const THROTTLE_LIMITED = error('410');
export const RATE_LIMITED = error('420');
export const REQUEST_ENTITY_TOO_LARGE = error('430');
export const ENDPOINT_ERROR = error('500');
export const ENDPOINT_TIMEOUT = error('510');
export const UNEXPECTED_ERROR = error('900');
export const ACCESS_DENIED = error('10100');

/** The error of a known code (string or number, as a fault names it), or undefined. */
export function gatewayErrorForCode(code: string | number): GatewayError | undefined {
  const key = String(code).trim();
  return Object.hasOwn(GATEWAY_ERRORS, key) ? GATEWAY_ERRORS[key] : undefined;
}

/** The gateway error a bare status (e.g. a scripted fault without a body) is answered with. */
export function gatewayErrorForStatus(status: number): GatewayError {
  switch (status) {
    case 401:
      return AUTHENTICATION_FAILED;
    case 404:
      return NOT_FOUND;
    case 413:
      return REQUEST_ENTITY_TOO_LARGE;
    case 429:
      // The rate limiter's own answer; a spent quota is scripted by its code (`errorCode: "400"`).
      return RATE_LIMITED;
    case 500:
      return UNEXPECTED_ERROR;
    case 502:
    case 503:
      return ENDPOINT_ERROR;
    case 504:
      return ENDPOINT_TIMEOUT;
    default:
      return status >= 500 ? UNEXPECTED_ERROR : BAD_REQUEST;
  }
}

/**
 * Serialises an error body; `details` is omitted when not given. `errorCode` as given: a fault may ask
 * for a number, as some answers carry it.
 */
export function formatGatewayErrorBody(
  error: Pick<GatewayError, 'message'> & { errorCode: string | number },
  details?: string,
): string {
  const body: { errorCode: string | number; message: string; details?: string } = {
    errorCode: error.errorCode,
    message: error.message,
  };
  if (details !== undefined) body.details = details;
  return JSON.stringify({ error: body });
}
