// How the restatement judgement reads one sentence: its content words as lemmas, each classed as
// a number, date, name or other word (dates as the claim layer finds them), every word for word
// order, and whether it is negated. A sentence is read once and compared with many.
import { parseQuantities } from './quantity-parse.js';

/** Words that carry no information of their own; negations are kept apart (they do carry it). */
const STOP = new Set(
  (
    'a an the and or but if of to in on at by for with from as is are was were be been being it ' +
    'its this that these those he she they we i you his her their our my your him them us me ' +
    'do does did has have had will would can could should may might must shall also just so than ' +
    'then there here who whom whose which what when where while about into over after before up ' +
    'out said says say saying told tell according very more most such some any all each other ' +
    'own same only both too s t'
  ).split(' '),
);
const NEGATIONS = new Set(['not', 'no', 'never', 'none', 'nobody', 'nothing', 'neither', 'nor']);
const DATE_WORDS = new Set(
  (
    'january february march april may june july august september october november december ' +
    'jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday ' +
    'saturday sunday today yesterday tomorrow'
  ).split(' '),
);
const APOSTROPHES = /[\u2018\u2019\u201B\u2032`\u00B4]/g;
// Words with inner apostrophes, and numbers with their separators ("1,650", "0.11", "9/11").
const TOKEN = /\p{N}+(?:[.,/:]\p{N}+)*|[\p{L}\p{N}]+(?:'[\p{L}]+)*/gu;

export type InfoClass = 'number' | 'date' | 'name' | 'negation' | 'other';

export interface Token {
  lemma: string;
  /** Lower-case surface form, as the statement index and TermWeight know it. */
  term: string;
  cls: InfoClass;
}

/** One sentence as the judgement reads it: its content words, in order, and its negation. */
export interface Reading {
  tokens: Token[];
  /** Every word, stop words included, as lemmas: for word-order (n-gram) overlap. */
  all: string[];
  negated: boolean;
}

/**
 * A light suffix stripper, the same on both sides, so "charges", "charged" and "charging" meet.
 * Measured against no stemming on MSRP fit: it is the better of the two (see paraphrase.eval.ts).
 */
export function lemmaOf(word: string): string {
  let w = word.replace(/'s$/, '');
  if (w.length <= 3 || /\d/.test(w)) return w;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('ing') && w.length > 5) w = w.slice(0, -3);
  else if (w.endsWith('ed') && w.length > 4) w = w.slice(0, -2);
  else if (w.endsWith('es') && w.length > 4) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  // "stopped" → "stopp" → "stop"; "charge"/"charg" → "charg".
  if (/([b-df-hj-np-tv-z])\1$/.test(w) && !/(?:ll|ss)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('e') && w.length > 3) w = w.slice(0, -1);
  return w;
}

/** Reads a sentence once; a caller comparing it with many known statements reads it once. */
export function readSentence(text: string): Reading {
  const tokens: Token[] = [];
  const all: string[] = [];
  let negated = false;
  const normalized = text.normalize('NFKC').replace(APOSTROPHES, "'");
  const spans = /\d/.test(normalized) ? quantitySpans(normalized) : [];
  let at = 0;
  // Spans and tokens are both in text order: one pointer.
  const isDate = (index: number, raw: string): boolean => {
    while (at < spans.length && spans[at]!.end <= index) at++;
    const span = spans[at];
    if (span && span.start <= index) return span.date;
    // A year no quantity claims, in a range or a list ("in 2019 and 2020").
    return /^(?:19|20)\d\d$/.test(raw);
  };
  let first = true;
  for (const m of normalized.matchAll(TOKEN)) {
    const raw = m[0];
    const initial = first;
    first = false;
    let lower = raw.toLowerCase();
    all.push(/\d/.test(lower) ? lower : lemmaOf(lower));
    if (lower.endsWith("n't") || NEGATIONS.has(lower) || CONTRACTED_NOT.test(lower)) {
      negated = true;
      continue;
    }
    lower = lower.replace(/'s$/, '');
    if (STOP.has(lower)) continue;
    const number = /\d/.test(lower);
    const term = number ? lower.replace(/(\d),(?=\d{3}\b)/g, '$1') : lower;
    const cls: InfoClass = number
      ? isDate(m.index, raw)
        ? 'date'
        : 'number'
      : DATE_WORDS.has(lower)
        ? 'date'
        : // A capital not at the start of the sentence, or an acronym anywhere.
          /^\p{Lu}/u.test(raw) && (!initial || /^\p{Lu}{2,}$/u.test(raw))
          ? 'name'
          : 'other';
    tokens.push({ lemma: number ? term : lemmaOf(term), term, cls });
  }
  return { tokens, all, negated };
}

/** "dont", "didnt", "wasnt": a negation typed without its apostrophe (or lost in copying). */
const CONTRACTED_NOT = /^(?:do|does|did|is|are|was|were|wo|ca|could|would|should|has|have|had)nt$/;

/**
 * Where the sentence writes quantities, and which are dates ("Oct. 5", "5 October", "Jan. 12,
 * 1996", "since 2019"), as the claim layer reads them (parseQuantities: "1950 jobs" is a count,
 * "30 may have" no date). A date's numbers are classed with the date words: a date a
 * restatement adds is shown, and a changed one is a conflict (numberConflict), but an added date
 * alone does not make a sentence news, as an added name does not (measured on MSRP and STS-B:
 * see paraphrase.eval.ts).
 */
function quantitySpans(text: string): { start: number; end: number; date: boolean }[] {
  return parseQuantities(text)
    .map((q) => ({ start: q.start, end: q.end, date: q.kind === 'date' }))
    .sort((a, b) => a.start - b.start);
}
