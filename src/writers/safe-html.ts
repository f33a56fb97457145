import { escapeMarkup } from './escape-markup.js';

/** The key that makes a SafeHtml; not exported, so only this module's constructors can make one. */
const MINT: unique symbol = Symbol('SafeHtml');

/**
 * Markup (HTML or SVG) that is safe to insert as is: made by the `markup` tag, which escapes every
 * interpolated text, or by joinHtml from other SafeHtml. A plain string is never SafeHtml, so the type
 * checker rejects raw text where markup is expected, and the tag escapes anything else it is given.
 */
export class SafeHtml {
  readonly #markup: string;

  constructor(key: typeof MINT, markup: string) {
    if (key !== MINT) {
      throw new TypeError('SafeHtml is made by the markup tag or joinHtml, never from a raw string');
    }
    this.#markup = markup;
  }

  /** The markup as text, to write to a file or hand to a renderer. */
  toString(): string {
    return this.#markup;
  }
}

/** What the `markup` tag accepts: text and numbers (escaped), markup (kept), and lists of them. */
export type HtmlValue = string | number | SafeHtml | readonly HtmlValue[];

/**
 * A tagged template for markup: the literal parts, written in the source, are kept; every interpolated
 * value is escaped (escape-markup.ts), unless it is SafeHtml; a list is each of its items, in order.
 * Anything else (null, undefined, an object) is a bug and throws, rather than printing `undefined`.
 *
 *     markup`<td class="${className}">${taskName}</td>`
 *
 * Not named `html`: Prettier reformats the text of templates tagged `html`, which would change the
 * page's bytes.
 */
export function markup(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  // A template's strings array is frozen and carries `raw`; a hand-made array is refused.
  if (!Object.isFrozen(strings) || !Array.isArray(strings.raw)) {
    throw new TypeError('markup is a template tag: call it as markup`…`');
  }
  let text = strings[0] ?? '';
  values.forEach((value, index) => {
    text += renderValue(value) + (strings[index + 1] ?? '');
  });
  return new SafeHtml(MINT, text);
}

/** The pieces one after the other, `separator` (text, escaped) between them. */
export function joinHtml(parts: readonly SafeHtml[], separator = ''): SafeHtml {
  return new SafeHtml(MINT, parts.map(String).join(escapeMarkup(separator)));
}

/** Nothing: for a part of a page that is left out. */
export const EMPTY_HTML: SafeHtml = new SafeHtml(MINT, '');

function renderValue(value: HtmlValue): string {
  if (value instanceof SafeHtml) {
    return value.toString();
  }
  if (typeof value === 'string') {
    return escapeMarkup(value);
  }
  if (typeof value === 'number') {
    return escapeMarkup(String(value));
  }
  if (Array.isArray(value)) {
    return value.map((item: HtmlValue) => renderValue(item)).join('');
  }
  throw new TypeError(`markup: cannot insert ${value === null ? 'null' : typeof value} into markup`);
}
