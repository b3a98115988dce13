// Who said it, from the grammar of attribution around a quote: `,” Yoes said`, `,” said Tricia
// McLaughlin, Assistant Secretary …`, `— Steve Roe`, `according to DHS`, and before a quote the
// noun phrase in front of the nearest speech cue (`a dispatcher replied, “`). Which words are
// speech verbs is speech-verbs.ts; which phrase is the subject, speaker-phrase.ts; name and role,
// speaker-name.ts; surnames and pronouns resolved against the article, speaker-resolve.ts.
// Heuristics tuned on news English (PolNeAR dev split and the seed corpus), not a parser. Every
// search reads a window of at most SPEAKER_WINDOW characters, so a page of thousands of quotes
// costs linear time.
import { IN_SENTENCE_CUE, VERB_LIST } from './speech-verbs.js';
import { looksLikeRole, type SpeakerCue } from './speaker-name.js';
import {
  cleanPhrase,
  headWindow,
  maskAbbreviations,
  phraseBefore,
  sentenceSubject,
  stripAsides,
  tailWindow,
  TIME_WORDS,
  validName,
} from './speaker-phrase.js';
import { meterWindow, type ScanMeter } from './statement-limits.js';

const PREPOSITION_OBJECT =
  /\b(?:about|of|on|over|regarding|with|for|from|after|despite|amid)\s+(?:the|a|an|those|these|this|his|her|their|its|our|my|your)\s+(?:[\w-]+\s+){0,3}$/i;
// A clause, not a noun phrase: it opens with a participle ("sponsored by NBC News and",
// "compared to 11% of Democratic") or stops on a conjunction or preposition.
const NOT_NP = /^[a-z]+(?:ed|ing)\b|\s(?:and|or|of|to|by|for|with|in|on|at|from)$/;

/**
 * `,” Yoes said` / `,” said Tricia McLaughlin, Assistant Secretary …` / `,” according to DHS`.
 * After a quote that ends its sentence, `X said` must close the next sentence too: in
 * `“….” She says it underscores …` the next sentence is a new statement, not an attribution.
 */
