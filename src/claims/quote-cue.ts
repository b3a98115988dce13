// Which cue beside a quote names its speaker, and where in the text it is written: a transcript
// label, a colon introduction (whose next paragraph is a statement even without marks), the
// speech verb right before or after the marks, the subject of the quote's sentence, or, for a
// quote that is its whole paragraph, the speaker the paragraph before reports. The cue is a
// phrase as written ("he", "Doe", "the department"); who it refers to is speaker-resolve.ts's.
import { sentences, spanAt, words, type TextSpan } from '../text/normalize.js';
import { candidate, type Candidate } from './quote-marks.js';
import { markWidth, SPEECH_RIGHT_BEFORE } from './scare-quote.js';
import { speakerAfter, speakerBefore } from './speaker-find.js';
import type { SpeakerCue } from './speaker-name.js';
import { sentenceSubject, subjectAtStart } from './speaker-phrase.js';
import { hasSpeechCue } from './speech-verbs.js';
import { SPEAKER_WINDOW, type ScanMeter } from './statement-limits.js';

/** Words allowed between an in-sentence speech verb and a partial quote (`said the plan is “…”`). */
export const IN_SENTENCE_MAX_GAP = 20;

// Transcript turns inside a quoted block: `"WALLACE: Let's start …`.
const TRANSCRIPT_LABEL = /^([A-Z][A-Z.'\u2019 -]{1,30}):\s/;
const COLON_CUE =
  /\b(?:statement|spokes(?:man|woman|person)|as follows|put it|say|says|said|wrote|added|continued|stated|tweeted|posted|warned)\b/i;

/** "He continued:" then a paragraph that is the statement, with or without marks. */
export function colonBlocks(text: string, ls: TextSpan[]): Candidate[] {
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

export function setCue(
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
export function locate(
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

export function attributeLocally(
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
