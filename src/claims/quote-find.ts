// Quoted and reported statements of an article, each with its speaker. Paragraphs are lines:
// extraction separates them with blank lines, corpus files sometimes with single newlines.

import type { Quote } from '../domain/types.js';
import { lines, sentences, spanAt, words, type TextSpan } from '../text/normalize.js';
import {
  continuesList,
  isScareQuote,
  markWidth,
  type MarkedSpan,
  SPEECH_RIGHT_BEFORE,
} from './scare-quote.js';
import {
  type Gender,
  isPersonName,
  personGenders,
  personMentions,
  type PersonMention,
  isPronoun,
  nameRegistry,
  speakerAfter,
  speakerBefore,
  splitRole,
  sentenceSubject,
  subjectAtStart,
  type Speaker,
  type SpeakerCue,
  hasSpeechCue,
} from './speaker-find.js';
import { HEADLINE_MAX_WORDS } from './sentence-classify.js';
import {
  MAX_SENTENCE_CHARS,
  SPEAKER_WINDOW,
  STATEMENT_LIMITS,
  type ScanMeter,
} from './statement-limits.js';

/** Words allowed between an in-sentence speech verb and a partial quote (`said the plan is “…”`). */
export const IN_SENTENCE_MAX_GAP = 20;
/** A reported clause shorter than this says too little to review ("he said so"). */
export const REPORTED_MIN_WORDS = 4;

interface Candidate extends MarkedSpan {
  form: Quote['form'];
  cue: SpeakerCue | null;
  /** Where the cue's phrase is written, so the speaker can point at its evidence. */
  cueSpan: { start: number; end: number } | null;
  speaker: Speaker | null;
  speakerSpan: { start: number; end: number } | null;
}

