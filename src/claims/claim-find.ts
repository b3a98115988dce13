// Statements of an article and how worth checking each is: every sentence the classifier calls a
// statement (sentence-classify.ts), scored by what a reader could verify in it (a number, a date,
// an order and who gave it, what a law requires, an event, who said it). A statement with none of
// these is still a statement, ranked low.

import type { ClaimKind, ClaimSentence, Quantity } from '../domain/types.js';
import { lines, sentences, type TextSpan } from '../text/normalize.js';
import { PEOPLE_UNITS, parseQuantities } from './quantity-parse.js';
import { classifySentence, NO_COMMENT, type SentenceClass } from './sentence-classify.js';

/** One concrete signal (a number, an order, an event) scores at least this. */
export const CLAIM_MIN_SCORE = 0.35;
/** A statement with no concrete signal: reportable, but the last thing worth checking. */
export const STATEMENT_BASE_SCORE = 0.15;
/** "Did not respond to a request for comment": true and of little worth. */
export const NO_COMMENT_SCORE = 0.05;

interface Signal {
  reason: string;
  weight: number;
  kind: ClaimKind | null;
  /** Fires when the sentence states a parsed quantity this accepts, or matches `pattern`. */
  quantity?: (q: Quantity) => boolean;
  pattern?: RegExp;
}

// Numbers come from parseQuantities, so a year, a street number or "District 1" is not a figure
// and "1,000-percent" is a percentage. What the parser leaves out on purpose but is still a
// checkable count or time is matched here: vague counts of people ("thousands of migrants") and
// relative dates ("last week").
const VAGUE_COUNT =
  /\b(?:dozens|hundreds|thousands|millions|scores|several) of\b|\b(?:dozens|hundreds|thousands|millions|several)\s+(?:[\w-]+\s+){0,2}(?:people|agents|officers|officials|migrants|immigrants|protesters|residents|arrests|deportations|members|cops|units|aliens)\b/i;
const RELATIVE_DATE =
  /\b(?:yesterday|last (?:week|month|year|night)|this (?:week|month|year)|(?:over )?the weekend|earlier this (?:week|month|year))\b/i;

// Weights: a signal alone gives roughly its weight; several combine as independent evidence.
const SIGNALS: Signal[] = [
  {
    reason: 'percentage',
    weight: 0.6,
    kind: 'percentage',
    quantity: (q) => q.kind === 'percentage',
  },
  { reason: 'money', weight: 0.6, kind: 'money', quantity: (q) => q.kind === 'money' },
  {
    reason: 'count of people',
    weight: 0.55,
    kind: 'count',
    quantity: (q) => q.kind === 'count' && PEOPLE_UNITS.has(q.unit ?? ''),
    pattern: VAGUE_COUNT,
  },
  { reason: 'count', weight: 0.45, kind: 'count', quantity: (q) => q.kind === 'count' },
  {
    reason: 'quantity',
    weight: 0.35,
    kind: 'quantity',
    quantity: (q) => q.kind === 'quantity' || q.kind === 'duration',
  },
  {
    reason: 'date or time',
    weight: 0.3,
    kind: 'date',
    quantity: (q) => q.kind === 'date',
    pattern: RELATIVE_DATE,
  },
  { reason: 'time of day', weight: 0.3, kind: 'time', quantity: (q) => q.kind === 'time' },
  // Who ordered what ("ordered officers to leave", "told officers not to assist", "a memo", "stand
  // down"), not "the Fraternal Order of Police", "in order to" or "violence directed at them".
  {
    reason: 'order or directive',
    weight: 0.45,
    kind: 'order',
    pattern:
      /\b(?:(?<!\bin |\band )order(?:ed|ing|s)?(?! of police)|directive|instruct(?:ed|ing|s)|(?:as )?direct(?:ed|ing|s)? (?:\w+ )?(?:officers|police|cops|units|personnel|agents|staff)|memo|stand(?:-| )down|commanded|told (?:(?:its|their|the) )?(?:officers|police|cops|units) (?:not )?to|told not to|not to (?:assist|respond|help|cooperate))\b/i,
  },
  {
    reason: 'law or rule',
    weight: 0.45,
    kind: 'law',
    pattern:
      /\b(?:law(?! enforcement)|ordinance|Act|municipal code|statute|executive order|bill|legislation|Welcoming City|requires?|prohibits?|restricts?|bans?|mandat(?:ed|es that)|forbids?|allows?)\b/,
  },
  {
    reason: 'event',
    weight: 0.35,
    kind: 'event',
    // Something that happened and could be confirmed: a shooting, an arrest, a hospital stay.
    pattern:
      /\b(?:shot|shooting|arrested|killed|attacked|rammed|fired|detained|injured|wounded|wounds|hospitali[sz]ed|taken to [\w ]{0,30}hospital|in custody|surrounded|deployed|sued|filed|signed|announced|released|responded|withdrew|arrived|protested|clashed|charged)\b/i,
  },
  {
    reason: 'attributed',
    weight: 0.15,
    kind: null,
    pattern:
      /\b(?:according to|said|says|say|saying|stated|reported|announced|told|insisted|emphasized|asserted|disputed|denied|confirmed|accused|criticized|characterized|called|in a (?:\w+ )?statement)\b/i,
  },
];

