// Which noun phrase in a stretch of text is the one that speaks: the subject of a sentence
// (past datelines, openers and asides), the subject of a colon introduction, or the phrase right
// before a speech verb (the name before an apposition or a relative clause). Also how a phrase is
// cut and cleaned: titles' and initials' periods kept, party tags and ages dropped, filler words
// trimmed, and whether what is left can name anyone. Every read is cut to SPEAKER_WINDOW.
import { SPEECH_VERB, SPEECH_VERB_WORD, VERB_LIST } from './speech-verbs.js';
import {
  CONNECTIVES,
  NOT_NAME_START,
  TITLE_ABBREVIATIONS,
  type SpeakerCue,
} from './speaker-name.js';
import { meterWindow, SPEAKER_WINDOW, type ScanMeter } from './statement-limits.js';

const NOT_IN_NAME =
  /\b(?:is|was|were|are|be|been|has|have|had|will|would|could|can|should|may|might|it|there|this|which|who|that|what|if|then|when|not|also|we|i|you)\b/i;
const FILLER_TAIL =
  /\s+(?:also|later|previously|then|reportedly|recently|has|had|have|would|will|once|further|repeatedly|again|simply|flatly|publicly|now|still|already|even|just|often|later)$/i;
const FILLER_HEAD =
  /^(?:and|but|so|yet|or|then|when|while|as|because|after|before|since|although|though|however|meanwhile|also|that|where)\s+/i;
export const TIME_WORDS =
  /^(?:on|in|at|to|during|from|by|of|for|with|about|after|before|monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tonight|last|this|earlier|later|recently|then|that|it)\b/i;

/** The subject at the start of a clause, for colon introductions without a speech verb. */
export function subjectAtStart(raw: string): SpeakerCue | null {
  // "On July 6, 2015, Ann Lee made the following comment:": the subject follows the opener.
  let sentence = maskAbbreviations(headWindow(raw));
  for (let prev = ''; prev !== sentence;) {
    prev = sentence;
    sentence = sentence.replace(OPENER, '').replace(/^\d{4},\s*/, '');
  }
  const byAgent = /\bby ((?:an?|the)\s+[^,.:;]{2,40}|[A-Z][^,.:;]{1,40}):?\s*$/.exec(sentence);
  if (byAgent?.[1]) return { phrase: cleanPhrase(byAgent[1]), apposition: null };
  const out: string[] = [];
  for (const w of sentence.replace(FILLER_HEAD, '').split(/\s+/)) {
    const bare = w.replace(/[,:;.]+$/, '');
    if (out.length > 0 && (/^[a-z]+ed$/.test(bare) || /^(?:had|has|is|was|believes)$/.test(bare)))
      break;
    if (out.length > 0 && /^[a-z]/.test(bare) && !/^(?:of|the)$/.test(bare) && out.length >= 3)
      break;
    // A lower-case word after a name is its verb ("Ann Lee made the following comment").
    const last = out[out.length - 1] ?? '';
    if (
      /^[a-z]/.test(bare) &&
      !CONNECTIVES.has(bare) &&
      /^\p{Lu}/u.test(last) &&
      !DETERMINER.test(last)
    )
      break;
    out.push(bare);
    if (w !== bare || out.length >= 7) break;
  }
  const phrase = cleanPhrase(out.join(' '));
  return phrase && validName(phrase) ? { phrase, apposition: null } : null;
}

// Openers that put time, place or circumstance before the subject ("In August, …", "During a
// speech on Monday, …"); the subject follows their comma.
const OPENER =
  /^(?:in|on|at|during|after|before|following|with|without|since|while|when|as|meanwhile|however|but|and|still|yet|so|though|although|instead|also|then|now|later|earlier|last|this|speaking|asked|given|under|over|from|through|by|for|despite|like|unlike|once|if|because|even|today|yesterday|indeed|separately|similarly|moreover|furthermore|additionally|nonetheless|nevertheless|again|according)\b[^,]{0,90},\s*/i;
