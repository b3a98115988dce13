// Quoted and reported statements of an article, each with its speaker. Paragraphs are lines:
// extraction separates them with blank lines, corpus files sometimes with single newlines.

import type { Quote } from '../domain/types.js';
import { lines, sentences, words, type TextSpan } from '../text/normalize.js';
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
} from './speaker-find.js';

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

export function findQuotes(text: string): Quote[] {
  const ls = lines(text);
  const sents = sentences(text);
  const direct = pairMarks(text, ls)
    .concat(colonBlocks(text, ls), headlineQuotes(text, ls))
    .sort((a, b) => a.start - b.start);
  for (const c of direct) attributeLocally(text, ls, sents, c);
  const kept: Candidate[] = [];
  for (const c of direct) {
    const prev = kept[kept.length - 1];
    if (!isScareQuote(text, ls, c) || (prev && continuesList(text, prev, c))) kept.push(c);
  }
  const all = kept.concat(reportedSpeech(text, sents, kept)).sort((a, b) => a.start - b.start);
  assignSpeakers(text, sents, all);
  return all.map((c) => ({
    text: text.slice(c.start, c.end),
    start: c.start,
    end: c.end,
    speaker: c.speaker?.speaker ?? null,
    speakerRole: c.speaker?.speakerRole ?? null,
    speakerStart: c.speakerSpan?.start ?? null,
    speakerEnd: c.speakerSpan?.end ?? null,
    form: c.form,
  }));
}

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

function pairMarks(text: string, ls: TextSpan[]): Candidate[] {
  const out: Candidate[] = [];
  let leftOpen = false;
  ls.forEach((line, li) => {
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
        if (ch === text[open] && closesTwice(text, i + 1, line.end)) outer = open;
        open = i;
      }
      i += width - 1;
    }
    if (open >= 0) push(open + 1, line.end, true);
    leftOpen = open >= 0;
  });
  return out;
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

/** Words a headline longer than this has become a paragraph: the text has no headline line. */
export const HEADLINE_MAX_WORDS = 30;
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

function attributeLocally(text: string, ls: TextSpan[], sents: TextSpan[], c: Candidate): void {
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
  const sentStart = sents.find((s) => s.start <= c.start - 1 && c.start - 1 < s.end)?.start;
  const opening = c.start > 0 && text[c.start - 2] === "'" ? 2 : 1;
  const beforeSpan = {
    start: Math.max(sentStart ?? line.start, line.start),
    end: c.start - opening,
  };
  const before = text.slice(beforeSpan.start, beforeSpan.end);
  const near = speakerBefore(before, 3);
  // `chanted “Shame!”`, `said “budget reforms”`: a speech verb right before the marks.
  const verbRightBefore = SPEECH_RIGHT_BEFORE.test(before);
  if (near && (/[,:]\s*$/.test(before) || verbRightBefore)) {
    setCue(text, c, near, beforeSpan, 'last');
    c.adjacent = true;
    return;
  }
  const closing = markWidth(text, c.end);
  const endsSentence = /[.!?]$/.test(text.slice(c.start, c.end));
  const restSpan = { start: c.end + closing, end: line.end };
  const rest = text.slice(restSpan.start, restSpan.end);
  const after = closing > 0 ? speakerAfter(rest, endsSentence) : null;
  if (after) {
    setCue(text, c, after, restSpan, 'first');
    c.adjacent = true;
    return;
  }
  c.adjacent = verbRightBefore;
  setCue(text, c, speakerBefore(before, IN_SENTENCE_MAX_GAP), beforeSpan, 'last');

  if (!c.cue && words(before).length >= 2)
    setCue(text, c, sentenceSubject(before), beforeSpan, 'first');
}

const REPORTED_VERB =
  /\b(?:said|says|told [^,.]{1,40}?|stated|states|announced|claimed|warned|added|argued|insisted|noted|acknowledged|reported|emphasized|stressed)\b/;
const REPORTED_TAIL =
  /^(.{20,}?),\s+([^,]{2,60}?)\s+(?:said|says|stated|reported|added|announced)(?:\s+(?:on\s+)?\w+day)?\.?$/;

/** `X said (that) …`, `according to X, …`, `…, X said.` in sentences that have no marks. */
function reportedSpeech(text: string, sents: TextSpan[], kept: Candidate[]): Candidate[] {
  const out: Candidate[] = [];
  const ls = lines(text);
  for (const s of sents) {
    if (/[\u201C\u201D"]/.test(s.text) || kept.some((k) => k.start < s.end && s.start < k.end)) {
      continue;
    }
    const line = ls.findIndex((l) => l.start <= s.start && s.start < l.end);
    const found = reportedClause(s.text);
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
  const tailCue = tail?.[2] ? speakerAfter(` ${tail[2]} said`) : null;
  if (tail?.[1] && tailCue) return { content: tail[1], cue: tailCue, cueFirst: false };
  const verb = REPORTED_VERB.exec(sentence);
  if (!verb || verb.index === 0) return null;
  const cue = speakerBefore(sentence.slice(0, verb.index + verb[0].length), 0);
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
  all.forEach((c, i) => {
    if (c.speaker || c.form !== 'direct') return;
    const prev = all
      .slice(0, i)
      .reverse()
      .find((p) => p.form === 'direct');
    if (c.continues && prev?.speaker) {
      c.speaker = prev.speaker;
      return;
    }
    const sameLine = all
      .filter((o) => o !== c && o.line === c.line && o.cue && o.speaker)
      .sort((a, b) => Math.abs(a.start - c.start) - Math.abs(b.start - c.start))[0];
    if (sameLine?.speaker) c.speaker = sameLine.speaker;
    else if (prev?.speaker && prev.line >= c.line - 1) c.speaker = prev.speaker;
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
  let best: { person: Speaker; at: number } | null = null;
  for (const e of state.quoted)
    if (e.at <= at && (!best || e.at > best.at) && fits(e.person)) best = e;
  for (const m of state.subjects) {
    if (m.end <= at && (!best || m.start > best.at) && fits(m.person))
      best = { person: m.person, at: m.start };
  }
  return best?.person ?? null;
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
