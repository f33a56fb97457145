import {
  CONTENT_TYPES,
  NS_DRAWING,
  NS_DRAWINGML,
  NS_MAIN,
  NS_PACKAGE_REL,
  NS_REL,
  REL_TYPES,
} from './namespaces.js';
import { SharedStrings } from './shared-strings.js';
import { StyleRegistry } from './styles.js';
import {
  WorksheetWriter,
  type ImageSpec,
  type SheetOptions,
  type SheetParts,
  type TableSpec,
} from './worksheet-writer.js';
import { escapeXml, XML_DECLARATION } from './xml-text.js';
import { DEFAULT_DEFLATE_LEVEL, ZipWriter } from './zip-writer.js';

export interface WorkbookProperties {
  creator: string;
  title: string;
  /** Creation and modification time; null leaves them out. */
  created: Date | null;
}

interface SheetEntry {
  name: string;
  options: SheetOptions;
}

/**
 * An .xlsx file (ECMA-376 Part 1, SpreadsheetML) written straight into a ZIP: sheets one after the
 * other, each streamed row by row, then the shared strings, styles, workbook and package parts. A
 * sheet may be written before one that comes earlier in the workbook (give its `position`), so a slow
 * part (a chart still rendering) need not hold up the big sheet. The workbook opens on the sheet at
 * position 0. Call `finish()` after the last sheet, or `abort()` on error.
 */
export class XlsxPackage {
  readonly styles = new StyleRegistry();
  readonly strings = new SharedStrings();
  private readonly zip: ZipWriter;
  /** By position in the workbook; the part `sheetN.xml` is position N − 1. */
  private readonly sheets: Array<SheetEntry | undefined> = [];
  private readonly overrides: Array<[string, string]> = [];
  private open: WorksheetWriter | null = null;
  private tables = 0;
  private drawings = 0;
  private media = 0;

  constructor(
    path: string,
    private readonly properties: WorkbookProperties,
    level: number = DEFAULT_DEFLATE_LEVEL,
  ) {
    this.zip = new ZipWriter(path, level);
  }

  /**
   * Starts a sheet at `position` in the workbook (default: after every sheet so far); the previous
   * sheet must have ended. Every position from 0 to the last must be filled by `finish()`.
   */
  addSheet(options: SheetOptions, position: number = this.sheets.length): WorksheetWriter {
    if (this.open !== null) throw new Error(`sheet ${this.open.options.name} has not ended`);
    if (!Number.isInteger(position) || position < 0 || this.sheets[position] !== undefined) {
      throw new Error(`sheet ${options.name}: position ${position} is not free`);
    }
    validateSheetName(options.name, this.listSheets());
    const number = position + 1;
    this.sheets[position] = { name: options.name, options };
    const path = `xl/worksheets/sheet${number}.xml`;
    this.overrides.push([`/${path}`, CONTENT_TYPES.worksheet]);
    const sheet = new WorksheetWriter(
      options,
      this.zip.startEntry(path),
      this.strings,
      this.styles,
      number === 1,
      async (parts) => {
        await this.writeSheetParts(number, parts);
        this.open = null;
      },
    );
    this.open = sheet;
    return sheet;
  }

  /** Writes the remaining parts and closes the file. */
  async finish(): Promise<void> {
    if (this.open !== null) throw new Error(`sheet ${this.open.options.name} has not ended`);
    if (this.sheets.length === 0) throw new Error('a workbook needs at least one sheet');
    if (this.listSheets().length !== this.sheets.length) {
      throw new Error('a sheet position was left empty');
    }
    const zip = this.zip;
    const sst = zip.startEntry('xl/sharedStrings.xml');
    for (const piece of this.strings.renderXml()) {
      sst.write(piece);
      if (sst.needsDrain) await sst.drain();
    }
    await sst.end();
    await zip.addEntry('xl/styles.xml', this.styles.renderXml());
    await zip.addEntry('xl/workbook.xml', this.renderWorkbook());
    const sheetRels = this.sheets.map(
      (_, index) => [`rId${index + 1}`, REL_TYPES.worksheet, `worksheets/sheet${index + 1}.xml`] as const,
    );
    const count = this.sheets.length;
    await zip.addEntry(
      'xl/_rels/workbook.xml.rels',
      renderRelationships([
        ...sheetRels,
        [`rId${count + 1}`, REL_TYPES.styles, 'styles.xml'],
        [`rId${count + 2}`, REL_TYPES.sharedStrings, 'sharedStrings.xml'],
      ]),
    );
    await zip.addEntry('docProps/core.xml', this.renderCoreProperties());
    await zip.addEntry(
      'docProps/app.xml',
      `${XML_DECLARATION}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>${escapeXml(this.properties.creator)}</Application></Properties>`,
    );
    await zip.addEntry(
      '_rels/.rels',
      renderRelationships([
        ['rId1', REL_TYPES.officeDocument, 'xl/workbook.xml'],
        ['rId2', REL_TYPES.coreProperties, 'docProps/core.xml'],
        ['rId3', REL_TYPES.extendedProperties, 'docProps/app.xml'],
      ]),
    );
    await zip.addEntry('[Content_Types].xml', this.renderContentTypes());
    zip.finish();
  }

