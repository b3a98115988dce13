// Building a Quantity: the qualifier written before a figure ("more than", "about") and the
// normalised form two texts compare (see Quantity in domain/types.ts). Shared by the finders of
// dates and times (date-find.ts) and of numbers (quantity-parse.ts).

import type { Quantity } from '../domain/types.js';

type Kind = Quantity['kind'];
/** Canonical qualifiers and the prefix each puts on `normalized`. "up to" means "at most". */
export const QUALIFIER_PREFIX: Record<string, string> = {
  'more than': '>',
  'less than': '<',
  'at least': '>=',
  'at most': '<=',
  'up to': '<=',
  about: '~',
  nearly: '<~',
};

// Every way news copy says one of them, longest first so "just over" wins over "over".
const QUALIFIER_WORDS: [string, string][] = [
  ['in excess of', 'more than'],
  ['upwards of', 'more than'],
  ['more than', 'more than'],
  ['just over', 'more than'],
  ['over', 'more than'],
  ['above', 'more than'],
  ['less than', 'less than'],
  ['fewer than', 'less than'],
  ['under', 'less than'],
  ['below', 'less than'],
  ['no fewer than', 'at least'],
  ['no less than', 'at least'],
  ['at least', 'at least'],
  ['no more than', 'at most'],
  ['at most', 'at most'],
  ['as many as', 'up to'],
  ['as much as', 'up to'],
  ['up to', 'up to'],
  ['approximately', 'about'],
  ['approx.', 'about'],
  ['approx', 'about'],
  ['an estimated', 'about'],
  ['roughly', 'about'],
  ['around', 'about'],
  ['about', 'about'],
  ['some', 'about'],
  ['just under', 'nearly'],
  ['close to', 'nearly'],
  ['almost', 'nearly'],
  ['nearly', 'nearly'],
];
export const QUALIFIER_BEFORE = new RegExp(
  `(?<![\\p{L}\\p{N}])(${QUALIFIER_WORDS.map(([w]) => w.replace('.', '\\.'))
    .sort((a, b) => b.length - a.length)
    .join('|')})\\s+$`,
  'iu',
);

/** A figure with its unit, the qualifier before it (or `after`, one written after it) and its end. */
export function finish(
  text: string,
  start: number,
  end: number,
  kind: Kind,
  value: number,
  unit: string | null,
  after: string | null = null,
): Quantity {
  const q = withQualifier(text, start, { kind, value, unit, bare: figure(value, unit) }, after);
  return { ...q, end, text: text.slice(q.start, end) };
}

/** A quantity that starts at its qualifier when one stands just before `start`. */
export function withQualifier(
  text: string,
  start: number,
  m: { kind: Kind; value: number; unit: string | null; bare: string },
  after: string | null = null,
): Quantity {
  const windowStart = Math.max(0, start - 20);
  const q = QUALIFIER_BEFORE.exec(text.slice(windowStart, start));
  const word = q?.[1]?.toLowerCase().replace(/\s+/g, ' ') ?? null;
  const qualifier = word ? (QUALIFIER_WORDS.find(([w]) => w === word)?.[1] ?? null) : after;
  const from = q ? windowStart + q.index : start;
  return quantity(text, from, start, m.kind, m.value, m.unit, qualifier, m.bare);
}

/** The Quantity for a span, `normalized` being the qualifier's prefix and `bare`. */
export function quantity(
  text: string,
  start: number,
  end: number,
  kind: Kind,
  value: number,
  unit: string | null,
  qualifier: string | null,
  bare: string,
): Quantity {
  const prefix = qualifier ? (QUALIFIER_PREFIX[qualifier] ?? '') : '';
  return {
    text: text.slice(start, end),
    start,
    end,
    kind,
    value,
    unit,
    qualifier,
    normalized: prefix + bare,
  };
}

/** "1000 %", "574500000 USD", "20000 migrants", "90 days", "12": plain digits, no exponent. */
function figure(value: number, unit: string | null): string {
  const n = Number.isInteger(value) ? value.toFixed(0) : String(roundTo(value, 6));
  return unit ? `${n} ${unit}` : n;
}

export function roundTo(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
