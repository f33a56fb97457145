/** Where JSON text stops being valid, and why, in words that quote none of the text. */
export interface JsonErrorLocation {
  /** 1-based line and column (in UTF-16 code units) of the first offending character. */
  line: number;
  column: number;
  reason: string;
}

type Expecting = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'colon' | 'comma-or-close' | 'end';

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;
const WHITESPACE = /[ \t\n\r]*/y;

/**
 * Finds the first syntax error of a JSON text (RFC 8259), or null when it is valid. JSON.parse's own
 * message quotes the text around the error on Node 20 (`Unexpected token 'a', "{"out": a}" is not
 * valid JSON`), which must not reach a message about a config or credentials file; this gives the
 * position instead. Iterative, so deep nesting cannot overflow the stack.
 */
export function locateJsonError(text: string): JsonErrorLocation | null {
  const containers: Array<'array' | 'object'> = [];
  let at = 0;
  let expecting: Expecting = 'value';
  const fail = (reason: string): JsonErrorLocation => ({ ...toLineColumn(text, at), reason });
  const afterValue = (): Expecting => (containers.length === 0 ? 'end' : 'comma-or-close');

  for (;;) {
    WHITESPACE.lastIndex = at;
    WHITESPACE.exec(text);
    at = WHITESPACE.lastIndex;
    const c = text[at];
    if (c === undefined) return expecting === 'end' ? null : fail('unexpected end of the file');
    switch (expecting) {
      case 'end':
        return fail('unexpected text after the JSON value');
      case 'colon':
        if (c !== ':') return fail("expected ':' after a property name");
        at++;
        expecting = 'value';
        continue;
      case 'comma-or-close': {
        const close = containers[containers.length - 1] === 'object' ? '}' : ']';
        if (c === ',') {
          at++;
          expecting = close === '}' ? 'key' : 'value';
        } else if (c === close) {
          at++;
          containers.pop();
          expecting = afterValue();
        } else return fail(`expected ',' or '${close}'`);
        continue;
      }
      case 'key':
      case 'key-or-close':
        if (c === '}' && expecting === 'key-or-close') {
          at++;
          containers.pop();
          expecting = afterValue();
          continue;
        }
        if (c !== '"') return fail('expected a property name in double quotes');
        {
          const scanned = scanString(text, at);
          at = scanned.at;
          if (scanned.error !== null) return fail(scanned.error);
        }
        expecting = 'colon';
        continue;
      case 'value':
      case 'value-or-close':
        if (c === ']' && expecting === 'value-or-close') {
          at++;
          containers.pop();
          expecting = afterValue();
          continue;
        }
        if (c === '{' || c === '[') {
          containers.push(c === '{' ? 'object' : 'array');
          at++;
          expecting = c === '{' ? 'key-or-close' : 'value-or-close';
          continue;
        }
        if (c === '"') {
          const scanned = scanString(text, at);
          at = scanned.at;
          if (scanned.error !== null) return fail(scanned.error);
        } else {
          const end = scanToken(text, at, NUMBER) ?? scanToken(text, at, LITERAL);
          if (end === null) return fail('unexpected character where a value was expected');
          at = end;
        }
        expecting = afterValue();
        continue;
    }
  }
}

/** The end of the token `pattern` matches at `at`, or null when it does not match there. */
function scanToken(text: string, at: number, pattern: RegExp): number | null {
  pattern.lastIndex = at;
  return pattern.exec(text) === null ? null : pattern.lastIndex;
}

/**
 * Moves past a string starting at `at`: the position after its closing quote, or an error reason with
 * the position of the culprit.
 */
function scanString(text: string, start: number): { at: number; error: string | null } {
  let at = start + 1;
  for (;;) {
    const c = text[at];
    if (c === undefined) return { at, error: 'unexpected end of the file inside a string' };
    if (c === '"') return { at: at + 1, error: null };
    if (c === '\\') {
      const next = text[at + 1];
      if (next !== undefined && '"\\/bfnrt'.includes(next)) at += 2;
      else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))) at += 6;
      else return { at, error: 'invalid escape in a string' };
      continue;
    }
    if (c < ' ') return { at, error: 'control character or line break inside a string' };
    at++;
  }
}

function toLineColumn(text: string, offset: number): { line: number; column: number } {
  const lines = text.slice(0, offset).split(/\r\n|\r|\n/);
  return { line: lines.length, column: (lines[lines.length - 1] ?? '').length + 1 };
}
