// Which sentences without a quote of their own report someone's words, and which part is the
// reported clause: `X said (that) …`, `according to X, …`, `…, X said.`. A participle with its
// agent (`a memo reported by Fox News`) is no report, nor a clause of fewer than
// REPORTED_MIN_WORDS words.
import { words, type TextSpan } from '../text/normalize.js';
import { setCue } from './quote-cue.js';
import { candidate, type Candidate } from './quote-marks.js';
import { speakerAfter, speakerBefore } from './speaker-find.js';
import type { SpeakerCue } from './speaker-name.js';
import { MAX_SENTENCE_CHARS, type ScanMeter } from './statement-limits.js';

/** A reported clause shorter than this says too little to review ("he said so"). */
export const REPORTED_MIN_WORDS = 4;

const REPORTED_VERB =
  /\b(?:said|says|told [^,.]{1,40}?|stated|states|announced|claimed|warned|added|argued|insisted|noted|acknowledged|reported|emphasized|stressed)\b/;
const REPORTED_TAIL =
  /^(.{20,}?),\s+([^,]{2,60}?)\s+(?:said|says|stated|reported|added|announced)(?:\s+(?:on\s+)?\w+day)?\.?$/;

const PARTICIPLE_ASIDE = /,\s+\p{Ll}+(?:ing|ed)\b[^,]*,$/u;

/** `X said (that) …`, `according to X, …`, `…, X said.` in sentences that hold no kept quote. */
export function reportedSpeech(
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
    // A sentence holding a kept quote has its speaker from it; one whose marks only set off a
    // few words (`releasing videos “on a rolling basis”`, a title, a term) still reports.
    if (kept[k] && kept[k]!.start < s.end) continue;
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

export function reportedClause(
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
  // "Bovino, speaking with a photographer later that day, said …": a participial aside between
  // the subject and its verb is no part of the subject.
  const subject = sentence.slice(0, verb.index).trim().replace(PARTICIPLE_ASIDE, '');
  if (!cue || subject.split(/\s+/).length > 8 || subject.includes(',')) return null;
  const rest = sentence.slice(verb.index + verb[0].length);
  const lead =
    /^(?:\s+(?:in|on|at|during)\s+(?:a|an|the)?\s*\w+(?:\s+\w+day)?)?(?:\s+\w+day)?,?\s+(?:that\s+)?/.exec(
      rest,
    );
  const content = rest.slice(lead?.[0].length ?? 0).trim();
  return content ? { content, cue, cueFirst: true } : null;
}
