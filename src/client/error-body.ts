import { formatTerminalText } from '../core/format-terminal-text.js';

/**
 * Error bodies. Gateway errors look like `{"error":{"errorCode":"200","message":"Authentication Failed",
 * "details":"…"}}`; the NCLUE 10xxx body shape is undocumented (docs/api.md, "Errors"), so this parses
 * defensively: `error.errorCode/message`, then top-level `code`/`errorCode` + `message`. `errorCode`
 * comes as a string or a number, and a JSON body may be labelled `text/plain`: the body is parsed
 * whatever its Content-Type says.
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

/**
 * The header the gateway puts on every answer (docs/api.md, "Trace IDs"); NCP support asks for its
 * value when a request failed.
 */
export const TRACE_ID_HEADER = 'x-ncp-trace-id';
/** Longest trace ID kept, in characters: longer is no trace ID but a broken or hostile header. */
export const MAX_TRACE_ID_LENGTH = 64;

/**
 * The trace ID of an answer, or null. Only letters, digits and `-_.:` are kept, so that a header can
 * never carry a control character or a forged line into a message, a log or a report.
 */
export function readTraceId(headers: Readonly<Record<string, string>>): string | null {
  const raw = headers[TRACE_ID_HEADER];
  if (raw === undefined) return null;
  const kept = raw.replace(/[^A-Za-z0-9._:-]/g, '').slice(0, MAX_TRACE_ID_LENGTH);
  return kept === '' ? null : kept;
}

/** `not found (HTTP 404) (trace 5f2c…)`: a failure with the trace ID to quote to NCP support. */
export function appendTraceId(text: string, traceId: string | null): string {
  return traceId === null ? text : `${text} (trace ${traceId})`;
}

/** A failure without its trace ID, so that failures of one cause count as one (final lines). */
export function removeTraceId(text: string): string {
  return text.replace(/ \(trace [A-Za-z0-9._:-]+\)$/, '');
}