// Transcript turns inside a quoted block: `"WALLACE: Let's start …`.
const TRANSCRIPT_LABEL = /^([A-Z][A-Z.'\u2019 -]{1,30}):\s/;
const COLON_CUE =
  /\b(?:statement|spokes(?:man|woman|person)|as follows|put it|say|says|said|wrote|added|continued|stated|tweeted|posted|warned)\b/i;

export interface QuoteOptions {
  /** Quotation marks paired at most; the rest of the text is read without quotes. */
  maxQuoteMarks?: number;
  /** Counts what the speaker search reads (tests pin that it grows linearly). */
  meter?: ScanMeter;
}

export function findQuotes(text: string, options: QuoteOptions = {}): Quote[] {
  return scanQuotes(text, options).quotes;
}

/** The quotes, and whether the quotation-mark cap stopped the pairing before the end. */
export function scanQuotes(
  text: string,
  options: QuoteOptions = {},
): { quotes: Quote[]; marksCapped: boolean } {
  const ls = lines(text);
  const sents = sentences(text);
  const paired = pairMarks(text, ls, options.maxQuoteMarks ?? STATEMENT_LIMITS.maxQuoteMarks);
  const direct = paired.quotes
    .concat(colonBlocks(text, ls), headlineQuotes(text, ls))
    .sort((a, b) => a.start - b.start);
  for (const c of direct) attributeLocally(text, ls, sents, c, options.meter);
  const kept: Candidate[] = [];
  for (const c of direct) {
    const prev = kept[kept.length - 1];
    if (!isScareQuote(text, ls, c) || (prev && continuesList(text, prev, c))) kept.push(c);
  }
  const all = kept
    .concat(reportedSpeech(text, ls, sents, kept, options.meter))
    .sort((a, b) => a.start - b.start);
  assignSpeakers(text, sents, all);
  return { quotes: all.map(toQuote(text)), marksCapped: paired.capped };
}

const toQuote =
  (text: string) =>
  (c: Candidate): Quote => ({
    text: text.slice(c.start, c.end),
    start: c.start,
    end: c.end,
    speaker: c.speaker?.speaker ?? null,
    speakerRole: c.speaker?.speakerRole ?? null,
    speakerStart: c.speakerSpan?.start ?? null,
    speakerEnd: c.speakerSpan?.end ?? null,
    form: c.form,
  });

function candidate(start: number, end: number, line: number, form: Quote['form']): Candidate {
  return {
    start,
    end,
    line,
    form,
    openAt: start,
    continues: false,
    runsOn: false,
    cue: null,
    adjacent: false,
    headline: false,
    cueSpan: null,
    speaker: null,
    speakerSpan: null,
  };
}

function pairMarks(
  text: string,
  ls: TextSpan[],
  maxMarks: number,
): { quotes: Candidate[]; capped: boolean } {
  const out: Candidate[] = [];
  let leftOpen = false;
  let marks = 0;
  let capped = false;
  for (let li = 0; li < ls.length && !capped; li++) {
    const line = ls[li]!;
    let open = -1;
    // A quote inside a quote written with the same curly marks (`“… what he calls “hell” than …”`):
    // the outer opening, resumed when the inner quote closes.
    let outer = -1;
    const opening = markWidth(text, line.start);
    const push = (from: number, to: number, runsOn = false): void => {
      const span = trimSpan(text, from, to);
      if (!span) return;
      const c = candidate(span.start, span.end, li, 'direct');
      c.openAt = text.startsWith("''", from - 2) ? from - 2 : from - 1;
      c.continues = leftOpen && opening > 0 && from === line.start + opening;
      c.runsOn = runsOn;
      out.push(c);
    };
    for (let i = line.start; i < line.end; i++) {
      const ch = text[i] ?? '';
      const width = Math.max(1, markWidth(text, i));
      if (width === 2 || /[\u201C\u201D"]/.test(ch)) {
        if (++marks > maxMarks) {
          // Past the cap the quote being read is dropped with the rest: half a pair is no quote.
          capped = true;
          open = -1;
          break;
        }
      }
      const straight = width === 2 || ch === '"';
      if (open < 0) {
        // `6'3"` and `12"`: a straight mark right after a digit measures inches, it opens nothing.
        if (ch === '"' && width === 1 && /\d/.test(text[i - 1] ?? '')) continue;
        // `a review of [his] systems" including …`: a mark that closes onto the word before it
        // and has a space after cannot open a quote; its opening mark was lost.
        if (
          straight &&
          i > line.start &&
          /[^\s([{\u2014\u2013-]/.test(text[i - 1] ?? '') &&
          /\s/.test(text[i + width] ?? '')
        )
          continue;
        if (straight || ch === '\u201C') open = i + width - 1;
      } else if (straight || ch === '\u201D' || openingAsClosing(text, i, line.end)) {
        if (outer >= 0 && ch === '\u201D') {
          // The inner quote closes; the outer one goes on to its own closing mark.
          open = outer;
          outer = -1;
        } else {
          push(open + 1, i);
          open = -1;
        }
      } else if (ch === '\u201C') {
        // Unbalanced curly marks: the later opener is the one a reader would follow, unless the
        // line closes twice before it opens again, which only a quote inside a quote does.
        if (ch === text[open] && closesTwice(text, i + 1, Math.min(line.end, i + SPEAKER_WINDOW)))
          outer = open;
        open = i;
      }
      i += width - 1;
    }
    if (open >= 0) push(open + 1, line.end, true);
    leftOpen = open >= 0;
  }
  return { quotes: out, capped };
}

// `… is 51 percent.“` at the end of a paragraph or before a space: a typo for the closing mark,
// after punctuation that ends what is quoted and with nothing after it to open.
function openingAsClosing(text: string, i: number, lineEnd: number): boolean {
  return (
    text[i] === '\u201C' &&
    /[.,!?]/.test(text[i - 1] ?? '') &&
    (i + 1 >= lineEnd || /\s/.test(text[i + 1] ?? ''))
  );
}

// Two closing curly marks ahead, before any opening one.
function closesTwice(text: string, from: number, to: number): boolean {
  let closing = 0;
  for (let i = from; i < to && closing < 2; i++) {
    const ch = text[i];
    if (ch === '\u201C' || ch === '"') return false;
    if (ch === '\u201D') closing++;
  }
  return closing === 2;
}

// Headline style sets quotes off with single marks (`Mayor Calls Raid ‘a Disgrace’`). An opening
// mark follows a space or the start; a closing one is followed by no letter, so apostrophes
// (`Don't`, `Chicago’s`) stay inside.
const HEADLINE_QUOTE =
  /(?<![\p{L}\p{N}])(?:\u2018(\S[^\u2018\n]*?)\u2019|'(\S[^'\n]*?)')(?![\p{L}\p{N}])/gu;

/** `Mayor: Agents Were ‘Out of Control’`: single-mark quotes of the first line, a headline. */
function headlineQuotes(text: string, ls: TextSpan[]): Candidate[] {
  const line = ls[0];
  if (!line || /[\u201C\u201D"]|''/.test(line.text)) return [];
  if (line.text.split(/\s+/).length > HEADLINE_MAX_WORDS) return [];
  const out: Candidate[] = [];
  for (const m of line.text.matchAll(HEADLINE_QUOTE)) {
    const inner = m[1] ?? m[2] ?? '';
    const from = line.start + m.index + 1;
    const span = trimSpan(text, from, from + inner.length);
    if (!span) continue;
    const c = candidate(span.start, span.end, 0, 'direct');
    c.openAt = from - 1;
    c.headline = true;
    out.push(c);
  }
  return out;
}

function trimSpan(text: string, from: number, to: number): { start: number; end: number } | null {
  let start = from;
  let end = to;
  while (start < end && /\s/.test(text[start] ?? '')) start++;
  while (end > start && /\s/.test(text[end - 1] ?? '')) end--;
  return end > start ? { start, end } : null;
}

/** "He continued:" then a paragraph that is the statement, with or without marks. */
function colonBlocks(text: string, ls: TextSpan[]): Candidate[] {
  const out: Candidate[] = [];
  for (let li = 1; li < ls.length; li++) {
    const intro = ls[li - 1];
    const body = ls[li];
    if (!intro || !body || !intro.text.endsWith(':')) continue;
    if (/[\u201C\u201D"]/.test(body.text) || !COLON_CUE.test(intro.text)) continue;
    const c = candidate(body.start, body.end, li, 'direct');
    setCue(text, c, colonCue(intro), intro, 'last');
    c.adjacent = true;
    out.push(c);
  }
  return out;
}

function colonCue(intro: TextSpan): SpeakerCue | null {
  const last = sentences(intro.text).pop()?.text.replace(/:$/, '') ?? '';
  return speakerBefore(last, 30) ?? subjectAtStart(last);
}

function setCue(
  text: string,
  c: Candidate,
  cue: SpeakerCue | null,
  region: { start: number; end: number },
  prefer: 'first' | 'last',
): void {
  c.cue = cue;
  c.cueSpan = cue ? locate(text, cue.phrase, region, prefer) : null;
}

// The phrase as the cue finder returns it has its whitespace collapsed and its filler words cut,
// so it is looked up again in the text it came from rather than carried as offsets. Word by word
// at each place the first word occurs: compiling a regex for every cue was the quote finder's
// costliest step.
function locate(
  text: string,
  phrase: string,
  region: { start: number; end: number },
  prefer: 'first' | 'last',
): { start: number; end: number } | null {
  const phraseWords = phrase.split(' ');
  const first = phraseWords[0];
  if (!first) return null;
  let found: { start: number; end: number } | null = null;
  for (
    let at = text.indexOf(first, region.start);
    at >= 0 && at + first.length <= region.end;
    at = text.indexOf(first, at + 1)
  ) {
    if (at > region.start && WORD_CHAR_BEFORE.test(text.slice(Math.max(region.start, at - 2), at)))
      continue;
    const end = matchWordsAt(text, phraseWords, at, region.end);
    if (end < 0) continue;
    found = { start: at, end };
    if (prefer === 'first') break;
    at = end - 1; // matches do not overlap
  }
  return found;
}

/** Where the words, separated by whitespace, end when they start at `at`; -1 if they do not. */
function matchWordsAt(text: string, ws: string[], at: number, limit: number): number {
  let pos = at;
  for (let w = 0; w < ws.length; w++) {
    if (w > 0) {
      const from = pos;
      while (pos < limit && /\s/.test(text[pos]!)) pos++;
      if (pos === from) return -1;
    }
    const word = ws[w]!;
    if (pos + word.length > limit || !text.startsWith(word, pos)) return -1;
    pos += word.length;
  }
  return pos < limit && WORD_CHAR_AT.test(text.slice(pos, pos + 2)) ? -1 : pos;
}

// A letter or digit just before a position (the last code point of up to two code units), or
// just at one (the first).
const WORD_CHAR_BEFORE = /[\p{L}\p{N}]$/u;
const WORD_CHAR_AT = /^[\p{L}\p{N}]/u;

function attributeLocally(
  text: string,
  ls: TextSpan[],
  sents: TextSpan[],
  c: Candidate,
  meter: ScanMeter | undefined,
): void {
  if (c.form !== 'direct' || c.cue) return;
  const line = ls[c.line];
  if (!line) return;
  const label = TRANSCRIPT_LABEL.exec(text.slice(c.start, c.end));
  if (label?.[1]) {
    setCue(text, c, { phrase: label[1].trim(), apposition: null }, c, 'first');
    c.adjacent = true;
    return;
  }
  const prev = ls[c.line - 1];
  if (prev?.text.endsWith(':') && c.start === line.start + markWidth(text, line.start)) {
    setCue(text, c, colonCue(prev), prev, 'last');
    c.adjacent = c.cue !== null;
    if (c.cue) return;
  }
  const sentStart = sents[spanAt(sents, c.start - 1)]?.start;
  const opening = c.start > 0 && text[c.start - 2] === "'" ? 2 : 1;
  const sentenceFrom = Math.max(sentStart ?? line.start, line.start);
  // The speaker search reads a window on each side (SPEAKER_WINDOW), never the whole sentence
  // or line: on a page of one endless line that was its quadratic cost.
  const beforeSpan = {
    start: Math.max(sentenceFrom, c.start - opening - SPEAKER_WINDOW),
    end: c.start - opening,
  };
  const before = text.slice(beforeSpan.start, beforeSpan.end);
  const near = speakerBefore(before, 3, meter);
  // `chanted “Shame!”`, `said “budget reforms”`: a speech verb right before the marks.
  const verbRightBefore = SPEECH_RIGHT_BEFORE.test(before);
  if (near && (/[,:]\s*$/.test(before) || verbRightBefore)) {
    setCue(text, c, near, beforeSpan, 'last');
    c.adjacent = true;
    return;
  }
  const closing = markWidth(text, c.end);
  const endsSentence = /[.!?]$/.test(text.slice(c.start, c.end));
  const restSpan = {
    start: c.end + closing,
    end: Math.min(line.end, c.end + closing + SPEAKER_WINDOW),
  };
  const rest = text.slice(restSpan.start, restSpan.end);
  const after = closing > 0 ? speakerAfter(rest, endsSentence, meter) : null;
  if (after) {
    setCue(text, c, after, restSpan, 'first');
    c.adjacent = true;
    return;
  }
  c.adjacent = verbRightBefore;
  setCue(text, c, speakerBefore(before, IN_SENTENCE_MAX_GAP, meter), beforeSpan, 'last');

  if (!c.cue && words(before).length >= 2) {
    // The subject opens the sentence: read it from the sentence's start.
    const subjectSpan = {
      start: sentenceFrom,
      end: Math.min(beforeSpan.end, sentenceFrom + SPEAKER_WINDOW),
    };
    const subject = text.slice(subjectSpan.start, subjectSpan.end);
    setCue(text, c, sentenceSubject(subject, meter), subjectSpan, 'first');
  }
  // A quote that is its whole paragraph, after a paragraph whose last sentence reports someone
  // speaking ("DHS spokesperson Ann Lee criticized the decision."): that someone goes on.
  if (
    !c.cue &&
    prev &&
    c.start === line.start + markWidth(text, line.start) &&
    c.end + 2 >= line.end
  ) {
    const lastSpan = sentences(prev.text).pop();
    // A paragraph of quotes has speakers of its own, which assignSpeakers carries on.
    if (lastSpan && hasSpeechCue(lastSpan.text) && !/[\u201C\u201D"]/.test(prev.text)) {
      const region = { start: prev.start + lastSpan.start, end: prev.start + lastSpan.end };
      setCue(text, c, sentenceSubject(lastSpan.text, meter), region, 'first');
    }
  }
}

const REPORTED_VERB =
  /\b(?:said|says|told [^,.]{1,40}?|stated|states|announced|claimed|warned|added|argued|insisted|noted|acknowledged|reported|emphasized|stressed)\b/;
const REPORTED_TAIL =
  /^(.{20,}?),\s+([^,]{2,60}?)\s+(?:said|says|stated|reported|added|announced)(?:\s+(?:on\s+)?\w+day)?\.?$/;

/** `X said (that) …`, `according to X, …`, `…, X said.` in sentences that have no marks. */
function reportedSpeech(
  text: string,
  ls: TextSpan[],
  sents: TextSpan[],
  kept: Candidate[],
  meter: ScanMeter | undefined,
): Candidate[] {
  const out: Candidate[] = [];
  // Sentences, lines and kept quotes are all in text order: one pointer each.
  let k = 0;
  let line = 0;
  for (const s of sents) {
    while (k < kept.length && kept[k]!.end <= s.start) k++;
    while (line < ls.length - 1 && ls[line]!.end <= s.start) line++;
    if (/[\u201C\u201D"]/.test(s.text) || (kept[k] && kept[k]!.start < s.end)) continue;
    // A run-on "sentence" of hundreds of words is a list or a dump, not a reported clause.
    if (s.text.length > MAX_SENTENCE_CHARS) continue;
    const found = reportedClause(s.text, meter);
    if (!found || words(found.content).length < REPORTED_MIN_WORDS) continue;
    const start = s.start + s.text.indexOf(found.content);
    const c = candidate(start, start + found.content.length, line, 'reported');
    setCue(text, c, found.cue, s, found.cueFirst ? 'first' : 'last');
    c.adjacent = true;
    out.push(c);
  }
  return out;
}

function reportedClause(
  sentence: string,
  meter: ScanMeter | undefined,
): { content: string; cue: SpeakerCue; cueFirst: boolean } | null {
  const according = /^According to ([^,]{2,60}),\s+(.+)$/.exec(sentence);
  if (according?.[1] && according[2]) {
    return {
      content: according[2],
      cue: { phrase: according[1], apposition: null },
      cueFirst: true,
    };
  }
  const tail = REPORTED_TAIL.exec(sentence);
  const tailCue = tail?.[2] ? speakerAfter(` ${tail[2]} said`, false, meter) : null;
  if (tail?.[1] && tailCue) return { content: tail[1], cue: tailCue, cueFirst: false };
  const verb = REPORTED_VERB.exec(sentence);
  if (!verb || verb.index === 0) return null;
  // `Audio and a memo reported by Fox News indicate …`: a participle with its agent modifies the
  // noun; the noun did not speak.
  if (/^\s+by\b/.test(sentence.slice(verb.index + verb[0].length))) return null;
  const cue = speakerBefore(sentence.slice(0, verb.index + verb[0].length), 0, meter);
  const subject = sentence.slice(0, verb.index).trim();
  if (!cue || subject.split(/\s+/).length > 8 || subject.includes(',')) return null;
  const rest = sentence.slice(verb.index + verb[0].length);
  const lead =
    /^(?:\s+(?:in|on|at|during)\s+(?:a|an|the)?\s*\w+(?:\s+\w+day)?)?(?:\s+\w+day)?,?\s+(?:that\s+)?/.exec(
      rest,
    );
  const content = rest.slice(lead?.[0].length ?? 0).trim();
  return content ? { content, cue, cueFirst: true } : null;
}

interface Resolution {
  names: Map<string, Speaker>;
  roles: Map<string, string>;
  genders: Map<string, Gender>;
  /** Named people quoted so far, in text order, with where their cue is. */
  quoted: { person: Speaker; at: number }[];
  /** People named as the subject of a sentence: the other thing a later "he" or "she" continues. */
  subjects: PersonMention[];
  lastSpeaker: Speaker | null;
  lastOrg: Speaker | null;
}

function assignSpeakers(text: string, sents: TextSpan[], all: Candidate[]): void {
  const names = nameRegistry(text);
  const mentions = personMentions(text, names);
  const state: Resolution = {
    names,
    roles: new Map(),
    genders: personGenders(text, mentions),
    quoted: [],
    subjects: subjectMentions(text, sents, mentions),
    lastSpeaker: null,
    lastOrg: null,
  };
  for (const c of all) {
    if (!c.cue) continue;
    c.speaker = resolve(c.cue, state, c.cueSpan?.start ?? c.start);
    c.speakerSpan = c.cueSpan && mentionSpan(text, c.cue, c.cueSpan);
  }
  // The nearest quote of the same line with a speaker of its own, before and after each quote:
  // two passes, where a search per quote cost the line's quotes squared.
  const cued = (o: Candidate): boolean => !!o.cue && !!o.speaker;
  const nearestBefore: (Candidate | null)[] = [];
  let lastCued: Candidate | null = null;
  all.forEach((c, i) => {
    if (lastCued && lastCued.line !== c.line) lastCued = null;
    nearestBefore[i] = lastCued;
    if (cued(c)) lastCued = c;
  });
  const nearestAfter: (Candidate | null)[] = [];
  let nextCued: Candidate | null = null;
  for (let i = all.length - 1; i >= 0; i--) {
    const c = all[i]!;
    if (nextCued && nextCued.line !== c.line) nextCued = null;
    nearestAfter[i] = nextCued;
    if (cued(c)) nextCued = c;
  }
  let prev: Candidate | undefined;
  let prevAny: Candidate | undefined;
  all.forEach((c, i) => {
    const prevDirect = prev;
    const before = prevAny;
    prevAny = c;
    if (c.form === 'direct') prev = c;
    if (c.speaker || c.form !== 'direct') return;
    if (c.continues && prevDirect?.speaker) {
      c.speaker = prevDirect.speaker;
      return;
    }
    const b = nearestBefore[i];
    const a = nearestAfter[i];
    const sameLine =
      b && a ? (c.start - b.start <= a.start - c.start ? b : a) : (b ?? a ?? undefined);
    if (sameLine?.speaker) c.speaker = sameLine.speaker;
    else if (prevDirect?.speaker && prevDirect.line >= c.line - 1) c.speaker = prevDirect.speaker;
    // "Lee said Monday that the plan had failed.\n\n“We tried everything.”": a quote standing
    // alone in a paragraph continues the speaker the paragraph before reported.
    else if (before?.speaker && before.form === 'reported' && before.line === c.line - 1)
      c.speaker = before.speaker;
  });
}

// The name inside a cue phrase with a role ("National FOP President Patrick Yoes" → "Patrick
// Yoes"): the evidence is the person's mention, the role is reported apart.
function mentionSpan(
  text: string,
  cue: SpeakerCue,
  span: { start: number; end: number },
): { start: number; end: number } {
  const name = splitRole(cue).speaker;
  return (name !== cue.phrase && locate(text, name, span, 'first')) || span;
}

/**
 * He/she: the latest person either quoted or named as a sentence's subject whose gender (as the
 * text shows it) fits. On PolNeAR dev, against the latest person quoted alone: adding sentence
 * subjects lifted named speaker accuracy by three points; any name mentioned in the paragraph
 * did worse (objects of the sentence are named there too), and gender alone changed little.
 */
function resolvePronoun(pronoun: string, at: number, state: Resolution): Speaker | null {
  const p = pronoun.toLowerCase();
  if (p === 'it') return state.lastOrg;
  if (p === 'they' || p === 'them') return state.lastSpeaker;
  const gender: Gender = p === 'he' || p === 'him' ? 'm' : 'f';
  const fits = (s: Speaker): boolean => (state.genders.get(s.speaker) ?? gender) === gender;
  // Both lists are in text order (quoted nearly so): the latest fitting entry before `at`, found
  // by walking back a bounded number of steps. A pronoun whose person was last named more than
  // PRONOUN_LOOKBACK quotes or subjects ago is not one a reader could resolve either.
  let best: { person: Speaker; at: number } | null = null;
  const q = state.quoted;
  for (let i = q.length - 1, steps = 0; i >= 0 && steps < PRONOUN_LOOKBACK; i--, steps++) {
    const e = q[i]!;
    if (e.at <= at && fits(e.person)) {
      best = e;
      break;
    }
  }
  const subs = state.subjects;
  let i = lastEndingBy(subs, at);
  for (let steps = 0; i >= 0 && steps < PRONOUN_LOOKBACK; i--, steps++) {
    const m = subs[i]!;
    if (best && m.start <= best.at) break;
    if (m.end <= at && fits(m.person)) {
      best = { person: m.person, at: m.start };
      break;
    }
  }
  return best?.person ?? null;
}

const PRONOUN_LOOKBACK = 50;

/** Index of the last mention ending at or before `at` (mentions in text order), or -1. */
function lastEndingBy(mentions: PersonMention[], at: number): number {
  let lo = 0;
  let hi = mentions.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (mentions[mid]!.end <= at) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

// A person mention that opens its sentence, titles and openers aside ("Sen. Ann Lee (D) said…",
// "In August, Lee …").
function subjectMentions(
  text: string,
  sents: TextSpan[],
  mentions: PersonMention[],
): PersonMention[] {
  let i = 0;
  return mentions.filter((m) => {
    // Both lists are in text order, so one pass finds each mention's sentence.
    while (i < sents.length && (sents[i]?.end ?? 0) <= m.start) i++;
    const s = sents[i];
    if (!s || s.start > m.start) return false;
    const before = text.slice(s.start, m.start).replace(/^[^,]{0,60},\s*/, '');
    return /^(?:[\p{Lu}][\p{L}.'\u2019-]*\s+){0,4}$/u.test(before);
  });
}

function resolve(cue: SpeakerCue, state: Resolution, at: number): Speaker {
  const split = splitRole(cue);
  let out: Speaker;
  if (isPronoun(split.speaker)) {
    out = resolvePronoun(split.speaker, at, state) ?? split;
  } else {
    const full = split.speaker.includes(' ')
      ? undefined
      : state.names.get(split.speaker.replace(/['\u2019]s$/, ''));
    const speaker = full?.speaker ?? split.speaker;
    const speakerRole = split.speakerRole ?? state.roles.get(speaker) ?? full?.speakerRole ?? null;
    out = { speaker, speakerRole };
    if (split.speakerRole && !state.roles.has(speaker)) state.roles.set(speaker, split.speakerRole);
  }
  if (isPersonName(out.speaker)) {
    state.quoted.push({ person: out, at });
  } else if (!isPronoun(out.speaker)) {
    state.lastOrg = out;
  }
  state.lastSpeaker = out;
  return out;
}
