import { textElement, XML_DECLARATION } from './xml-text.js';
import { NS_MAIN } from './namespaces.js';

/**
 * The workbook's shared string table (ECMA-376 §18.4): each distinct text stored once, cells refer to
 * it by index. Smaller than inline strings when texts repeat (status, model, bucket names), and what
 * Excel itself writes.
 */
export class SharedStrings {
  private readonly indexes = new Map<string, number>();
  private readonly texts: string[] = [];
  private references = 0;

  /** The index of a text, added on first use. */
  indexOf(text: string): number {
    this.references += 1;
    let index = this.indexes.get(text);
    if (index === undefined) {
      index = this.texts.length;
      this.indexes.set(text, index);
      this.texts.push(text);
    }
    return index;
  }

  get size(): number {
    return this.texts.length;
  }

  /** The `xl/sharedStrings.xml` part, in pieces (it can be large). */
  *renderXml(): Generator<string> {
    yield `${XML_DECLARATION}<sst xmlns="${NS_MAIN}" count="${this.references}" uniqueCount="${this.texts.length}">`;
    let chunk = '';
    for (const text of this.texts) {
      chunk += `<si>${textElement(text)}</si>`;
      if (chunk.length > 65_536) {
        yield chunk;
        chunk = '';
      }
    }
    yield `${chunk}</sst>`;
  }
}
