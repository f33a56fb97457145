import { formatTerminalText } from '../format-terminal-text.js';

/**
 * Error bodies. Gateway errors look like `{"error":{"errorCode":"200","message":"Authentication Failed",
 * "details":"…"}}`; the NCLUE 10xxx body shape is undocumented (shared/reference/nclue-api.md §1), so
 * this parses defensively: `error.errorCode/message`, then top-level `code`/`errorCode` + `message`.
 */
export interface ApiErrorInfo {
  errorCode: string | null;
  message: string | null;
  details: string | null;
}

/** What the server said, made safe to print (it reaches the terminal, the log and the reports). */
function text(value: unknown): string | null {
  if (typeof value === 'string') return formatTerminalText(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

export function parseErrorBody(body: string): ApiErrorInfo {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { errorCode: null, message: null, details: null };
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return { errorCode: null, message: null, details: null };
  }
  const top = json as Record<string, unknown>;
  const nested = top.error;
  const source =
    nested !== null && typeof nested === 'object' && !Array.isArray(nested)
      ? (nested as Record<string, unknown>)
      : top;
  return {
    errorCode: text(source.errorCode ?? source.code),
    message: text(source.message ?? source.errorMessage),
    details: text(source.details),
  };
}

/** `HTTP 503, errorCode 500 "Endpoint Error"` — the status and what the server said about it. */
export function describeHttpFailure(status: number, info: ApiErrorInfo): string {
  let out = `HTTP ${status}`;
  if (info.errorCode !== null) out += `, errorCode ${info.errorCode}`;
  if (info.message !== null) out += ` "${info.message}"`;
  if (info.details !== null && info.details !== info.message) out += ` (${info.details})`;
  return out;
}
