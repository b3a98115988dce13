// Numbers as news sentences state them, normalised so that two texts can be compared: "more than
// 20,000 migrants" and "over 20,000 migrants" give the same `normalized`, "30 agents" and "about
// 30 agents" do not (see Quantity in domain/types.ts for the contract).
//
// Rules, not a model: each finder claims a span, in priority order (dates, times, money, then
// numbers with what follows them), and a later finder never takes a span an earlier one took.
// What is deliberately not a quantity, because it states no amount a reader could check or
// compare: street numbers ("the 3900 block", "1600 Pennsylvania Ave."), labels ("District 1",
// "Colt 45", "No. 1"), 911, ordinals ("4th"), identifiers ("I-55", "COVID-19"), ranges ("20-30
// agents": neither end is the amount stated), vague plurals ("dozens of agents", "thousands of
// migrants": a value would be invented, and any value would conflict with the exact figure another
// text gives), and "one"/"a" before a noun ("one source", "a woman" pick out someone, not a count).

import type { Quantity } from '../domain/types.js';
import { findDates, findTimes } from './date-find.js';
import { finish, QUALIFIER_BEFORE, QUALIFIER_PREFIX, quantity, roundTo } from './quantity-build.js';

const SMALL: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const SCALES: Record<string, number> = {
  hundred: 100,
  thousand: 1e3,
  million: 1e6,
  billion: 1e9,
  trillion: 1e12,
};