  /** Closes the file after a failure; the caller removes it. */
  abort(): void {
    this.zip.close();
  }

  /** The sheets in workbook order. */
  private listSheets(): SheetEntry[] {
    return this.sheets.flatMap((sheet) => (sheet === undefined ? [] : [sheet]));
  }

  private async writeSheetParts(number: number, parts: SheetParts): Promise<void> {
    const rels: Array<readonly [string, string, string]> = [];
    if (parts.images.length > 0) {
      this.drawings += 1;
      const drawing = this.drawings;
      rels.push(['rId1', REL_TYPES.drawing, `../drawings/drawing${drawing}.xml`]);
      const imageRels: Array<readonly [string, string, string]> = [];
      for (const [index, image] of parts.images.entries()) {
        this.media += 1;
        await this.zip.addEntry(`xl/media/image${this.media}.png`, image.png);
        imageRels.push([`rId${index + 1}`, REL_TYPES.image, `../media/image${this.media}.png`]);
      }
      await this.zip.addEntry(`xl/drawings/drawing${drawing}.xml`, renderDrawing(parts.images));
      await this.zip.addEntry(`xl/drawings/_rels/drawing${drawing}.xml.rels`, renderRelationships(imageRels));
      this.overrides.push([`/xl/drawings/drawing${drawing}.xml`, CONTENT_TYPES.drawing]);
    }
    if (parts.table !== null) {
      this.tables += 1;
      const table = this.tables;
      rels.push([`rId${rels.length + 1}`, REL_TYPES.table, `../tables/table${table}.xml`]);
      await this.zip.addEntry(`xl/tables/table${table}.xml`, renderTable(parts.table, table));
      this.overrides.push([`/xl/tables/table${table}.xml`, CONTENT_TYPES.table]);
    }
    if (rels.length > 0) {
      await this.zip.addEntry(`xl/worksheets/_rels/sheet${number}.xml.rels`, renderRelationships(rels));
    }
  }

  private renderWorkbook(): string {
    const names: string[] = [];
    const sheets = this.listSheets();
    sheets.forEach(({ name, options }, index) => {
      const sheet = `'${name.replace(/'/g, "''")}'`;
      const define = (defined: string, value: string, hidden = false): void => {
        names.push(
          `<definedName name="${defined}" localSheetId="${index}"${hidden ? ' hidden="1"' : ''}>${escapeXml(`${sheet}!${value}`)}</definedName>`,
        );
      };
      if (options.autoFilter !== undefined) {
        define('_xlnm._FilterDatabase', toAbsolute(options.autoFilter), true);
      }
      if (options.pageSetup?.printArea != null) {
        define('_xlnm.Print_Area', toAbsolute(options.pageSetup.printArea));
      }
      if (options.pageSetup?.headerRow != null) {
        const row = options.pageSetup.headerRow;
        define('_xlnm.Print_Titles', `$${row}:$${row}`);
      }
    });
    return (
      `${XML_DECLARATION}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">` +
      '<workbookPr defaultThemeVersion="124226"/>' +
      '<bookViews><workbookView xWindow="0" yWindow="0" windowWidth="28800" windowHeight="17600" firstSheet="0" activeTab="0"/></bookViews>' +
      '<sheets>' +
      sheets
        .map(
          ({ name }, index) =>
            `<sheet name="${escapeXml(name)}" sheetId="${index + 1}" r:id="rId${index + 1}"/>`,
        )
        .join('') +
      '</sheets>' +
      (names.length > 0 ? `<definedNames>${names.join('')}</definedNames>` : '') +
      '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'
    );
  }

