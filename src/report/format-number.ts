/** A number pattern inside a format section: placeholders, decimal point and grouping commas. */
const NUMBER_PATTERN = /[0#?][0#?,]*(?:\.[0#?]*)?|\.[0#?]+/;

interface Section {
  /** Literal text before the number, quotes and escapes resolved. */
  prefix: string;
  pattern: string | null;
  suffix: string;
  percent: boolean;
}

/**
 * Shows a number the way an Excel number format would, for the places that are not a spreadsheet
 * (the HTML page, column-width estimates). Handles what report templates use: sections
 * (`positive;negative;zero`), `0 # ?` placeholders, decimals, thousands grouping, `%`, quoted or
 * escaped literal text and colour/condition brackets (ignored). Anything fancier (fractions,
 * scientific notation, dates) falls back to plain `String(value)`. Pure.
 */
export function formatNumber(value: number, format: string | null): string {
  if (format === null || /^general$/i.test(format.trim()) || !Number.isFinite(value)) {
    return String(value);
  }
  const sections = splitSectionsOnce(format);
  let sectionText = sections[0] ?? '';
  let shown = value;
  let signed = true;
  if (value < 0 && sections[1] !== undefined) {
    sectionText = sections[1];
    shown = -value;
    signed = false;
  } else if (value === 0 && sections[2] !== undefined) {
    sectionText = sections[2];
  }
  const section = parseSectionOnce(sectionText);
  if (section === null || section.pattern === null) {
    return String(value);
  }
  const scaled = section.percent ? shown * 100 : shown;
  const digits = formatDigits(Math.abs(scaled), section.pattern);
  const sign = signed && scaled < 0 && Number(digits.replace(/,/g, '')) !== 0 ? '-' : '';
  return `${sign}${section.prefix}${digits}${section.suffix}`;
}

/**
 * Formats already split and parsed, by their text: a report has a handful of formats and shows
 * thousands of numbers in each (every AUROC of the Models sheet is measured for its column width).
 */
const SECTIONS = new Map<string, readonly string[]>();
const PARSED = new Map<string, Section | null>();

function splitSectionsOnce(format: string): readonly string[] {
  let sections = SECTIONS.get(format);
  if (sections === undefined) {
    sections = splitSections(format);
    SECTIONS.set(format, sections);
  }
  return sections;
}

function parseSectionOnce(text: string): Section | null {
  let section = PARSED.get(text);
  if (section === undefined) {
    section = parseSection(text);
    PARSED.set(text, section);
  }
  return section;
}

function splitSections(format: string): string[] {
  const sections: string[] = [];
  let current = '';
  let quoted = false;
  for (let index = 0; index < format.length; index += 1) {
    const character = format.charAt(index);
    if (character === '"') {
      quoted = !quoted;
    } else if (character === '\\' && !quoted) {
      current += character + format.charAt(index + 1);
      index += 1;
      continue;
    } else if (character === ';' && !quoted) {
      sections.push(current);
      current = '';
      continue;
    }
    current += character;
  }
  sections.push(current);
  return sections;
}

/** Splits a section into literal prefix, number pattern and literal suffix; null when it has no number. */
function parseSection(text: string): Section | null {
  // Replace each literal with a private-use placeholder so the pattern search cannot match inside it.
  const literals: string[] = [];
  const masked = text
    .replace(/\[[^\]]*\]/g, '')
    .replace(/"([^"]*)"|\\(.)|[_*](.)/g, (_match, quoted?: string, escaped?: string, padded?: string) => {
      literals.push(quoted ?? escaped ?? (padded === undefined ? '' : ' '));
      return String.fromCharCode(0xe000 + literals.length - 1);
    });
  if (/[ymdhs]/i.test(masked.replace(/[\ue000-\uf8ff]/g, ''))) {
    return null;
  }
  const match = NUMBER_PATTERN.exec(masked);
  const unmask = (part: string): string =>
    part.replace(/[\ue000-\uf8ff]/g, (mark) => literals[mark.charCodeAt(0) - 0xe000] ?? '');
  if (match === null) {
    return { prefix: unmask(masked), pattern: null, suffix: '', percent: false };
  }
  const before = masked.slice(0, match.index);
  const after = masked.slice(match.index + match[0].length);
  return {
    prefix: unmask(before),
    pattern: match[0],
    suffix: unmask(after),
    percent: (before + after).includes('%'),
  };
}

/** What a digit pattern such as `#,##0.00` asks for. */
interface DigitPattern {
  decimals: number;
  requiredDecimals: number;
  grouping: boolean;
  minIntegerDigits: number;
}

const DIGIT_PATTERNS = new Map<string, DigitPattern>();

function readPatternOnce(pattern: string): DigitPattern {
  let read = DIGIT_PATTERNS.get(pattern);
  if (read === undefined) {
    const [integerPattern = '', fractionPattern = ''] = pattern.split('.');
    read = {
      decimals: (fractionPattern.match(/[0#?]/g) ?? []).length,
      requiredDecimals: (fractionPattern.match(/0/g) ?? []).length,
      grouping: /[0#?],[0#?]/.test(integerPattern),
      minIntegerDigits: (integerPattern.match(/0/g) ?? []).length,
    };
    DIGIT_PATTERNS.set(pattern, read);
  }
  return read;
}

/** The digits of a non-negative number for a pattern such as `#,##0.00`. */
function formatDigits(value: number, pattern: string): string {
  const { decimals, requiredDecimals, grouping, minIntegerDigits } = readPatternOnce(pattern);

  let [integerDigits = '0', fractionDigits = ''] = value.toFixed(decimals).split('.');
  // Optional decimals (#) are dropped when they are trailing zeros.
  while (fractionDigits.length > requiredDecimals && fractionDigits.endsWith('0')) {
    fractionDigits = fractionDigits.slice(0, -1);
  }
  integerDigits = integerDigits.replace(/^0+/, '').padStart(minIntegerDigits, '0');
  if (grouping) {
    integerDigits = integerDigits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  }
  return fractionDigits === '' ? integerDigits : `${integerDigits}.${fractionDigits}`;
}
