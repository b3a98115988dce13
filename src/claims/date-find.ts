// Dates and times as news copy writes them ("Saturday, Oct. 4, 2025", "in late September",
// "12:34:44", "2 p.m."), normalised as precisely as written: the first finders parseQuantities
// runs, so that a date's day is never read as a count.

import type { Quantity } from '../domain/types.js';
import { quantity, withQualifier } from './quantity-build.js';

const MONTHS: [string, number][] = [
  ['January', 1],
  ['Jan', 1],
  ['February', 2],
  ['Feb', 2],
  ['March', 3],
  ['Mar', 3],
  ['April', 4],
  ['Apr', 4],
  ['May', 5],
  ['June', 6],
  ['Jun', 6],
  ['July', 7],
  ['Jul', 7],
  ['August', 8],
  ['Aug', 8],
  ['September', 9],
  ['Sept', 9],
  ['Sep', 9],
  ['October', 10],
  ['Oct', 10],
  ['November', 11],
  ['Nov', 11],
  ['December', 12],
  ['Dec', 12],
];
const MONTH_NUMBER = new Map<string, number>(MONTHS.map(([name, n]) => [name.toLowerCase(), n]));
// Capitalised or all caps only: "may", "march" and "august" in lower case are not months.
const MONTH = `(?:${MONTHS.flatMap(([m]) => [m, m.toUpperCase()])
  .sort((a, b) => b.length - a.length)
  .join('|')})\\b\\.?`;
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const WEEKDAY = new RegExp(
  `\\b(${WEEKDAYS.flatMap((d) => [d, d.toUpperCase()]).join('|')})\\b`,
  'gu',
);

const FULL_DATE = new RegExp(
  String.raw`\b(?<month>${MONTH})\s+(?<day>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?<year>(?:19|20)\d{2})\b)?`,
  'gu',
);
const DAY_FIRST = new RegExp(
  String.raw`\b(?<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?<month>${MONTH})(?:,?\s+(?<year>(?:19|20)\d{2})\b)?`,
  'gu',
);
const MONTH_YEAR = new RegExp(String.raw`\b(?<month>${MONTH}),?\s+(?<year>(?:19|20)\d{2})\b`, 'gu');
// A month alone only after a word that makes it a time ("in late September", "since May").
const MONTH_ALONE = new RegExp(
  String.raw`\b(?:in|In|since|Since|until|through|by|from|last|next|early|mid|late|of|By|From|Until|Through)[\s-]+(?<month>${MONTH})`,
  'gu',
);
const ISO_DATE = /\b((?:19|20)\d{2})-(\d{2})-(\d{2})\b/gu;
const US_DATE = /(?<![\d/])(\d{1,2})\/(\d{1,2})\/((?:19|20)?\d{2})(?![\d/])/gu;

export function findDates(text: string): Quantity[] {
  const out: Quantity[] = [];
  const dated = (m: RegExpMatchArray, start: number, end: number): void => {
    const g = m.groups ?? {};
    const month = MONTH_NUMBER.get((g.month ?? '').replace('.', '').toLowerCase());
    if (!month) return;
    const day = g.day ? Number(g.day) : null;
    const year = g.year ? Number(g.year) : null;
    if (day !== null && !validDay(year ?? 2024, month, day)) return;
    const mm = pad(month);
    const iso =
      day === null
        ? year === null
          ? `--${mm}`
          : `${year}-${mm}`
        : year === null
          ? `--${mm}-${pad(day)}`
          : `${year}-${mm}-${pad(day)}`;
    out.push(quantity(text, start, end, 'date', NaN, null, null, iso));
  };
  for (const re of [FULL_DATE, DAY_FIRST, MONTH_YEAR]) {
    for (const m of text.matchAll(re)) {
      if (/^May$/i.test(m.groups?.month ?? '') && !m.groups?.year && re !== FULL_DATE) continue;
      dated(m, m.index, m.index + m[0].length);
    }
  }
  for (const m of text.matchAll(MONTH_ALONE)) {
    const month = m.groups?.month ?? '';
    const start = m.index + m[0].length - month.length;
    dated(m, start, start + month.length);
  }
  for (const m of text.matchAll(ISO_DATE)) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (!validDay(y, mo, d)) continue;
    out.push(quantity(text, m.index, m.index + m[0].length, 'date', NaN, null, null, m[0]));
  }
  // Numeric dates are read the American way (month first): the corpus is US news.
  for (const m of text.matchAll(US_DATE)) {
    const [mo, d] = [Number(m[1]), Number(m[2])];
    const y = (m[3] ?? '').length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    if (!validDay(y, mo, d)) continue;
    const iso = `${y}-${pad(mo)}-${pad(d)}`;
    out.push(quantity(text, m.index, m.index + m[0].length, 'date', NaN, null, null, iso));
  }
  // A weekday is its own quantity even beside a full date ("Saturday, October 4, 2025"): another
  // text saying "on Sunday" contradicts the weekday, not the date.
  for (const m of text.matchAll(WEEKDAY)) {
    const day = (m[1] ?? '').toLowerCase();
    out.push(quantity(text, m.index, m.index + m[0].length, 'date', NaN, null, null, day));
  }
  // Longest first, so "Oct. 4, 2025" wins over "Oct" alone when the finder takes spans.
  return out.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
}

const CLOCK_12 = /(?<![\p{L}\p{N}:.])(\d{1,2})(?::([0-5]\d))?\s?([ap])\.?\s?m\b\.?/giu;
const CLOCK_24 =
  /(?<![\p{L}\p{N}:.])(\d{1,2}):([0-5]\d)(?::([0-5]\d))?(?![\p{N}]|\s?[ap]\.?\s?m\b)/giu;
const NOON = /\b(?:at|by|until|before|after|around|about|near|past)\s+(noon|midnight)\b/giu;

export function findTimes(text: string): Quantity[] {
  const out: Quantity[] = [];
  const timed = (start: number, end: number, hhmm: string): void => {
    const q = withQualifier(text, start, { kind: 'time', value: NaN, unit: null, bare: hhmm });
    out.push({ ...q, end, text: text.slice(q.start, end) });
  };
  for (const m of text.matchAll(CLOCK_12)) {
    const hour = Number(m[1]);
    if (hour < 1 || hour > 12) continue;
    const h24 = (hour % 12) + ((m[3] ?? '').toLowerCase() === 'p' ? 12 : 0);
    timed(m.index, m.index + m[0].length, `${pad(h24)}:${m[2] ?? '00'}`);
  }
  // Without a.m./p.m. a time is ambiguous below 13 ("at 2:30"), unless it is written the 24-hour
  // way: a leading zero or seconds ("12:34:44" in a dispatch log).
  for (const m of text.matchAll(CLOCK_24)) {
    const hour = Number(m[1]);
    const twentyFour = hour === 0 || hour >= 13 || (m[1] ?? '').startsWith('0') || m[3] != null;
    if (hour > 23 || !twentyFour) continue;
    timed(m.index, m.index + m[0].length, `${pad(hour)}:${m[2]}${m[3] ? `:${m[3]}` : ''}`);
  }
  for (const m of text.matchAll(NOON)) {
    const word = m[1] ?? '';
    const start = m.index + m[0].length - word.length;
    timed(start, start + word.length, word.toLowerCase() === 'noon' ? '12:00' : '00:00');
  }
  return out;
}

function validDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