export function speakerAfter(
  raw: string,
  endsSentence = false,
  meter?: ScanMeter,
): SpeakerCue | null {
  const after = maskAbbreviations(stripAsides(meterWindow(meter, headWindow(raw))));
  const head = /^\s*[,.!?]?\s*(?:[\u2014\u2013\u2015-]+\s*)?/.exec(after)?.[0] ?? '';
  const rest = after.slice(head.length);
  const dashed = /[\u2014\u2013\u2015-]/.test(head)
    ? /^([\p{Lu}][^,.;:!?\u201C\u201D"]{1,50})\.?\s*$/u.exec(rest)
    : null;
  if (dashed?.[1]) return { phrase: cleanPhrase(dashed[1]), apposition: null };
  const inverted = new RegExp(
    `^(?:${VERB_LIST}|according to)\\s+([^,.;:!?\u201C\u201D"(]{1,70})`,
  ).exec(rest);
  if (inverted?.[1]) {
    const phrase = cleanPhrase(inverted[1].replace(/\s+(?:in|on|at|during|to|via)\s.*$/, ''));
    if (phrase && !TIME_WORDS.test(phrase)) {
      const tail = rest.slice(inverted[0].length);
      const appo = /^,\s*([^.;:!?\u201C\u201D"]{3,90})/.exec(tail)?.[1] ?? null;
      return { phrase, apposition: appo && looksLikeRole(appo) ? cleanPhrase(appo) : null };
    }
  }
  const direct = new RegExp(
    `^([^,.;:!?\u201C\u201D"]{1,70}?)(?:,\\s+([^\u201C\u201D"]{3,160}?),)?\\s+(?:${VERB_LIST})\\b([^.!?\u201C\u201D"]*)`,
  ).exec(rest);
  // `”' after Warren Buffett complained that …`: the verb belongs to a subordinate clause; so
  // does it in `“shocked and appalled” that Chicago commanders told officers …`, where the quote
  // is what someone felt about what the clause's subject said.
  if (
    direct?.[1] &&
    /^(?:after|before|when|while|because|since|although|though|if|until|unless|whereas|that|which|who|whom|whose|whether|where)\s/i.test(
      direct[1],
    )
  )
    return null;
  if (direct?.[1]) {
    const phrase = cleanPhrase(direct[1]);
    const tail = direct[3] ?? '';
    // A lower-case subject cannot open a new sentence: after `?” she said, but …` it is the
    // attribution however long the sentence runs on.
    const opensSentence = /^\p{Lu}/u.test(phrase);
    if (endsSentence && opensSentence && (tail.split(/\s+/).length > 7 || /\bthat\b/.test(tail)))
      return null;
    // `“….” The agency said the test showed “complete disregard”`: the next sentence reports a
    // quote of its own, so its speaker is that quote's.
    if (
      endsSentence &&
      opensSentence &&
      tail.trim() &&
      /^[\u201C"]/.test(rest.slice(direct[0].length))
    )
      return null;
    // The subject of a speech verb is a noun phrase: `, sponsored by NBC and said` or
    // `, compared to 11% of Democratic claims` is a clause that only happens to end in a verb.
    if (!opensSentence && NOT_NP.test(phrase)) return null;
    const appo = direct[2] && looksLikeRole(direct[2]) ? cleanPhrase(direct[2]) : null;
    if (direct[2] && !appo) return null;
    if (phrase && validName(phrase)) return { phrase, apposition: appo };
  }
  return null;
}

/**
 * The speaker of a quote or clause from the sentence text before it: the noun phrase in front of
 * the last speech cue (`a Chicago Police dispatcher replied, “`, `Trump said the plan is “…`).
 */
export function speakerBefore(raw: string, maxGapWords = 14, meter?: ScanMeter): SpeakerCue | null {
  const before = maskAbbreviations(stripAsides(meterWindow(meter, tailWindow(raw))));
  const according = /\baccording to ([^,.;:“”"]{2,60}),[^,]*$/i.exec(before);
  if (according?.[1]) return { phrase: cleanPhrase(according[1]), apposition: null };
  // The nearest cue first; a noun that looks like a verb ("her tweets") yields no phrase and
  // the one before it is tried.
  for (const last of [...before.matchAll(IN_SENTENCE_CUE)].reverse()) {
    if (cueIsNoun(before, last)) continue;
    const gap = before.slice(last.index + last[0].length);
    // A few quoted words inside the reported clause (`engage in “more listening” and “…”`) do
    // not stand between the verb and the quote; a quote of its own does.
    const bare = gap.replace(/[“"][^“”".!?]{1,40}[”"]/g, '');
    if (/[“”"]/.test(bare) || bare.split(/\s+/).filter(Boolean).length > maxGapWords) return null;
    // A participle ("…, saying “…”") takes the subject of the clause it follows: the speaker
    // of the nearest speech verb before it ("One driver was armed, she wrote, describing it as
    // “…”"; "Reports suggest he boasted, stating “…”"), else the subject of the whole sentence.
    // So does the second verb of a coordination ("She urged him to get out and said “…”").
    const head = before.slice(0, last.index);
    const found = last[0].endsWith('ing')
      ? (speakerOfEarlierCue(head) ?? sentenceSubject(head))
      : /\b(?:and|or|but)\s+(?:\w+ly\s+)?$/.test(head)
        ? sentenceSubject(head)
        : phraseBefore(head);
    if (found) return found;
  }
  return null;
}

/** The noun phrase in front of the last finite speech verb of `head` (not a participle), if any. */
function speakerOfEarlierCue(head: string): SpeakerCue | null {
  for (const cue of [...head.matchAll(IN_SENTENCE_CUE)].reverse()) {
    if (cue[0].endsWith('ing') || cueIsNoun(head, cue)) continue;
    // A speech verb in a relative clause ("Smith, whom Jones accused of lying, denied it,
    // saying …") has its own subject: the participle goes with the main clause's.
    const clause = head.slice(head.lastIndexOf(',', cue.index) + 1, cue.index);
    if (RELATIVE.test(clause)) continue;
    return phraseBefore(head.slice(0, cue.index));
  }
  return null;
}

const RELATIVE = /\b(?:who|whom|whose|which)\b/i;

/**
 * A cue word that is a noun here: after a determiner ("dismissed those reports as", "her
 * tweets"), or one that can be a plural noun as the object of a preposition ("asked him about
 * the stand-down reports").
 */
export function cueIsNoun(text: string, cue: RegExpMatchArray & { index: number }): boolean {
  const lead = text.slice(Math.max(0, cue.index - 80), cue.index);
  if (/\b(?:the|a|an|those|these|this|his|her|their|its|our|my|your)\s+$/i.test(lead)) return true;
  return cue[0].endsWith('s') && PREPOSITION_OBJECT.test(lead);
}
