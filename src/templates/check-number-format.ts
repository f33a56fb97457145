import type { FieldKind } from '../core/report-field.js';

/** Excel rejects longer format codes ("Excel specifications and limits"). */
const MAX_FORMAT_CHARS = 255;
/** A format code has at most four sections: positive; negative; zero; text (ECMA-376 §18.8.31). */
const MAX_SECTIONS = 4;
/** Characters Excel shows literally without quotes (ECMA-376 §18.8.31, "literal characters"). */
const LITERAL_CHARACTERS = new Set([..."$-+/():!^&'~{}<>= ", '\u00a0']);
const DIGIT_PLACEHOLDERS = new Set(['0', '#', '?']);
const NUMBER_PUNCTUATION = new Set(['.', ',', '%']);
const DATE_LETTERS = new Set(['y', 'm', 'd', 'h', 's']);
const CURRENCY_SYMBOL = /\p{Sc}/u;

interface FormatTraits {
  digits: boolean;
  dateParts: boolean;
  text: boolean;
  general: boolean;
}

/**
 * Checks an Excel number format code from a template, before it reaches a workbook that Excel would
 * then refuse to open. Returns what is wrong (to be put in a UsageError), or null when the code is fine.
 * Besides the syntax it checks that the code suits what the field holds: a date code on a count, a
 * number code on a text column or a text code on a number would show nonsense.
 */
export function checkNumberFormat(format: string, kind: FieldKind): string | null {
  if (format.trim() === '') {
    return 'is empty';
  }
  if (format.length > MAX_FORMAT_CHARS) {
    return `is longer than ${MAX_FORMAT_CHARS} characters`;
  }
  const traits = scanFormat(format);
  if (typeof traits === 'string') {
    return traits;
  }
  if (traits.general) {
    return null;
  }
  switch (kind) {
    case 'number':
      if (traits.dateParts) {
        return 'is a date/time format, but the field holds a number';
      }
      return traits.digits ? null : 'has no digit placeholder (0, # or ?) for the number';
    case 'date':
      return traits.dateParts ? null : 'has no date or time part (y, m, d, h, s) for the date';
    case 'text':
      return traits.text && !traits.digits && !traits.dateParts
        ? null
        : 'does not suit a text field: use "@" or "General"';
  }
}

/** Walks the code once: literals and brackets are skipped, every other character must mean something. */
function scanFormat(format: string): FormatTraits | string {
  const traits: FormatTraits = { digits: false, dateParts: false, text: false, general: false };
  let sections = 1;
  let index = 0;
  while (index < format.length) {
    const character = format.charAt(index);
    const rest = format.slice(index);
    if (/^general/i.test(rest)) {
      traits.general = true;
      index += 'general'.length;
      continue;
    }
    if (/^(am\/pm|a\/p)/i.test(rest)) {
      traits.dateParts = true;
      index += rest.charAt(1) === '/' ? 3 : 5;
      continue;
    }
    if (character === '"') {
      const close = format.indexOf('"', index + 1);
      if (close === -1) {
        return 'has a quote (") that is never closed';
      }
      index = close + 1;
      continue;
    }
    if (character === '[') {
      const close = format.indexOf(']', index + 1);
      if (close === -1 || close === index + 1) {
        return 'has a [ without a matching ] (or an empty [])';
      }
      // Colours ([Red]), conditions ([<0.5]), locales ([$-412]) and elapsed time ([h]) are all valid.
      if (/^\[(h+|m+|s+)\]$/i.test(format.slice(index, close + 1))) {
        traits.dateParts = true;
      }
      index = close + 1;
      continue;
    }
    if (character === '\\' || character === '_' || character === '*') {
      if (index + 1 >= format.length) {
        return `ends with "${character}", which needs a character after it`;
      }
      index += 2;
      continue;
    }
    if (character === ';') {
      sections += 1;
      if (sections > MAX_SECTIONS) {
        return `has more than ${MAX_SECTIONS} sections separated by ";"`;
      }
      index += 1;
      continue;
    }
    const lower = character.toLowerCase();
    if (DIGIT_PLACEHOLDERS.has(character)) {
      traits.digits = true;
    } else if (DATE_LETTERS.has(lower)) {
      traits.dateParts = true;
    } else if (character === '@') {
      traits.text = true;
    } else if (lower === 'e' && /^[eE][+-]/.test(rest)) {
      index += 1; // scientific notation: E+ / E-
    } else if (
      !NUMBER_PUNCTUATION.has(character) &&
      !LITERAL_CHARACTERS.has(character) &&
      !CURRENCY_SYMBOL.test(character)
    ) {
      return `contains ${JSON.stringify(character)}, which Excel would reject: quote literal text ("km") or escape it (\\k)`;
    }
    index += 1;
  }
  return traits;
}

/**
 * A time format for a duration: hours, minutes or seconds (elapsed `[h]` included) and no date part,
 * e.g. `[h]:mm:ss` or `h:mm`. A duration written with one holds days, as spreadsheets count time.
 */
export function isDurationFormat(format: string): boolean {
  const bare = format
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[(h+|m+|s+)\]/gi, '$1')
    .replace(/\[[^\]]*\]/g, '');
  return /[hs]/i.test(bare) && !/[yd]/i.test(bare) && /^[hms:.0\s]*$/i.test(bare);
}
