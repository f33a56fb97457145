/**
 * Characters XML 1.0 forbids (https://www.w3.org/TR/xml/#charsets): C0 controls other than TAB, LF and
 * CR, and U+FFFE/U+FFFF; DEL too, as the workbook has always dropped it. They are dropped, as the CSV
 * drops them: a cell never needs one, and a reader refuses the whole file for one.
 */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/g;
// eslint-disable-next-line no-control-regex
const NEEDS_WORK = /[&<>"\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/;

/** Text for an XML element or a double-quoted attribute: `&<>"` escaped, forbidden characters dropped. */
export function escapeXml(text: string): string {
  if (!NEEDS_WORK.test(text)) {
    return text;
  }
  return text
    .replace(FORBIDDEN, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** A `<t>` element: `xml:space="preserve"` when spaces at either end or line breaks must survive. */
export function textElement(text: string): string {
  const escaped = escapeXml(text);
  return /^\s|\s$|[\n\t]/.test(text) ? `<t xml:space="preserve">${escaped}</t>` : `<t>${escaped}</t>`;
}

/** The declaration every part starts with. */
export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