  private renderCoreProperties(): string {
    const { creator, title, created } = this.properties;
    const time =
      created === null || Number.isNaN(created.getTime())
        ? ''
        : `<dcterms:created xsi:type="dcterms:W3CDTF">${formatW3cdtf(created)}</dcterms:created>` +
          `<dcterms:modified xsi:type="dcterms:W3CDTF">${formatW3cdtf(created)}</dcterms:modified>`;
    return (
      `${XML_DECLARATION}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
      'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
      'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
      `<dc:title>${escapeXml(title)}</dc:title><dc:creator>${escapeXml(creator)}</dc:creator>` +
      `<cp:lastModifiedBy>${escapeXml(creator)}</cp:lastModifiedBy>${time}</cp:coreProperties>`
    );
  }

  private renderContentTypes(): string {
    const overrides: Array<[string, string]> = [
      ['/xl/workbook.xml', CONTENT_TYPES.workbook],
      ...this.overrides,
      ['/xl/styles.xml', CONTENT_TYPES.styles],
      ['/xl/sharedStrings.xml', CONTENT_TYPES.sharedStrings],
      ['/docProps/core.xml', CONTENT_TYPES.core],
      ['/docProps/app.xml', CONTENT_TYPES.app],
    ];
    return (
      `${XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      `<Default Extension="rels" ContentType="${CONTENT_TYPES.rels}"/>` +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      (this.media > 0 ? '<Default Extension="png" ContentType="image/png"/>' : '') +
      overrides.map(([part, type]) => `<Override PartName="${part}" ContentType="${type}"/>`).join('') +
      '</Types>'
    );
  }
}

/** Excel's rules for a sheet name: 1–31 characters, none of `: \ / ? * [ ]`, unique ignoring case. */
function validateSheetName(name: string, sheets: readonly SheetEntry[]): void {
  if (name.length === 0 || name.length > 31 || /[:\\/?*[\]]/.test(name)) {
    throw new Error(`invalid sheet name "${name}": 1 to 31 characters, none of : \\ / ? * [ ]`);
  }
  if (sheets.some((sheet) => sheet.name.toLowerCase() === name.toLowerCase())) {
    throw new Error(`duplicate sheet name "${name}"`);
  }
}

/** `A1:G5` → `$A$1:$G$5`. */
function toAbsolute(ref: string): string {
  return ref.replace(/([A-Z]+)(\d+)/g, '$$$1$$$2');
}

/** ISO 8601 to the second, as Excel writes document times. */
function formatW3cdtf(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function renderRelationships(rels: ReadonlyArray<readonly [string, string, string]>): string {
  return (
    `${XML_DECLARATION}<Relationships xmlns="${NS_PACKAGE_REL}">` +
    rels
      .map(([id, type, target]) => `<Relationship Id="${id}" Type="${type}" Target="${target}"/>`)
      .join('') +
    '</Relationships>'
  );
}

/** ECMA-376 §18.5: the table, its filter buttons (the autoFilter) and its banded-rows style. */
function renderTable(table: TableSpec, id: number): string {
  const name = escapeXml(table.name);
  return (
    `${XML_DECLARATION}<table xmlns="${NS_MAIN}" id="${id}" name="${name}" displayName="${name}" ref="${table.ref}" headerRowCount="1" totalsRowShown="0">` +
    // A filter button on every column, said explicitly (readers such as exceljs look for it).
    `<autoFilter ref="${table.ref}">` +
    table.columns.map((_, index) => `<filterColumn colId="${index}" hiddenButton="0"/>`).join('') +
    '</autoFilter>' +
    `<tableColumns count="${table.columns.length}">` +
    table.columns
      .map((column, index) => `<tableColumn id="${index + 1}" name="${escapeXml(column)}"/>`)
      .join('') +
    '</tableColumns>' +
    `<tableStyleInfo name="${table.style}" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/>` +
    '</table>'
  );
}

/** English Metric Units per pixel at 96 dpi (ECMA-376 §20.1.2.1). */
const EMU_PER_PIXEL = 9525;

/** ECMA-376 §20.5: each image anchored at its top-left cell with its own size (a one-cell anchor). */
function renderDrawing(images: readonly ImageSpec[]): string {
  const anchors = images.map((image, index) => {
    const cx = Math.round(image.width * EMU_PER_PIXEL);
    const cy = Math.round(image.height * EMU_PER_PIXEL);
    return (
      '<xdr:oneCellAnchor>' +
      `<xdr:from><xdr:col>${image.column}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${image.row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>` +
      `<xdr:ext cx="${cx}" cy="${cy}"/>` +
      `<xdr:pic><xdr:nvPicPr><xdr:cNvPr id="${index + 2}" name="Picture ${index + 1}"/><xdr:cNvPicPr><a:picLocks noChangeAspect="1"/></xdr:cNvPicPr></xdr:nvPicPr>` +
      `<xdr:blipFill><a:blip r:embed="rId${index + 1}"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill>` +
      `<xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="${cx}" cy="${cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic>` +
      '<xdr:clientData/></xdr:oneCellAnchor>'
    );
  });
  return (
    `${XML_DECLARATION}<xdr:wsDr xmlns:xdr="${NS_DRAWING}" xmlns:a="${NS_DRAWINGML}" xmlns:r="${NS_REL}">` +
    anchors.join('') +
    '</xdr:wsDr>'
  );
}
