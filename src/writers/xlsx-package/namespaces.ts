/** XML namespaces and relationship types of an Office Open XML spreadsheet (ECMA-376 Part 1). */
export const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
export const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
export const NS_PACKAGE_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
export const NS_DRAWING = 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing';
export const NS_DRAWINGML = 'http://schemas.openxmlformats.org/drawingml/2006/main';

const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
export const REL_TYPES = {
  officeDocument: `${REL}/officeDocument`,
  coreProperties: 'http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties',
  extendedProperties: `${REL}/extended-properties`,
  worksheet: `${REL}/worksheet`,
  styles: `${REL}/styles`,
  sharedStrings: `${REL}/sharedStrings`,
  table: `${REL}/table`,
  drawing: `${REL}/drawing`,
  image: `${REL}/image`,
} as const;

const CT = 'application/vnd.openxmlformats-officedocument';
export const CONTENT_TYPES = {
  workbook: `${CT}.spreadsheetml.sheet.main+xml`,
  worksheet: `${CT}.spreadsheetml.worksheet+xml`,
  styles: `${CT}.spreadsheetml.styles+xml`,
  sharedStrings: `${CT}.spreadsheetml.sharedStrings+xml`,
  table: `${CT}.spreadsheetml.table+xml`,
  drawing: `${CT}.drawing+xml`,
  core: 'application/vnd.openxmlformats-package.core-properties+xml',
  app: `${CT}.extended-properties+xml`,
  rels: 'application/vnd.openxmlformats-package.relationships+xml',
} as const;
