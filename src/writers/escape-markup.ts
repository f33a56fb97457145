/**
 * Characters XML 1.0 does not allow at all (§2.2): C0 controls other than TAB, LF and CR, and the
 * non-characters U+FFFE/U+FFFF. A task name holding one would make the SVG or page unparseable.
 */
// eslint-disable-next-line no-control-regex
const INVALID_XML_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Text made safe for HTML and SVG, in element content and in quoted attribute values alike:
 * `& < > " '` become entities and characters XML forbids are dropped. Task names such as
 * `<b>` or `"=1+2"` then show as written and can never become markup or script. Writers do not call
 * it: the `markup` tag (safe-html.ts) applies it to every value it is given.
 */
export function escapeMarkup(text: string): string {
  return text
    .replace(INVALID_XML_CHARACTERS, '')
    .replace(/[&<>"']/g, (character) => ENTITIES[character] ?? '');
}