const SCALE = 'hundred|thousand|million|billion|trillion';
const UNIT_WORD = 'one|two|three|four|five|six|seven|eight|nine';
const DIGITS = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`;
const SPELLED = `(?:${Object.keys(TENS).join('|')})(?:-(?:${UNIT_WORD}))?|${Object.keys(SMALL).join('|')}`;
// A number: digits with an optional scale word ("574.5 million"), a spelled number ("twelve",
// "twenty-five", "two dozen", "two million"), or "a dozen" / "a hundred" / "half a dozen".
const NUMBER = new RegExp(
  String.raw`(?<![\p{L}\p{N}_$€£.,/:])(?:` +
    String.raw`(?<digits>${DIGITS})(?<dscale>(?:[ -](?:${SCALE})\b)*)` +
    String.raw`|\b(?<spelled>(?:${SPELLED})(?:\s+dozen)?(?:[ -](?:${SCALE}))*)\b` +
    String.raw`|\b(?<article>a|an|half\s+a|a\s+half-)\s*(?<ascale>dozen|${SCALE})\b` +
    ')',
  'giu',
);

// Nouns counted in news copy about police, protests and immigration, singular → plural. A
// count's unit is the counted noun as written, in the plural ("one officer" and "40 officers"
// are comparable); modifiers are not part of it ("30 armed border agents" counts "agents"), and
// synonyms stay apart ("migrants" vs "immigrants" may count different groups).
const PEOPLE_NOUNS = pluralMap(
  'person/people agent officer official migrant immigrant protester protestor demonstrator ' +
    'resident member cop student worker family/families child/children victim troop soldier ' +
    'guardsman/guardsmen teen teenager man/men woman/women adult individual detainee suspect ' +
    'source deputy/deputies sergeant lieutenant supervisor dispatcher reporter journalist ' +
    'citizen alien criminal employee personnel/personnel police/police rioter activist organizer ' +
    'volunteer lawmaker alderman/aldermen senator voter patient inmate prisoner refugee juvenile ' +
    'minor boy girl kid driver passenger witness/witnesses caller gunman/gunmen shooter attacker ' +
    'assailant bystander leader commander chief/chiefs',
);
const THING_NOUNS = pluralMap(
  'arrest deportation shooting death killing vehicle car truck van bus/buses call incident ' +
    'assault attack case complaint shot round gun firearm weapon bullet city/cities state ' +
    'country/countries vote job bed shelter home house building school neighborhood district ' +
    'ward lawsuit charge injury/injuries wound raid operation detention warrant memo request ' +
    'report video post agency/agencies department facility/facilities hotel flight precinct ' +
    'station crime homicide murder robbery/robberies carjacking overdose fatality/fatalities ' +
    'casualty/casualties unit',
);
/** Plural counted nouns that are people: what makes a count a "count of people" for claims. */
export const PEOPLE_UNITS: ReadonlySet<string> = new Set(PEOPLE_NOUNS.values());

// Words that end a noun phrase: a count's noun must come before any of them.
const PHRASE_BREAK = new Set(
  (
    'a an the and or but nor of to in on at by for with from as is are was were be been being ' +
    'has have had do does did will would can could should may might must shall that which who ' +
    'whom whose this these those it its their his her our your my than then there here when ' +
    'where while after before since until into onto over under about against between during ' +
    'said says say told percent per cent ago later earlier each every all some any no not only ' +
    'also just other another times'
  ).split(' '),
);

const DURATION =
  /^[\s-]+(?:(?:more|additional|straight|consecutive|full|long)\s+)?(second|minute|hour|day|week|month|year|decade)s?\b/iu;
const AGE = /^(?:-year-old|\s+years?\s+old)\b/iu;
const PERCENT = /^(?:\s*%|-?\s?(?:percent|per\s?cent)\b)/iu;
const POINTS = /^[\s-]+percentage[\s-]points?\b/iu;
const DOLLARS = /^\s+(?:(dollars?|USD|bucks)|(euros?|EUR))\b/u;
const PLUS = /^(?:\+|-plus\b|\s+or\s+more\b)/iu;
// A number glued to a letter or a hyphenated word is an identifier ("04-Oc5", "F-150") unless
// the word is one of these ("1,000-percent", "90-day", "25-year-old", "30-plus").
const HYPHEN_OK =
  /^-(?:percent|per|year|day|hour|week|month|minute|second|decade|plus|percentage)\b/iu;

/**
 * The quantities `text` states, in text order, with offsets into it. `normalized` is the qualifier
 * prefix (">" more than, "<" less than, ">=" at least, "<=" at most or up to, "~" about, "<~"
 * nearly) then: plain digits and the unit for numbers ("1000 %", "574500000 USD", "1 officers":
 * the unit is always plural so that counts compare), "YYYY-MM-DD", "--MM-DD", "YYYY-MM", "--MM" or
 * "YYYY" for dates as precise as written, the lower-case weekday, "HH:MM" (or "HH:MM:SS") in 24
 * hours for times. Durations keep their unit ("48 hours" is not "2 days": units are not converted).
 */
export function parseQuantities(text: string): Quantity[] {
  const taken: Quantity[] = [];
  // Characters already claimed, so a long text with many numbers stays linear.
  const claimed = new Uint8Array(text.length);
  const free = (start: number, end: number): boolean => !claimed.subarray(start, end).includes(1);
  const take = (q: Quantity | null): void => {
    if (!q || !free(q.start, q.end)) return;
    claimed.fill(1, q.start, q.end);
    taken.push(q);
  };
  for (const q of findDates(text)) take(q);
  for (const q of findTimes(text)) take(q);
  for (const q of findPrefixedMoney(text)) take(q);
  for (const q of findFractions(text)) take(q);
  for (const m of text.matchAll(NUMBER)) {
    if (free(m.index, m.index + m[0].length)) take(fromNumber(text, m));
  }
  return taken.sort((a, b) => a.start - b.start);
}

/**
 * Two mentions measure the same thing, so their `normalized` values can disagree: same kind and
 * unit, and for dates and times the same precision ("--10-04" is not compared with "2025-10-04",
 * nor "saturday" with "2025-10-04": neither contradicts the other).
 */
export function sameMeasure(a: Quantity, b: Quantity): boolean {
  if (a.kind !== b.kind || a.unit !== b.unit) return false;
  if (a.kind === 'date' || a.kind === 'time') return precision(a) === precision(b);
  return true;
}

/**
 * Same measure and the same number once the qualifiers are set aside: "about 30 agents" and "30
 * agents" differ in `normalized` but do not contradict each other the way "30" and "40" do.
 */
export function sameAmount(a: Quantity, b: Quantity): boolean {
  return sameMeasure(a, b) && bare(a) === bare(b);
}

function bare(q: Quantity): string {
  const prefix = q.qualifier ? (QUALIFIER_PREFIX[q.qualifier] ?? '') : '';
  return q.normalized.slice(prefix.length);
}

function precision(q: Quantity): string {
  const b = bare(q);
  return /^[a-z]+$/.test(b) ? 'weekday' : b.replace(/\d/g, '9');
}

// ---- money and fractions ----

const PREFIXED_MONEY = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?<sign>US\s?\$|\$|€|£)\s?(?<amount>${DIGITS})` +
    String.raw`(?:\s?(?<scale>${SCALE})\b|(?<short>[KMB]|bn|mn|tn|k)(?![\p{L}\p{N}]))?`,
  'giu',
);
const SHORT_SCALE: Record<string, number> = { k: 1e3, m: 1e6, mn: 1e6, b: 1e9, bn: 1e9, tn: 1e12 };
const CURRENCY: Record<string, string> = { $: 'USD', '€': 'EUR', '£': 'GBP' };

