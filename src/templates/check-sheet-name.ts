/** Excel's limit on a sheet name, in characters. */
const MAX_SHEET_NAME_CHARS = 31;
/** The sheet name Excel reserves for itself. */
const RESERVED_SHEET_NAME = 'History';
/** Characters Excel forbids in a sheet name. */
const FORBIDDEN_SHEET_CHARACTERS = /[\\/?*:[\]]/;

/**
 * What Excel would object to in a sheet name, or null when it is fine: it must be 1–31 characters,
 * without `\ / ? * : [ ]`, and not start or end with an apostrophe.
 */
export function checkSheetName(name: string): string | null {
  if (name.trim() === '') {
    return 'is empty';
  }
  if (Array.from(name).length > MAX_SHEET_NAME_CHARS) {
    return `is longer than ${MAX_SHEET_NAME_CHARS} characters`;
  }
  const forbidden = FORBIDDEN_SHEET_CHARACTERS.exec(name);
  if (forbidden !== null) {
    return `contains "${forbidden[0]}", which Excel does not allow in a sheet name`;
  }
  // Excel keeps "History" for its change-tracking sheet, in any case.
  if (name.trim().toLowerCase() === RESERVED_SHEET_NAME.toLowerCase()) {
    return `is "${RESERVED_SHEET_NAME}", a name Excel reserves`;
  }
  if (name.startsWith("'") || name.endsWith("'")) {
    return 'starts or ends with an apostrophe';
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(name)) {
    return 'contains a control character';
  }
  return null;
}
