import { formatTerminalText } from '../core/format-terminal-text.js';

/** Longest raw-value excerpt quoted in a warning, in characters. */
export const RAW_VALUE_MAX_CHARS = 40;

/**
 * A short, printable description of a value taken from an API response, for warnings: strings are
 * JSON-quoted (so blanks and control characters show), anything else as JSON or its type name.
 * Truncated to {@link RAW_VALUE_MAX_CHARS} characters with a trailing `…`.
 */
export function describeRawValue(value: unknown): string {
  // JSON escapes C0 controls only: the sanitiser also catches C1 and bidirectional controls.
  return formatTerminalText(truncate(toDisplayText(value), RAW_VALUE_MAX_CHARS));
}

function toDisplayText(value: unknown): string {
  if (typeof value === 'string') {
    // Truncate before quoting so a huge string is not serialised in full.
    return JSON.stringify(truncate(value, RAW_VALUE_MAX_CHARS));
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) {
    return String(value);
  }
  if (typeof value === 'bigint') {
    return `${value}n`;
  }
  if (typeof value === 'object') {
    try {
      const json = JSON.stringify(value);
      if (json !== undefined) {
        return json;
      }
    } catch {
      // Circular structure: fall through to the type name.
    }
    return Array.isArray(value) ? '(array)' : '(object)';
  }
  return `(${typeof value})`;
}

function truncate(text: string, maxChars: number): string {
  const codePoints = Array.from(text);
  if (codePoints.length <= maxChars) {
    return text;
  }
  return `${codePoints.slice(0, maxChars - 1).join('')}…`;
}