function findPrefixedMoney(text: string): Quantity[] {
  const out: Quantity[] = [];
  for (const m of text.matchAll(PREFIXED_MONEY)) {
    const g = m.groups ?? {};
    let value = Number((g.amount ?? '').replace(/,/g, ''));
    if (g.scale) value *= SCALES[g.scale.toLowerCase()] ?? 1;
    if (g.short) value *= SHORT_SCALE[g.short.toLowerCase()] ?? 1;
    const unit = CURRENCY[(g.sign ?? '$').slice(-1)] ?? 'USD';
    const end = m.index + m[0].length;
    out.push(finish(text, m.index, end, 'money', roundTo(value, 2), unit));
  }
  return out;
}

const FRACTION_WORDS: Record<string, number> = {
  half: 2,
  halves: 2,
  third: 3,
  thirds: 3,
  quarter: 4,
  quarters: 4,
  fourth: 4,
  fourths: 4,
  fifth: 5,
  fifths: 5,
  sixth: 6,
  sixths: 6,
  eighth: 8,
  eighths: 8,
  tenth: 10,
  tenths: 10,
};
// "one-third", "two-thirds"; spaced ("a third of") only before "of", or "a third" is an ordinal.
const FRACTION = new RegExp(
  String.raw`\b(?<n>one|two|three|four|five|seven|nine|a)(?:-|\s+(?=\S+\s+of\b))(?<d>${Object.keys(FRACTION_WORDS).join('|')})\b`,
  'giu',
);

function findFractions(text: string): Quantity[] {
  const out: Quantity[] = [];
  for (const m of text.matchAll(FRACTION)) {
    const n = (m.groups?.n ?? '').toLowerCase();
    const numerator = n === 'a' ? 1 : (SMALL[n] ?? NaN);
    const denominator = FRACTION_WORDS[(m.groups?.d ?? '').toLowerCase()] ?? NaN;
    if (!(numerator < denominator)) continue;
    // A fraction is a share: "one-third" is stated as 33.3 %, comparable with "33.3%".
    const value = roundTo((100 * numerator) / denominator, 1);
    out.push(finish(text, m.index, m.index + m[0].length, 'percentage', value, '%'));
  }
  return out;
}

// ---- numbers and what follows them ----

