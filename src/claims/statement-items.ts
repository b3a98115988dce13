// One item per statement. A sentence and the quote it carries are one statement, and so are the
// parts of an interrupted quote (`“A,” he said, “B.”`): the reviewer must not see the same words
// twice, once as a quote and once inside a claim. Scare quotes and quoted words of one to three
// words are never items of their own; the sentence that holds them is.
import type { ClaimSentence, Quote } from '../domain/types.js';
import { spanAt, words } from '../text/normalize.js';
import { classifiedSentences, findClaims } from './claim-find.js';
import { SCARE_QUOTE_MAX_WORDS } from './scare-quote.js';
import { cueIsNoun } from './speaker-find.js';
import { IN_SENTENCE_CUE } from './speech-verbs.js';

const SPEECH_CUES = new RegExp(
  IN_SENTENCE_CUE.source,
  `${IN_SENTENCE_CUE.flags.replace('g', '')}g`,
);

/**
 * How many speakers a sentence reports: its speech verbs outside quoted words, less those that
 * are nouns ("called the claims “false”") and those that carry on the same subject ("called it
 * “an invasion” and said he would sue").
 */
function voices(sentence: string): number {
  const bare = sentence.replace(/[\u201C"][^\u201C\u201D"]*[\u201D"]/g, (q) =>
    ' '.repeat(q.length),
  );
  let n = 0;
  for (const cue of bare.matchAll(SPEECH_CUES)) {
    if (cueIsNoun(bare, cue)) continue;
    if (/\b(?:and|but|or)\s+(?:\w+ly\s+)?$/i.test(bare.slice(0, cue.index))) continue;
    n++;
  }
  return n;
}

/** What one item is made of, before novelty: a quote (or its parts) or a sentence. */
export type StatementItem =
  | { kind: 'quote'; text: string; start: number; end: number; quote: Quote }
  | { kind: 'claim'; claim: ClaimSentence; speaker: Quote | null };

// Classes whose quotes reach no reviewer: what a headline, caption or chrome quotes is said
// again in the body, or nowhere.
const NO_ITEMS = new Set(['headline', 'caption', 'byline', 'dateline', 'chrome', 'run-on']);

/**
 * The items of a text, in text order, from its quotes (as findQuotes gives them). A sentence
 * that carries a whole quote, or is mostly quoted words, is the quote's item; a sentence with a
 * few quoted words (`called it “a disgrace” after …`) is the sentence's item, with the quote's
 * speaker.
 */
export function statementItems(text: string, quotes: Quote[]): StatementItem[] {
  const sents = classifiedSentences(text);
  const claims = findClaims(text, sents);
  const sentenceOf = (at: number): number => spanAt(sents, at);
  const usable = quotes.filter((q) => {
    const s = sents[sentenceOf(q.start)];
    return !(s && NO_ITEMS.has(s.class)) && words(q.text).length > SCARE_QUOTE_MAX_WORDS;
  });

  const out: StatementItem[] = [];
  const absorbed = new Set<Quote>();
  // Claims and quotes are both in text order; `from` is the first quote that may still overlap.
  let from = 0;
  let short = 0;
  for (const c of claims) {
    while (from < usable.length && usable[from]!.end <= c.start) from++;
    let quoted = 0;
    let whole = false;
    const inside: Quote[] = [];
    for (let i = from; i < usable.length && usable[i]!.start < c.end; i++) {
      const q = usable[i]!;
      quoted += Math.max(0, Math.min(q.end, c.end) - Math.max(q.start, c.start));
      whole ||= isWhole(q);
      if (q.start >= c.start && q.end <= c.end) inside.push(q);
    }
    // A whole utterance in marks is the quote's item, however long its attribution; so is a
    // sentence mostly made of quoted words.
    if (whole || quoted > (c.end - c.start) / 2) continue;
    for (const q of inside) absorbed.add(q);
    // Else the speaker of a quote too short to be an item of its own (`… agents are “being
    // surrounded” and are “requesting CPD.”`), when the sentence reports one voice: with two
    // speech verbs (`the agency described it as “targeted,” but aldermen said …`) the short
    // quote's speaker need not be the sentence's.
    while (short < quotes.length && quotes[short]!.end <= c.start) short++;
    let shortSpeaker: Quote | null = null;
    if (voices(c.text) === 1) {
      for (let i = short; i < quotes.length && quotes[i]!.start < c.end; i++) {
        const q = quotes[i]!;
        if (q.speaker && q.start >= c.start && q.end <= c.end) {
          shortSpeaker = q;
          break;
        }
      }
    }
    out.push({ kind: 'claim', claim: c, speaker: inside.find((q) => q.speaker) ?? shortSpeaker });
  }

  // The parts of an interrupted quote: consecutive direct quotes of one sentence and one speaker.
  let group: Quote[] = [];
  const flush = (): void => {
    const first = group[0];
    const last = group[group.length - 1];
    if (!first || !last) return;
    out.push({
      kind: 'quote',
      text: group.map((q) => q.text).join(' … '),
      start: first.start,
      end: last.end,
      quote: first,
    });
    group = [];
  };
  for (const q of usable) {
    if (absorbed.has(q)) continue;
    const prev = group[group.length - 1];
    const joins =
      prev &&
      prev.form === 'direct' &&
      q.form === 'direct' &&
      prev.speaker === q.speaker &&
      sentenceOf(prev.start) === sentenceOf(q.start);
    if (!joins) flush();
    group.push(q);
  }
  flush();
  return out.sort((a, b) => startOf(a) - startOf(b));
}

/**
 * Someone's whole utterance (`“We never did,” she said`) rather than words woven into the
 * writer's sentence (`called it “an attack on the police” after …`): it opens with a capital
 * or closes a sentence of its own, or is reported speech.
 */
function isWhole(q: Quote): boolean {
  return q.form === 'reported' || /^[\p{Lu}\p{N}]/u.test(q.text) || /[.!?]$/.test(q.text);
}

function startOf(item: StatementItem): number {
  return item.kind === 'quote' ? item.start : item.claim.start;
}
