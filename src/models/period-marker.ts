/**
 * Period markers in task names: the part of `구매예측 모델 2026-02` that says which month a retrain is
 * of. Removing it leaves the name of the model, the line of tasks that retrain the same thing.
 */

const YEAR = '(?:19|20)\\d{2}';
/** A two-digit year, 20–39 (`26-10` is October 2026); narrower, so `12-10` stays a plain number pair. */
const YEAR_2 = '(?:[23]\\d)';
/** A `월` right after a numeric month (`2026.10월`) belongs to the marker. */
const MONTH_SUFFIX = '(?:\\s*월)?';
/** A two-digit month, 01–12. */
const MONTH_2 = '(?:0[1-9]|1[0-2])';
/** A month of one or two digits, 1–12 (Korean `1월`, `01월`). */
const MONTH_12 = '(?:1[0-2]|0?[1-9])';
const DAY_12 = '(?:3[01]|[12]\\d|0?[1-9])';
const DAY_2 = '(?:3[01]|[12]\\d|0[1-9])';
const MONTH_NAMES =
  '(?:january|february|march|april|may|june|july|august|september|october|november|december|' +
  'jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)';

/**
 * The marker forms, most specific first (a full date before its month, `2026년 1월` before `1월`).
 * Digits never run on into more digits, and month names never run on into more letters, so
 * `v202601x` has a marker but `12026014` and `Marchant` have none.
 */
const MARKER_FORMS = [
  // 2026-01-15, 2026.01.15, 2026/01/15, 2026_01_15 (one separator throughout)
  ...['-', '\\.', '/', '_'].map((sep) => `(?<!\\d)${YEAR}${sep}${MONTH_2}${sep}${DAY_12}(?!\\d)`),
  // 20260115
  `(?<!\\d)${YEAR}${MONTH_2}${DAY_2}(?!\\d)`,
  // 2026년 1월 (15일)
  `(?<!\\d)${YEAR}\\s*년\\s*${MONTH_12}\\s*월(?:\\s*${DAY_12}\\s*일)?`,
  // January 2026, Jan 2026, Jan. 2026, Jan-2026, January 15, 2026
  `(?<![a-z])${MONTH_NAMES}\\.?(?:[\\s,-]+${DAY_12}(?:st|nd|rd|th)?)?[\\s,-]*(?<!\\d)${YEAR}(?!\\d)`,
  // 2026 Jan, 2026-January
  `(?<!\\d)${YEAR}[\\s-]+${MONTH_NAMES}(?![a-z])`,
  // 2026-W03: an ISO week
  `(?<!\\d)${YEAR}-?W(?:0[1-9]|[1-4]\\d|5[0-3])(?![\\da-z])`,
  // 2026-01, 2026.01, 2026/01, 2026_01, 2026.01월
  `(?<!\\d)${YEAR}[-./_]${MONTH_2}(?!\\d)${MONTH_SUFFIX}`,
  // 202601, 202601월
  `(?<!\\d)${YEAR}${MONTH_2}(?!\\d)${MONTH_SUFFIX}`,
  // 26-01, 26.01, 26_01 (a two-digit year needs its separator, and is not part of a longer dotted or
  // dashed number such as a version `1.26.10`)
  `(?<!\\d)(?<!\\d[-./_])${YEAR_2}[-._]${MONTH_2}(?!\\d)(?![-./_]\\d)${MONTH_SUFFIX}`,
  // 1월, 01월 (and so `(1월)` with the brackets below)
  `(?<!\\d)${MONTH_12}\\s*월(?:\\s*${DAY_12}\\s*일)?`,
];

const MARKER = `(?:${MARKER_FORMS.join('|')})`;
/** A marker alone in brackets goes with its brackets: `이탈 예측 (1월)` → `이탈 예측`. */
const BRACKETED_MARKER = `[(\\[{（【]\\s*${MARKER}\\s*[)\\]}）】]`;
const MARKER_PATTERN = new RegExp(`${BRACKETED_MARKER}|${MARKER}`, 'iu');

/** What may stand between a model's name and its marker: blanks and the usual joiners. */
const SEPARATORS = '[\\s\\-_./|:·,~–—]';
const TRAILING_SEPARATORS = new RegExp(`${SEPARATORS}+$`, 'u');
const LEADING_SEPARATORS = new RegExp(`^${SEPARATORS}+`, 'u');
const OPENING_BRACKET = /[([{（【]$/u;
const CLOSING_BRACKET = /^[)\]}）】]/u;
const EMPTY_BRACKETS = /[([{（【]\s*[)\]}）】]/gu;
/** A name holds a handful of markers at most; the bound keeps a hostile name from looping long. */
const MAX_MARKERS = 8;

/** Whether the text holds a period marker. */
export function hasPeriodMarker(text: string): boolean {
  return MARKER_PATTERN.test(text.normalize('NFKC'));
}

/**
 * The text with every period marker removed and the separators around each trimmed, keeping one
 * separator where the marker stood between two words: `churn_2026_01_model` → `churn_model`,
 * `Demand forecast - January 2026` → `Demand forecast`, `이탈 고객 예측 (1월)` → `이탈 고객 예측`.
 * A marker written in full-width forms (`수요예측 ２０２６－１０`) is found in the folded text (NFKC),
 * and then the rest is shown folded too; a name whose markers are found as written keeps its spelling.
 * A text that is nothing but a marker (or has none) is returned trimmed, so it stays a name. Pure.
 */
export function stripPeriodMarkers(text: string): string {
  const kept = text.trim();
  const asWritten = removeMarkers(kept);
  if (asWritten !== kept) {
    return asWritten;
  }
  const folded = kept.normalize('NFKC');
  return folded === kept ? kept : removeMarkers(folded) === folded ? kept : removeMarkers(folded);
}

function removeMarkers(text: string): string {
  let rest = text;
  for (let i = 0; i < MAX_MARKERS; i += 1) {
    const match = MARKER_PATTERN.exec(rest);
    if (match === null) {
      break;
    }
    const left = rest.slice(0, match.index);
    const right = rest.slice(match.index + match[0].length);
    const joined = joinAround(left, right);
    if (joined === '') {
      return text;
    }
    rest = joined;
  }
  return rest
    .replace(EMPTY_BRACKETS, '')
    .replace(/\s{2,}/gu, ' ')
    .trim();
}

function joinAround(left: string, right: string): string {
  const leftKept = left.replace(TRAILING_SEPARATORS, '');
  const rightKept = right.replace(LEADING_SEPARATORS, '');
  if (leftKept === '' || rightKept === '') {
    return leftKept + rightKept;
  }
  if (OPENING_BRACKET.test(leftKept) || CLOSING_BRACKET.test(rightKept)) {
    return leftKept + rightKept;
  }
  const run = left.slice(leftKept.length) || right.slice(0, right.length - rightKept.length);
  // Words that stood apart stay apart: a blank anywhere in the run joins with a blank, else the run's
  // first joiner (`_`, `-`) does; a marker glued to both words (`churn202601model`) leaves them glued.
  const joiner = run === '' ? '' : /\s/u.test(run) ? ' ' : run.charAt(0);
  return leftKept + joiner + rightKept;
}