function fromNumber(text: string, m: RegExpMatchArray): Quantity | null {
  const g = m.groups ?? {};
  const start = m.index ?? 0;
  let end = start + m[0].length;
  const spelled = g.spelled != null || g.article != null;
  const value = numberValue(g);
  if (value === null || !Number.isFinite(value)) return null;
  // What follows, as far as any suffix reads ("percentage points", "-year-old", "or more").
  const rest = text.slice(end, end + 40);
  // Glued to a letter ("4th", "9am" is a time, found earlier) or hyphenated into an identifier.
  if (/^[\p{L}\p{N}_]|^[:/]\d/u.test(rest)) return null;
  if (rest.startsWith('-') && !HYPHEN_OK.test(rest) && !/^-\d/.test(rest)) return null;
  if (/[\p{L}\p{N}]-$/u.test(text.slice(Math.max(0, start - 2), start))) return null;
  // A range: neither end is the amount stated.
  const before = text.slice(Math.max(0, start - 40), start);
  if (/^\s*(?:-|–|to)\s*\d/.test(rest) || /(?:\d\s*(?:-|–|to|and)|\bbetween)\s*$/i.test(before)) {
    return null;
  }
  if (g.digits != null && isLabel(before)) return null;
  // "one" and "a" before a noun or a duration pick out a thing ("one source", "a day").
  const single = spelled && value === 1;

  let plus: string | null = null;
  const p = PLUS.exec(rest);
  if (p) {
    plus = p[0].includes('more') ? 'at least' : 'more than';
    end += p[0].length;
  }
  const after = text.slice(end, end + 40);

  let r: RegExpExecArray | null;
  if ((r = PERCENT.exec(after))) {
    return finish(text, start, end + r[0].length, 'percentage', value, '%', plus);
  }
  if ((r = POINTS.exec(after))) {
    return finish(text, start, end + r[0].length, 'percentage', value, 'percentage points', plus);
  }
  if ((r = DOLLARS.exec(after))) {
    const unit = r[2] ? 'EUR' : 'USD';
    return finish(text, start, end + r[0].length, 'money', roundTo(value, 2), unit, plus);
  }
  if ((r = AGE.exec(after))) {
    return finish(text, start, end + r[0].length, 'quantity', value, 'years old', plus);
  }
  if (!single && (r = DURATION.exec(after))) {
    const unit = `${(r[1] ?? '').toLowerCase()}s`;
    return finish(text, start, end + r[0].length, 'duration', value, unit, plus);
  }
  const digits = g.digits ?? '';
  const yearLike = /^(?:19|20)\d{2}$/.test(digits) && !g.dscale;
  // After a preposition a year-like number is a year even before a noun ("in 2019 officers were").
  const year =
    yearLike && /\b(?:in|since|by|until|from|of|before|after|during|through)\s+$/i.test(before);
  const counted = single || year ? null : countedNoun(text, end, yearLike);
  if (counted) return finish(text, start, counted.end, 'count', value, counted.unit, plus);
  if (yearLike) {
    // A year alone is a date ("since 2019", "the 2017 Illinois Trust Act"), never a count.
    return quantity(text, start, end, 'date', NaN, null, null, digits);
  }
  // Past here only written digits: a spelled number with nothing counted is prose ("the two of
  // them"), not a figure.
  if (spelled || !isBareFigure(text, end, digits)) return null;
  return finish(text, start, end, 'quantity', value, null, plus);
}

function numberValue(g: Record<string, string | undefined>): number | null {
  if (g.digits != null) {
    let v = Number(g.digits.replace(/,/g, ''));
    for (const s of (g.dscale ?? '').toLowerCase().split(/[ -]/)) if (s) v *= SCALES[s] ?? 1;
    return v;
  }
  if (g.article != null) {
    const scale = (g.ascale ?? '').toLowerCase();
    const base = scale === 'dozen' ? 12 : (SCALES[scale] ?? NaN);
    return /half/i.test(g.article) ? base / 2 : base;
  }
  if (g.spelled != null) {
    let v = 0;
    for (const w of g.spelled.toLowerCase().split(/[\s-]+/)) {
      if (w in SMALL || w in TENS) v += SMALL[w] ?? TENS[w] ?? 0;
      else if (w === 'dozen') v *= 12;
      else if (w in SCALES) v *= SCALES[w] ?? 1;
      else return null;
    }
    return v;
  }
  return null;
}

