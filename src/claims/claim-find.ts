// Sentences worth checking: they assert something a reader could verify (a number, a date, an
// order and who gave it, what a law requires, an event). Opinion and boilerplate score low.

import type { ClaimSentence } from '../domain/types.js';
import { sentences, type TextSpan } from '../text/normalize.js';

/** Below this a sentence is commentary or scene-setting; one concrete signal clears it. */
export const CLAIM_MIN_SCORE = 0.35;
/** Headlines and fragments this short rarely carry a checkable assertion on their own. */
export const CLAIM_MIN_WORDS = 6;

interface Signal {
  reason: string;
  weight: number;
  pattern: RegExp;
}

const MONTHS =
  'January|February|March|April|May|June|July|August|September|October|November|December';
const PEOPLE =
  'people|agents|officers|officials|migrants|immigrants|protesters|residents|arrests|deportations|' +
  'members|cops|units|students|workers|families|children|victims|shootings|troops|deaths';

// Weights: a signal alone gives roughly its weight; several combine as independent evidence.
const SIGNALS: Signal[] = [
  { reason: 'percentage', weight: 0.6, pattern: /\d[\d,.]*\s*(?:%|-?\s?percent\b)/i },
  {
    reason: 'money',
    weight: 0.6,
    pattern: /\$\s?\d|\b\d[\d,.]*\s*(?:dollars|million|billion|trillion)\b/i,
  },
  {
    reason: 'count of people',
    weight: 0.55,
    pattern: new RegExp(
      `\\b(?:\\d[\\d,]*|dozens|hundreds|thousands|millions|several|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty)\\s+(?:[\\w-]+\\s+){0,2}(?:${PEOPLE})\\b`,
      'i',
    ),
  },
  { reason: 'quantity', weight: 0.35, pattern: /\b(?!(?:19|20)\d{2}\b)\d[\d,.]*\b/ },
  {
    reason: 'date or time',
    weight: 0.3,
    pattern: new RegExp(
      `\\b(?:${MONTHS}|Sept?|Oct|Nov|Dec|Jan|Feb|Aug|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|(?:19|20)\\d{2}|\\d{1,2}(?::\\d{2})?\\s?[ap]\\.m\\.|last (?:week|month|year)|this (?:week|month|year))\\b`,
    ),
  },
  {
    reason: 'order or directive',
    weight: 0.45,
    pattern:
      /\b(?:ordered|orders?|directive|instructed|directed|memo|stand-down|commanded|told (?:officers|police|cops|units)|not to (?:assist|respond|help|cooperate))\b/i,
  },
  {
    reason: 'law or rule',
    weight: 0.45,
    pattern:
      /\b(?:law(?! enforcement)|ordinance|Act|municipal code|statute|executive order|bill|requires?|prohibits?|bans?|mandates?|forbids?|allows?)\b/,
  },
  {
    reason: 'event',
    weight: 0.35,
    pattern:
      /\b(?:shot|shooting|arrested|killed|attacked|rammed|fired|detained|injured|surrounded|deployed|sued|filed|signed|announced|released|responded|withdrew|arrived|protested|clashed|charged)\b/i,
  },
  {
    reason: 'attributed',
    weight: 0.15,
    pattern: /\b(?:according to|said|says|stated|reported|announced|told)\b/i,
  },
];

const PENALTIES: Signal[] = [
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

export function findClaims(text: string): ClaimSentence[] {
  const out: ClaimSentence[] = [];
  for (const sentence of sentences(text)) {
    const s = withoutDatePrefix(sentence);
    if (s.text.split(/\s+/).length < CLAIM_MIN_WORDS) continue;
    const { score, reasons } = scoreSentence(s.text);
    if (score >= CLAIM_MIN_SCORE) out.push({ ...s, score, reasons, kinds: [], quantities: [] });
  }
  return out;
}

export function withoutDatePrefix(s: TextSpan): TextSpan {
  const prefix = DATE_PREFIX.exec(s.text)?.[0];
  if (!prefix) return s;
  return { text: s.text.slice(prefix.length), start: s.start + prefix.length, end: s.end };
}

function scoreSentence(text: string): { score: number; reasons: string[] } {
  const reasons: string[] = [];
  let missing = 1;
  for (const signal of SIGNALS) {
    if (!signal.pattern.test(text)) continue;
    // A bare number already counted as a percentage, money or a head count adds nothing.
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
  return { score: Math.round(score * 100) / 100, reasons };
}