interface Penalty {
  reason: string;
  weight: number;
  pattern: RegExp;
}

const PENALTIES: Penalty[] = [
  { reason: 'question', weight: 0.5, pattern: /\?\s*["”]?$/ },
  { reason: 'introduces a quote', weight: 0.5, pattern: /:$/ },
  {
    reason: 'opinion',
    weight: 0.3,
    pattern:
      /\b(?:should|ought|I think|we think|believes?|seems?|perhaps|maybe|arguably|of course)\b/i,
  },
  {
    reason: 'boilerplate',
    weight: 0.9,
    pattern:
      /\b(?:follow (?:us|him|her|me)|subscribe|sign up|click here|read more|comments? section|newsletter|VIP Member|all rights reserved|Getty Images)\b/i,
  },
];

// Corpus files may open with a ` date YYYY-MM-DD` metadata line followed by the text.
const DATE_PREFIX = /^date \d{4}-\d{2}-\d{2}\s+/;

/** Every sentence of the text with what it is (statement, headline, caption, …). */
export function classifiedSentences(text: string): (TextSpan & { class: SentenceClass })[] {
  const ls = lines(text);
  let li = 0;
  return sentences(text).map((sentence) => {
    const s = withoutDatePrefix(sentence);
    while (li < ls.length - 1 && ls[li]!.end <= s.start) li++;
    const line = ls[li] ?? s;
    return { ...s, class: classifySentence(s, line, li === 0, li === ls.length - 1) };
  });
}

/** The statements of a text; `classified` when the caller has its sentences classified already. */
export function findClaims(
  text: string,
  classified: (TextSpan & { class: SentenceClass })[] = classifiedSentences(text),
): ClaimSentence[] {
  const out: ClaimSentence[] = [];
  for (const s of classified) {
    if (s.class !== 'statement') continue;
    const quantities = parseQuantities(s.text).map((q) => ({
      ...q,
      start: q.start + s.start,
      end: q.end + s.start,
    }));
    const { score, reasons, kinds } = scoreStatement(s.text, quantities);
    out.push({ text: s.text, start: s.start, end: s.end, score, reasons, kinds, quantities });
  }
  return out;
}

export function withoutDatePrefix(s: TextSpan): TextSpan {
  const prefix = DATE_PREFIX.exec(s.text)?.[0];
  if (!prefix) return s;
  return { text: s.text.slice(prefix.length), start: s.start + prefix.length, end: s.end };
}

/** How worth checking a statement is, and why: its signals, floored at the statement base. */
export function scoreStatement(
  text: string,
  quantities: Quantity[] = parseQuantities(text),
): { score: number; reasons: string[]; kinds: ClaimKind[] } {
  const scored = signalScore(text, quantities);
  if (NO_COMMENT.test(text)) {
    scored.reasons.push('no comment');
    scored.score = NO_COMMENT_SCORE;
  } else if (scored.score < STATEMENT_BASE_SCORE) {
    scored.reasons.push('statement');
    scored.score = STATEMENT_BASE_SCORE;
  }
  return scored;
}

/** The signals a text shows (numbers, orders, laws, events, attribution) less its penalties. */
export function signalScore(
  text: string,
  quantities: Quantity[] = parseQuantities(text),
): { score: number; reasons: string[]; kinds: ClaimKind[] } {
  const reasons: string[] = [];
  const kinds: ClaimKind[] = [];
  let missing = 1;
  for (const signal of SIGNALS) {
    const stated = quantities.some((q) => signal.quantity?.(q) ?? false);
    if (!stated && !signal.pattern?.test(text)) continue;
    if (signal.kind && !kinds.includes(signal.kind)) kinds.push(signal.kind);
    // Each phrase scores once, a count of things adds nothing to a count of people, and a bare
    // number nothing to a percentage, money or a count.
    if (reasons.includes(signal.reason)) continue;
    if (signal.reason === 'count' && reasons.includes('count of people')) continue;
    if (signal.reason === 'quantity' && reasons.length > 0) continue;
    reasons.push(signal.reason);
    missing *= 1 - signal.weight;
  }
  let score = 1 - missing;
  for (const penalty of PENALTIES) {
    if (!penalty.pattern.test(text)) continue;
    reasons.push(penalty.reason);
    score *= 1 - penalty.weight;
  }
  return { score: Math.round(score * 100) / 100, reasons, kinds };
}
