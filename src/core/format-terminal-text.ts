/** Longest server-supplied text printed to a terminal or log, in characters (escapes included). */
export const MAX_TERMINAL_TEXT_CHARS = 200;

/**
 * Characters a terminal acts on instead of showing: C0 controls (ESC starts `ESC]0;title BEL` and
 * `ESC[2J`; CR and LF forge a line), DEL, C1 controls (U+009B is a one-character CSI), the line and
 * paragraph separators, and the bidirectional controls that reorder what is shown (CVE-2021-42574,
 * "Trojan Source").
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeCharacter(c: string): string {
  const named = NAMED[c];
  if (named !== undefined) return named;
  const code = c.codePointAt(0) ?? 0;
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * The one sanitiser of text a server (or a file) supplied, before it reaches a terminal or a log:
 * every control character is shown escaped (`\x1b`, `\r`, `\n`, `\u202e`), so it can neither move
 * the cursor, retitle or clear the terminal, nor start a line of its own; and the result is at most
 * `maxChars` characters, the last one `…` when cut. Pure.
 */
export function formatTerminalText(text: string, maxChars: number = MAX_TERMINAL_TEXT_CHARS): string {
  const pieces: string[] = [];
  let length = 0;
  for (const c of text) {
    const piece = UNSAFE.test(c) ? escapeCharacter(c) : c;
    // A character outside the BMP is one character, though two UTF-16 units.
    const pieceLength = piece === c ? 1 : piece.length;
    if (length + pieceLength > maxChars) {
      // Room for the ellipsis, dropping whole pieces: never half an escape.
      while (pieces.length > 0 && length + 1 > maxChars) {
        const last = pieces.pop() ?? '';
        length -= last === Array.from(last)[0] ? 1 : last.length;
      }
      return `${pieces.join('')}…`;
    }
    pieces.push(piece);
    length += pieceLength;
  }
  return pieces.join('');
}