/**
 * The counted noun after a number: up to four modifiers, then a noun of the lexicon, or any
 * plural right after the number or one modifier ("10 cars", "3 more pieces"). A noun of the
 * lexicon may be followed by more of them ("police sources"): the last one is the unit. A year
 * counts only with its noun right after it ("2000 officers"; "2017 Illinois Trust Act" is a date).
 */
function countedNoun(
  text: string,
  from: number,
  yearLike: boolean,
): { unit: string; end: number } | null {
  const words = wordsAfter(text, from, 6);
  let found: { unit: string; end: number } | null = null;
  for (const [i, w] of words.entries()) {
    const lower = w.word.toLowerCase();
    const known = PEOPLE_NOUNS.get(lower) ?? THING_NOUNS.get(lower);
    if (found) {
      if (!known) break;
      found = { unit: known, end: w.end };
      continue;
    }
    if (PHRASE_BREAK.has(lower) || i > 4 || (yearLike && i > 0)) break;
    if (known) {
      found = { unit: known, end: w.end };
      continue;
    }
    const capitalised = /^\p{Lu}\p{Ll}/u.test(w.word);
    if (i <= 1 && looksPlural(lower) && !(capitalised && i > 0) && !w.comma) {
      return { unit: lower, end: w.end };
    }
  }
  return found;
}

function looksPlural(word: string): boolean {
  return (
    word.length >= 4 && /s$/.test(word) && !/(?:ss|us|is|'s|’s)$/.test(word) && !/-/.test(word)
  );
}

interface WordAt {
  word: string;
  end: number;
  /** A comma came before it ("longtime, ranking"). */
  comma: boolean;
}

function wordsAfter(text: string, from: number, max: number): WordAt[] {
  const out: WordAt[] = [];
  const re = /(\s*,)?\s+([\p{L}][\p{L}\p{M}'’-]*)/uy;
  re.lastIndex = from;
  for (let m = re.exec(text); m && out.length < max; m = re.exec(text)) {
    if (m[1] && out.length === 0) break;
    out.push({ word: m[2] ?? '', end: re.lastIndex, comma: m[1] != null });
  }
  return out;
}

/**
 * Written digits that name rather than count: "District 1", "Colt 45", "No. 1", "#2", "number 3".
 * A capitalised word that opens a sentence ("Only 30 ...") or a qualifier ("APPROX 30") is not a
 * name.
 */
function isLabel(before: string): boolean {
  if (/(?:#|\bno\.|\bnumber)\s*$/iu.test(before)) return true;
  const prev = /([\p{L}][\p{L}.'’]*)\s+$/u.exec(before);
  if (!prev || !/^\p{Lu}/u.test(prev[1] ?? '')) return false;
  if (QUALIFIER_BEFORE.test(before)) return false;
  return !/(?:^|[.!?:"“(]\s*)$/u.test(before.slice(0, prev.index));
}

/** A bare figure worth stating: not an address, 911, or a partitive ("1 of 30"). */
function isBareFigure(text: string, end: number, digits: string): boolean {
  if (digits === '911') return false;
  const after = text.slice(end, end + 40);
  // An address: "3900 block", "1600 Pennsylvania Ave.", "100 N. LaSalle".
  if (/^\s+(?:block|hundred block)\b/iu.test(after)) return false;
  if (/^\s+(?:[NSEW]\.?|North|South|East|West)?\s*\p{Lu}/u.test(after)) return false;
  if (/^\s+of\b/iu.test(after)) return false;
  return true;
}

function pluralMap(spec: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const entry of spec.split(/\s+/).filter(Boolean)) {
    const [singular = '', plural = `${singular}s`] = entry.split('/');
    map.set(singular, plural);
    map.set(plural, plural);
  }
  return map;
}
