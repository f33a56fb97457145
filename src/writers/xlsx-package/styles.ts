import { NS_MAIN } from './namespaces.js';
import { escapeXml, XML_DECLARATION } from './xml-text.js';

export interface FontStyle {
  name: string;
  size: number;
  bold?: boolean;
  /** ARGB, e.g. `FF006100`. */
  color?: string;
}

export interface CellStyle {
  font?: FontStyle;
  /** A solid fill's ARGB colour. */
  fill?: string;
  /** An Excel number format code (ECMA-376 §18.8.31). */
  numFmt?: string;
  alignment?: { horizontal?: 'left'; vertical?: 'top'; wrapText?: boolean };
}

/** The look a conditional format gives a cell: font colour and solid fill (ECMA-376 §18.8.14). */
export interface DifferentialStyle {
  fontColor: string;
  fill: string;
}

/** Number formats Excel knows by id (§18.8.30); others are declared from id 164 on. */
const BUILT_IN_FORMATS: ReadonlyMap<string, number> = new Map([
  ['General', 0],
  ['0', 1],
  ['0.00', 2],
  ['#,##0', 3],
  ['#,##0.00', 4],
  ['0%', 9],
  ['0.00%', 10],
]);
const FIRST_CUSTOM_FORMAT_ID = 164;

/** The workbook's default font (cell style 0), as Excel writes it. */
export const DEFAULT_FONT: FontStyle = { name: 'Calibri', size: 11 };

/**
 * The style sheet (`xl/styles.xml`): fonts, fills, number formats and cell formats, each stored once.
 * A cell style is looked up by a short key, so a writer can ask for a style per cell at no real cost
 * (writers still cache the index per column where they can).
 */
export class StyleRegistry {
  private readonly fonts = new Index();
  private readonly fills = new Index();
  private readonly formats = new Map<string, number>();
  private readonly cellFormats = new Index();
  private readonly differential = new Index();
  /** Cell format index by styleKey: the XML is rendered once per distinct style, not once per cell. */
  private readonly byKey = new Map<string, number>();

  constructor() {
    this.fonts.add(renderFont(DEFAULT_FONT));
    // Fills 0 and 1 are reserved: none and gray125 (§18.8.21).
    this.fills.add('<fill><patternFill patternType="none"/></fill>');
    this.fills.add('<fill><patternFill patternType="gray125"/></fill>');
    this.cellFormats.add('<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>');
  }

  /** The index of a cell format (the `s` attribute of a cell); 0 for no style. */
  cellStyle(style: CellStyle): number {
    const key = styleKey(style);
    let index = this.byKey.get(key);
    if (index === undefined) {
      index = this.addCellFormat(style);
      this.byKey.set(key, index);
    }
    return index;
  }

  private addCellFormat(style: CellStyle): number {
    const fontId = style.font === undefined ? 0 : this.fonts.add(renderFont(style.font));
    const fillId =
      style.fill === undefined
        ? 0
        : this.fills.add(
            `<fill><patternFill patternType="solid"><fgColor rgb="${style.fill}"/><bgColor indexed="64"/></patternFill></fill>`,
          );
    const numFmtId = style.numFmt === undefined ? 0 : this.formatId(style.numFmt);
    const { alignment } = style;
    let xf = `<xf numFmtId="${numFmtId}" fontId="${fontId}" fillId="${fillId}" borderId="0" xfId="0"`;
    if (numFmtId !== 0) xf += ' applyNumberFormat="1"';
    if (fontId !== 0) xf += ' applyFont="1"';
    if (fillId !== 0) xf += ' applyFill="1"';
    if (alignment === undefined) {
      xf += '/>';
    } else {
      xf += ' applyAlignment="1"><alignment';
      if (alignment.horizontal !== undefined) xf += ` horizontal="${alignment.horizontal}"`;
      if (alignment.vertical !== undefined) xf += ` vertical="${alignment.vertical}"`;
      if (alignment.wrapText === true) xf += ' wrapText="1"';
      xf += '/></xf>';
    }
    return this.cellFormats.add(xf);
  }

  /** The index of a differential format (the `dxfId` of a conditional format rule). */
  differentialStyle(style: DifferentialStyle): number {
    return this.differential.add(
      `<dxf><font><color rgb="${style.fontColor}"/></font><fill><patternFill patternType="solid"><bgColor rgb="${style.fill}"/></patternFill></fill></dxf>`,
    );
  }

  renderXml(): string {
    const formats = [...this.formats]
      .filter(([, id]) => id >= FIRST_CUSTOM_FORMAT_ID)
      .map(([code, id]) => `<numFmt numFmtId="${id}" formatCode="${escapeXml(code)}"/>`);
    return (
      `${XML_DECLARATION}<styleSheet xmlns="${NS_MAIN}">` +
      (formats.length > 0 ? `<numFmts count="${formats.length}">${formats.join('')}</numFmts>` : '') +
      this.fonts.render('fonts') +
      this.fills.render('fills') +
      '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      this.cellFormats.render('cellXfs') +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
      this.differential.render('dxfs') +
      '</styleSheet>'
    );
  }

  private formatId(code: string): number {
    let id = BUILT_IN_FORMATS.get(code) ?? this.formats.get(code);
    if (id === undefined) {
      id =
        FIRST_CUSTOM_FORMAT_ID + [...this.formats.values()].filter((v) => v >= FIRST_CUSTOM_FORMAT_ID).length;
      this.formats.set(code, id);
    }
    return id;
  }
}

/**
 * Every field of a cell style in one short string (unit separators between them): equal keys, equal
 * styles. About a tenth of the cost of rendering the style's XML, which a sheet of lines pays per cell.
 */
export function styleKey(style: CellStyle): string {
  const { font, alignment } = style;
  return (
    (font === undefined
      ? ''
      : `${font.name}\u001f${font.size}\u001f${font.bold === true ? 1 : 0}\u001f${font.color ?? ''}`) +
    `\u001e${style.fill ?? ''}\u001e${style.numFmt ?? ''}\u001e` +
    (alignment === undefined
      ? ''
      : `${alignment.horizontal ?? ''}\u001f${alignment.vertical ?? ''}\u001f${alignment.wrapText === true ? 1 : 0}`)
  );
}

function renderFont(font: FontStyle): string {
  return (
    '<font>' +
    (font.bold === true ? '<b/>' : '') +
    `<sz val="${font.size}"/>` +
    (font.color === undefined ? '' : `<color rgb="${font.color}"/>`) +
    `<name val="${escapeXml(font.name)}"/>` +
    '</font>'
  );
}

/** Distinct XML fragments, numbered in order of first use. */
class Index {
  private readonly ids = new Map<string, number>();

  add(xml: string): number {
    let id = this.ids.get(xml);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(xml, id);
    }
    return id;
  }

  render(element: string): string {
    return `<${element} count="${this.ids.size}">${[...this.ids.keys()].join('')}</${element}>`;
  }
}
