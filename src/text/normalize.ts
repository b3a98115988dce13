// Text as matching sees it. Extraction keeps curly quotes and dashes as published; every
// comparison (dedup, novelty) goes through here so that typography never decides a match.

const APOSTROPHES = /[\u2018\u2019\u201B\u2032\u0060\u00B4]/g;
const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g;
const DASHES = /[\u2010-\u2015\u2212]/g;
// Bounded repeats, not + and *: in a string with any character beyond Latin-1, V8's regexp
// engine keeps one backtrack entry per repeat, and a 5 MB word overflowed its stack (a RangeError
// that failed the article as INTERNAL). No word of any language comes near 1,000 letters or 20
// apostrophes; a longer run is cut into tokens of that size, in time linear in the text.
const WORD = /[\p{L}\p{N}]{1,1000}(?:'[\p{L}\p{N}]{1,1000}){0,20}/gu;

/** NFKC, straight quotes, plain hyphens, lower case, collapsed whitespace. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(APOSTROPHES, "'")
    .replace(DOUBLE_QUOTES, '"')
    .replace(DASHES, '-')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Word tokens of the normalised text: letters and digits, apostrophes kept inside words. */
export function words(text: string): string[] {
  return normalizeText(text).match(WORD) ?? [];
}

/** Splits extracted text into its paragraphs (blank-line separated), with their offsets. */
export function paragraphs(text: string): { text: string; start: number; end: number }[] {
  const out: { text: string; start: number; end: number }[] = [];
  const re = /[^\n]+(?:\n(?!\s*\n)[^\n]*)*/g;
  for (const m of text.matchAll(re)) {
    const raw = m[0];
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (!trimmed) continue;
    const start = m.index + lead;
    out.push({ text: trimmed, start, end: start + trimmed.length });
  }
  return out;
}

export interface TextSpan {
  text: string;
  start: number;
  end: number;
}

/** Non-empty lines with their offsets: corpus files and PolNeAR texts use one line per paragraph. */
export function lines(text: string): TextSpan[] {
  const out: TextSpan[] = [];
  for (const m of text.matchAll(/[^\n]+/g)) {
    const raw = m[0];
    const trimmed = raw.trim();
    if (!trimmed) continue;
    const start = m.index + (raw.length - raw.trimStart().length);
    out.push({ text: trimmed, start, end: start + trimmed.length });
  }
  return out;
}

// A period after one of these does not end a sentence: titles, months and Latin shorthands that
// news copy uses mid-sentence ("Gov. Pritzker", "Lt. Col.", "Sept. 11").
const ABBREVIATIONS = new Set(
  (
    'mr mrs ms dr prof sen sens rep reps gov lt col gen maj capt sgt cmdr adm supt det insp ' +
    'ald st jr sr rev hon atty dept no nos inc co corp ltd bros vs etc approx est ' +
    'jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thurs fri sat sun'
  ).split(' '),
);
// Dotted forms: "U.S.", "a.m.", "D.C.", and initials ("J.B.", "J.").
const DOTTED = /^(?:[A-Za-z]\.)*[A-Za-z]$/;

/** Sentences with offsets. Line breaks always end a sentence; abbreviations and initials do not. */
export function sentences(text: string): TextSpan[] {
  const out: TextSpan[] = [];
  for (const line of lines(text)) {
    let from = 0;
    // The usual boundary is followed by a space; copied and spun pages often lose it
    // ("the country.President Trump", "border.”First, I will"). Without the space, a word (two
    // lower-case letters at least) must end before it and a capitalised word start after it, so
    // "U.S.Immigration", "1.5" and "Fox.com" stay whole.
    const boundary =
      /[.!?]+[\u201D\u2019"')\]]*(?=\s+[\u201C\u2018"'([]?[\p{Lu}\p{N}])|(?<=\p{Ll}\p{Ll})[.!?]+[\u201D\u2019"')\]]*(?=[\u201C\u2018"'([]?\p{Lu}\p{Ll})/gu;
    for (const m of line.text.matchAll(boundary)) {
      // Only the word before the period matters: reading back from `from` cost a line of
      // abbreviations its length squared.
      const word = line.text.slice(Math.max(from, m.index - ABBREVIATION_WINDOW), m.index);
      if (m[0].startsWith('.') && !endsSentence(word)) continue;
      pushTrimmed(out, line, from, m.index + m[0].length);
      from = m.index + m[0].length;
    }
    pushTrimmed(out, line, from, line.text.length);
  }
  return out;
}

// Longer than any abbreviation or dotted initialism ("U.S.A.", "Thurs").
const ABBREVIATION_WINDOW = 24;

function endsSentence(before: string): boolean {
  const last = /([A-Za-z.]+)$/.exec(before)?.[1];
  if (!last) return true;
  return !ABBREVIATIONS.has(last.toLowerCase()) && !DOTTED.test(last);
}

function pushTrimmed(out: TextSpan[], line: TextSpan, from: number, to: number): void {
  const raw = line.text.slice(from, to);
  const trimmed = raw.trim();
  if (!trimmed) return;
  const start = line.start + from + (raw.length - raw.trimStart().length);
  out.push({ text: trimmed, start, end: start + trimmed.length });
}

/** Index of the span holding offset `at` among spans in text order (binary search), or -1. */
export function spanAt(spans: readonly TextSpan[], at: number): number {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = spans[mid]!;
    if (at < s.start) hi = mid - 1;
    else if (at >= s.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}