const DETERMINER = /^(?:the|a|an|his|her|their|its|one|another|my|our)$/i;
const QUANTIFIER =
  /^(?:the|a|an|his|her|their|its|one|another|my|our|some|many|several|only|small|most|two|three|four|five|dozens|hundreds|thousands)\b/i;
const SUBJECT_PRONOUN = /^(?:he|she|they|it|i|we)$/i;
const CLOSED_VERBS = new Set(
  (
    'is are was were be been has have had will would can could may might should must shall do ' +
    'does did also still then now just even already again never not only later once ' +
    'who which that whose'
  ).split(' '),
);

/**
 * The grammatical subject of the sentence a partial quote sits in (`Trump called her “…”`,
 * `South Korea accused the North of “…”`): with no speech verb to anchor on, news style makes
 * the subject the one whose words are quoted far more often than anyone else in the sentence.
 */
export function sentenceSubject(raw: string, meter?: ScanMeter): SpeakerCue | null {
  // A dateline ("WASHINGTON -- ", "LOS ANGELES (UPI) — ") is not part of the sentence.
  let sentence = maskAbbreviations(stripAsides(meterWindow(meter, headWindow(raw))))
    .trim()
    .replace(/^["\u201C\u201D]+/, '')
    .replace(
      /^[A-Z][A-Z.' ]+(?:,[^,\u2014\u2013(]{1,20}){0,2}(?:\([^)]*\))?\s*(?:--|\u2014|\u2013)\s*/,
      '',
    );
  for (let prev = ''; prev !== sentence;) {
    prev = sentence;
    sentence = sentence
      .replace(OPENER, '')
      .replace(FILLER_HEAD, '')
      .replace(/^\d{4},\s*/, '');
  }
  const toks = sentence.split(/\s+/);
  const first = toks[0]?.replace(/[,:;.]+$/, '').replace(/['\u2019](?:s|d|ll|re|ve|m)$/, '') ?? '';
  if (SUBJECT_PRONOUN.test(first)) return { phrase: first, apposition: null };
  const out: string[] = [];
  for (let i = 0; i < toks.length && out.length < 10; i++) {
    const raw = toks[i] ?? '';
    const w = raw.replace(/[,:;.]+$/, '');
    const next = toks[i + 1] ?? '';
    const prevTok = out[out.length - 1] ?? '';
    if (out.length === 0 && DETERMINER.test(w)) {
      out.push(w);
    } else if (/^\p{Lu}/u.test(w) || /^\d/.test(w)) {
      out.push(w);
    } else if (out.length === 0) {
      if (!QUANTIFIER.test(w)) return null;
      out.push(w);
    } else if (CLOSED_VERBS.has(w.toLowerCase()) || SPEECH_VERB_WORD.test(w)) {
      break;
    } else if (/^(?:of|for|at|and|&)$/.test(w) && /^\p{Lu}/u.test(next)) {
      out.push(w);
    } else if (
      /^\p{Lu}/u.test(prevTok) &&
      !/['\u2019]s$/.test(prevTok) &&
      !DETERMINER.test(prevTok) &&
      // "Two longtime ranking Chicago police sources …": after a number or a determiner a
      // capitalised word modifies the noun to come; it is not a name followed by its verb.
      !QUANTIFIER.test(out[0] ?? '')
    ) {
      // A capitalised name followed by a lower-case word: that word is the verb.
      break;
    } else if (/^[a-z]+ed$/.test(w) && out.length >= 2 && !/(?:ly|ed)$/.test(prevTok)) {
      // "The crowd marched past …": after a noun, a past tense is the verb.
      break;
    } else if (
      /ed$/.test(w) &&
      !/^[a-z]/.test(next) &&
      !/^(?:the|a|an|his|her|their|its)$/.test(next)
    ) {
      break;
    } else if (
      /(?:ed|s)$/.test(w) &&
      /^(?:the|a|an|his|her|their|its|that|to|it|him|them)$/.test(next)
    ) {
      break;
    } else {
      out.push(w);
    }
    if (raw !== w) break;
  }
  const phrase = cleanPhrase(out.join(' '));
  if (!phrase || DETERMINER.test(phrase) || TIME_WORDS.test(phrase) || NOT_IN_NAME.test(phrase)) {
    return null;
  }
  if (!validName(phrase) && !QUANTIFIER.test(phrase)) return null;
  return { phrase, apposition: null };
}

// `Kerr Doe, the city's police chief, said` and `Ann Roe, who runs the campaign, said`: the
// clause right before the verb is a role or a relative clause, and the name is the chunk before.
export function phraseBefore(text: string): SpeakerCue | null {
  const chunks = text.split(/[,;:()\u2014\u2013\u2015\u201C\u201D"]|\s--?\s/);
  let phrase = cleanPhrase(chunks.pop() ?? '');
  if (!phrase && chunks.length > 1) phrase = cleanPhrase(chunks.pop() ?? '');
  // "The videos, released Friday, confirmed": a participle clause is an aside, not the subject.
  if (/^\p{Ll}+ed\s/u.test(phrase) && chunks.length > 0) phrase = cleanPhrase(chunks.pop() ?? '');
  // A subject pronoun right before the verb is its subject ("In an interview he blasted …").
  const pronoun = /\s(he|she|they|we|I)$/i.exec(phrase)?.[1];
  if (pronoun) return { phrase: pronoun, apposition: null };
  // The subject of a relative clause ("an explosion that Mayor Ann Lee described as",
  // "what the governor called"): the words after the relative pronoun.
  const relative = /\b(?:that|which|whom|what)\s+((?:\S+\s+){0,5}\S+)$/i.exec(phrase)?.[1];
  if (relative && !/^\p{Ll}+(?:ed|s)?$/u.test(relative.split(' ')[0] ?? '') && validName(relative))
    return { phrase: relative, apposition: null };
  if (/^(?:which|who|that)$/i.test(phrase)) {
    phrase = lastNounPhrase(cleanPhrase(chunks.pop() ?? ''));
  } else if (/^(?:who|which|whose|[a-z]+ing)\s/i.test(phrase) || isRoleChunk(phrase)) {
    const role = isRoleChunk(phrase) ? phrase : null;
    let name = cleanPhrase(chunks.pop() ?? '');
    // Two appositions in a row ("Ann Lee, the foreign minister, a member of the council, said").
    if (role && isRoleChunk(name)) name = cleanPhrase(chunks.pop() ?? '');
    if (isNameChunk(name)) return { phrase: name, apposition: role };
    if (!role) return null;
  } else if (phrase.split(' ').length > 7) {
    phrase = lastNounPhrase(phrase);
  }
  if (SPEECH_VERB.test(phrase)) return null;
  return phrase && validName(phrase) ? { phrase, apposition: null } : null;
}

// "the city's police chief", not "The New York Times": a role has a common noun in it.
function isRoleChunk(chunk: string): boolean {
  const toks = chunk.split(' ');
  return (
    /^(?:the|a|an)$/i.test(toks[0] ?? '') &&
    toks.length <= 12 &&
    toks.slice(1).some((t) => /^[a-z]/.test(t) && !CONNECTIVES.has(t))
  );
}

// A bare name with at most a title in front: "Kerr Doe", "Sen. Ann Lee", "DHS".
function isNameChunk(chunk: string): boolean {
  const toks = chunk.split(' ');
  if (TIME_WORDS.test(chunk) || NOT_NAME_START.test(toks[0] ?? '')) return false;
  return toks.length > 0 && toks.length <= 6 && toks.every((t) => /^\p{Lu}/u.test(t));
}

// The trailing noun phrase of a clause: from its last determiner, else its last capitalised run.
function lastNounPhrase(clause: string): string {
  const toks = clause.split(' ');
  for (let i = toks.length - 1; i >= Math.max(0, toks.length - 8); i--) {
    if (/^(?:the|a|an|his|her|its|their|one|another)$/i.test(toks[i] ?? '')) {
      return toks.slice(i).join(' ');
    }
  }
  let i = toks.length;
  while (i > 0 && /^[A-Z]/.test(toks[i - 1] ?? '')) i--;
  return i < toks.length ? toks.slice(i).join(' ') : '';
}

/** The first SPEAKER_WINDOW characters, cut back to a whole word. */
export function headWindow(text: string): string {
  if (text.length <= SPEAKER_WINDOW) return text;
  const cut = text.slice(0, SPEAKER_WINDOW);
  const space = cut.search(/\s\S*$/);
  return space > 0 ? cut.slice(0, space) : cut;
}

/** The last SPEAKER_WINDOW characters, from a whole word on. */
export function tailWindow(text: string): string {
  if (text.length <= SPEAKER_WINDOW) return text;
  const cut = text.slice(-SPEAKER_WINDOW);
  const space = cut.search(/\s/);
  return space >= 0 ? cut.slice(space + 1) : cut;
}

// Party-and-state tags, ages and home towns sit between a name and its verb ("Rep. Ann Lee
// (D-Md.) said", "Sam Doe, R-Ky., said", "Jo Roe, 25, said", "Al Poe, of Dover, Del., said"); they
// are neither name nor role, and their periods would end the phrase.
const ASIDES = [
  /,\s+[RDI]-[A-Z][\w.]*(?:\s[A-Z][\w.]*)?(?=,)/g,
  /,\s+\d{1,3}(?=,)/g,
  /,\s+of\s+[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)*(?:,\s+[A-Z][a-z]{1,4}\.)?(?=,)/g,
];
const PARENTHESISED_ASIDE = /\s*\((?:[RDI]-?[^()]{0,30}|[A-Z][a-z]{1,5}\.?)\)/g;
// With the aside gone, "Sam Doe, said" keeps a comma the verb must not be cut off by.
const COMMA_BEFORE_VERB = new RegExp(`,(?=\\s+(?:${VERB_LIST})\\b)`, 'g');

export function stripAsides(text: string): string {
  const cut = ASIDES.reduce((t, re) => t.replace(re, ''), text.replace(PARENTHESISED_ASIDE, ''));
  return cut === text ? text : cut.replace(COMMA_BEFORE_VERB, '');
}

// Periods of titles and initials ("Mr. Clarke", "John D. Podesta") must not end a noun phrase,
// so they are swapped for a look-alike while phrases are cut, and restored in cleanPhrase.
const ABBREVIATION_DOT = new RegExp(`\\b(${TITLE_ABBREVIATIONS}|[A-Z])\\.`, 'g');
const MASKED_DOT = '\u2024';

export function maskAbbreviations(text: string): string {
  return text.replace(ABBREVIATION_DOT, `$1${MASKED_DOT}`);
}

export function cleanPhrase(raw: string): string {
  let p = raw.replaceAll(MASKED_DOT, '.').replace(/\s+/g, ' ').trim();
  for (let prev = ''; prev !== p;) {
    prev = p;
    // A trailing adverb is no part of the name: "The woman allegedly", "a man reportedly".
    p = p
      .replace(FILLER_HEAD, '')
      .replace(FILLER_TAIL, '')
      .replace(/(?<=\S)\s+\p{Ll}+ly$/u, '')
      .trim();
  }
  return p.replace(/\s*\((?:[RDI]-[^)]*)\)$/, '');
}

export function validName(phrase: string): boolean {
  // "…,” it said": an organisation named just before speaks through "it".
  if (/^it$/i.test(phrase)) return true;
  const toks = phrase.split(' ');
  if (toks.length > 9 || NOT_IN_NAME.test(phrase)) return false;
  if (/^(?:There|This|That|What)$/i.test(phrase)) return false;
  // A lone conjunction or preposition ("As noted in …") or a time ("released Friday") says who
  // spoke no more than "Two" or "Radio" do.
  if (toks.length === 1 && NOT_NAME_START.test(phrase)) return false;
  if (WHEN_WORD.test(toks[toks.length - 1] ?? '')) return false;
  return (
    /^(?:the|a|an|one|another|his|her|its|their|he|she|they)\b/.test(phrase) ||
    toks.some((t) => /^\p{Lu}/u.test(t))
  );
}

const WHEN_WORD =
  /^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December|today|yesterday|tonight|morning|afternoon|evening|night|week|weekend|month|year)$/;
