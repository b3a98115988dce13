// Who said it: the noun phrase next to a speech verb, split into name and role, with surnames
// and pronouns resolved against the names the article has already used. Heuristics tuned on
// news English (PolNeAR dev split and the seed corpus), not a parser. Every search reads a window
// of at most SPEAKER_WINDOW characters, so a page of thousands of quotes costs linear time.
import { meterWindow, SPEAKER_WINDOW, type ScanMeter } from './statement-limits.js';

const VERB_LIST =
  'said|says|say|told|tells|added|adds|wrote|writes|stated|states|continued|continues|' +
  'explained|explains|noted|notes|argued|argues|asked|asks|replied|replies|responded|responds|' +
  'declared|declares|insisted|insists|claimed|claims|tweeted|tweets|posted|warned|warns|' +
  'recalled|recalls|announced|announces|acknowledged|acknowledges|admitted|admits|emphasized|' +
  'stressed|remarked|testified|conceded|countered|quipped|joked|shouted|chanted|urged|urges|' +
  'vowed|predicted|suggested|concluded|cautioned|complained|boasted|wondered|went on|pointed out|' +
  'demanded|asserted|scolded|sings|sang|reads|read|yelled|yells|commented|observed|reported|' +
  'reports|confirmed|recounted|mused|snapped|agreed|objected|protested|retorted|whispered|' +
  'exclaimed|put it|puts it|texted|emailed|maintained|affirmed|promised|lamented|interjected|' +
  'offered|answered';
// Cues that only attribute a quote inside the same sentence (`called it “a disgrace”`).
const IN_SENTENCE_CUE = new RegExp(
  `\\b(?:${VERB_LIST}|called|calls|described|describes|dubbed|labeled|labelled|branded|` +
    'saying|adding|writing|telling|stating|noting|arguing|calling|describing|warning|insisting|' +
    // Verbs that report words by judging with them (`blasted the media for being “…”`).
    'accused|accuses|blasted|blasts|criticized|criticised|criticizes|condemned|condemns|' +
    'denounced|denounces|hailed|hails|praised|praises|slammed|slams|likened|likens|mocked|' +
    'ridiculed|dismissed|dismisses|characterized|portrayed|proclaimed|proclaims|referred|refers)\\b',
  'g',
);

const PREPOSITION_OBJECT =
  /\b(?:about|of|on|over|regarding|with|for|from|after|despite|amid)\s+(?:the|a|an|those|these|this|his|her|their|its|our|my|your)\s+(?:[\w-]+\s+){0,3}$/i;
const SPEECH_VERB = new RegExp(`\\b(?:${VERB_LIST})\\b`);
const ANY_CUE = new RegExp(IN_SENTENCE_CUE.source);
const SPEECH_VERB_WORD = new RegExp(`^(?:${VERB_LIST})$`);

/** Whether a stretch of a sentence has a speech verb in it (`said`, `told`, `adding`, `calls`). */
export function hasSpeechCue(text: string): boolean {
  return ANY_CUE.test(text);
}
// A clause, not a noun phrase: it opens with a participle ("sponsored by NBC News and",
// "compared to 11% of Democratic") or stops on a conjunction or preposition.
const NOT_NP = /^[a-z]+(?:ed|ing)\b|\s(?:and|or|of|to|by|for|with|in|on|at|from)$/;

const TITLES = new Set(
  (
    'president vice secretary assistant gov governor sen senator rep representative mayor ' +
    'superintendent supt chief director commissioner spokesperson spokesman spokeswoman officer ' +
    'sheriff alderman ald judge attorney general lt sgt commander deputy chairman chairwoman chair ' +
    'leader minister nominee candidate ceo manager pollster host anchor strategist adviser advisor ' +
    'aide official executive founder professor prof dr mr mrs ms rev captain capt col colonel ' +
    'speaker analyst correspondent reporter editor economist lawyer member head sens reps'
  ).split(' '),
);
const ORG_WORDS =
  /\b(?:Department|Police|Office|Post|News|Times|Journal|Union|Party|Campaign|Committee|Agency|Council|Association|House|Administration|Order|Security|Service|Patrol|Enforcement|City|County|Network|Press|Foundation|Institute|University|Court|Senate|Congress|Center|Group|Tribune|Magazine|Daily|Review)\b/;
const NOT_IN_NAME =
  /\b(?:is|was|were|are|be|been|has|have|had|will|would|could|can|should|may|might|it|there|this|which|who|that|what|if|then|when|not|also|we|i|you)\b/i;
const FILLER_TAIL =
  /\s+(?:also|later|previously|then|reportedly|recently|has|had|have|would|will|once|further|repeatedly|again|simply|flatly|publicly|now|still|already|even|just|often|later)$/i;
const FILLER_HEAD =
  /^(?:and|but|so|yet|or|then|when|while|as|because|after|before|since|although|though|however|meanwhile|also|that|where)\s+/i;
const HONORIFICS = new Set(['mr.', 'mrs.', 'ms.', 'mr', 'mrs', 'ms']);
const CONNECTIVES = new Set(['on', 'of', 'for', 'at', 'in', 'to', 'and', 'by', 'with', 'from']);
const PRONOUNS = new Set(['he', 'she', 'they', 'him', 'her', 'them', 'it']);
const TIME_WORDS =
  /^(?:on|in|at|to|during|from|by|of|for|with|about|after|before|monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tonight|last|this|earlier|later|recently|then|that|it)\b/i;

export interface SpeakerCue {
  /** The noun phrase as written ("National FOP President Patrick Yoes", "he", "the department"). */
  phrase: string;
  /** Apposition after the name (", Assistant Secretary for Public Affairs at DHS"). */
  apposition: string | null;
}

export interface Speaker {
  speaker: string;
  speakerRole: string | null;
}

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
    // After a determiner the cue word is a noun ("dismissed those reports as", "her tweets").
    const lead = before.slice(Math.max(0, last.index - 80), last.index);
    if (/\b(?:the|a|an|those|these|this|his|her|their|its|our|my|your)\s+$/i.test(lead)) continue;
    // A cue word that can be a plural noun, as the object of a preposition, is that noun:
    // "asked him about the stand-down reports".
    if (last[0].endsWith('s') && PREPOSITION_OBJECT.test(lead)) continue;
    const gap = before.slice(last.index + last[0].length);
    // A few quoted words inside the reported clause (`engage in “more listening” and “…”`) do
    // not stand between the verb and the quote; a quote of its own does.
    const bare = gap.replace(/[“"][^“”".!?]{1,40}[”"]/g, '');
    if (/[“”"]/.test(bare) || bare.split(/\s+/).filter(Boolean).length > maxGapWords) return null;
    // A participle ("…, saying “…”") takes the subject of the whole sentence, and so does the
    // second verb of a coordination ("She urged him to get out of the car and said “…”").
    const head = before.slice(0, last.index);
    const found =
      last[0].endsWith('ing') || /\b(?:and|or|but)\s+(?:\w+ly\s+)?$/.test(head)
        ? sentenceSubject(head)
        : phraseBefore(head);
    if (found) return found;
  }
  return null;
}

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
function phraseBefore(text: string): SpeakerCue | null {
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

function stripAsides(text: string): string {
  const cut = ASIDES.reduce((t, re) => t.replace(re, ''), text.replace(PARENTHESISED_ASIDE, ''));
  return cut === text ? text : cut.replace(COMMA_BEFORE_VERB, '');
}

// Periods of titles and initials ("Mr. Clarke", "John D. Podesta") must not end a noun phrase,
// so they are swapped for a look-alike while phrases are cut, and restored in cleanPhrase.
const ABBREVIATION_DOT =
  /\b(Mr|Mrs|Ms|Dr|Rep|Reps|Sen|Sens|Gov|Lt|Gen|Jr|Sr|St|Supt|Sgt|Col|Capt|Atty|Ald|Prof|Rev|[A-Z])\./g;
const MASKED_DOT = '\u2024';

function maskAbbreviations(text: string): string {
  return text.replace(ABBREVIATION_DOT, `$1${MASKED_DOT}`);
}

function cleanPhrase(raw: string): string {
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

function validName(phrase: string): boolean {
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

function looksLikeRole(text: string): boolean {
  return (
    /^(?:the|a|an)\s/i.test(text.trim()) ||
    text.split(/\s+/).some((w) => TITLES.has(w.toLowerCase().replace(/\.$/, '')))
  );
}

function isTitle(word: string): boolean {
  return TITLES.has(word.toLowerCase().replace(/\.$/, ''));
}

/** Splits `National FOP President Patrick Yoes` into name and role; organisations stay whole. */
export function splitRole(cue: SpeakerCue): Speaker {
  const toks = cue.phrase.replace(/['\u2019]s$/, '').split(' ');
  let lastTitle = -1;
  toks.forEach((t, i) => {
    if (isTitle(t) && toks.slice(i + 1).some((n) => /^\p{Lu}/u.test(n))) lastTitle = i;
  });
  let nameFrom = lastTitle + 1;
  if (lastTitle < 0) {
    // A lower-case descriptor before a capitalised name: "longtime Democratic pollster Pat Caddell".
    let i = toks.length;
    while (i > 0 && /^\p{Lu}/u.test(toks[i - 1] ?? '')) i--;
    const prefix = toks.slice(0, i);
    const joint = prefix[prefix.length - 1] ?? '';
    const descriptor = prefix.some((w) => /^[a-z]{4,}/.test(w)) && !CONNECTIVES.has(joint);
    nameFrom = i > 0 && i < toks.length && descriptor ? i : 0;
    if (/^(?:the|a|an)$/i.test(toks[0] ?? '') && prefix.length === 1) nameFrom = 0;
  }
  let nameTo = nameFrom;
  while (nameTo < toks.length && /^[\p{Lu}]/u.test(toks[nameTo] ?? '')) nameTo++;
  if (nameFrom === 0 || nameTo === nameFrom) {
    return { speaker: cue.phrase, speakerRole: cue.apposition };
  }
  const role = [...toks.slice(0, nameFrom), ...toks.slice(nameTo)]
    .filter((t) => !HONORIFICS.has(t.toLowerCase()))
    .join(' ');
  const roles = [role, cue.apposition].filter((r): r is string => !!r);
  return {
    speaker: toks.slice(nameFrom, nameTo).join(' '),
    speakerRole: roles.length > 0 ? roles.join(', ') : null,
  };
}

export function isPronoun(speaker: string): boolean {
  return PRONOUNS.has(speaker.toLowerCase());
}

const NOT_NAME_START =
  /^(?:In|On|At|But|And|The|A|An|Yep|Yes|No|If|When|During|After|For|To|Of|By|With|From|As|So|Or)$/;

/** A named person, as opposed to an organisation or a description ("the department"). */
export function isPersonName(speaker: string): boolean {
  const toks = speaker.split(' ');
  if (toks.length > 5 || NOT_NAME_START.test(toks[0] ?? '')) return false;
  // A period inside the run ends a sentence ("Yep. He"), unless it closes an initial or a title.
  if (toks.some((t, i) => i < toks.length - 1 && /\p{Ll}{3,}\.$/u.test(t))) return false;
  if (toks.some((t) => /['\u2019]m$/.test(t))) return false;
  return (
    toks.every((t) => /^\p{Lu}[\p{L}.'\u2019-]*$/u.test(t)) &&
    !toks.every((t) => /^[\p{Lu}.]+$/u.test(t)) &&
    !ORG_WORDS.test(speaker)
  );
}

const MAX_NAME_RUN = 12;
const NAME_RUN = /\b\p{Lu}[\p{Ll}\p{Lu}.'\u2019-]*(?:\s+\p{Lu}[\p{Ll}\p{Lu}.'\u2019-]*)+/gu;

// A capitalised run may cross a sentence end ("… Mitt Romney. He said"): cut it at a period
// that is not an initial or a title's.
function endAtSentence(run: string): string {
  const toks = run.split(/\s+/);
  const end = toks.findIndex(
    (t, i) =>
      i < toks.length - 1 && t.endsWith('.') && !/^(?:\p{Lu}|[\p{Lu}][\p{Ll}]{0,3})\.$/u.test(t),
  );
  return end < 0
    ? run
    : toks
        .slice(0, end + 1)
        .join(' ')
        .replace(/\.$/, '');
}

/**
 * Maps a surname to the first full name the text gives it ("Yoes" → "Patrick Yoes"): news style
 * introduces a person once in full and uses the surname afterwards.
 */
export function nameRegistry(text: string): Map<string, Speaker> {
  const names = new Map<string, Speaker>();
  for (const m of text.matchAll(NAME_RUN)) {
    // A name with its titles is a few words; a longer run is a headline or a shouted line, and
    // splitting it costs its length squared.
    const run = endAtSentence(m[0]).split(/\s+/);
    const phrase = run
      .slice(-MAX_NAME_RUN)
      .join(' ')
      .replace(/^(?:The|A|An)\s+/, '');
    const { speaker, speakerRole } = splitRole({ phrase, apposition: null });
    const toks = speaker.replace(/['\u2019]s$/, '').split(' ');
    while (toks.length > 0 && isTitle(toks[0] ?? '')) toks.shift();
    const surname = toks[toks.length - 1];
    if (!surname || toks.length < 2 || toks.length > 4) continue;
    // "Advertisement Advertisement": page chrome said twice is no one's name.
    if (new Set(toks).size < toks.length) continue;
    if (!isPersonName(toks.join(' ')) || /^[\p{Lu}.]+$/u.test(surname)) continue;
    if (!names.has(surname)) names.set(surname, { speaker: toks.join(' '), speakerRole });
  }
  // "Mr. Obama" with no full name anywhere still names one person.
  for (const m of text.matchAll(/\b(?:Mr|Mrs|Ms)\.\s+(\p{Lu}[\p{Ll}'\u2019-]+)\b/gu)) {
    const surname = m[1] ?? '';
    if (surname && !names.has(surname)) names.set(surname, { speaker: surname, speakerRole: null });
  }
  return names;
}

export type Gender = 'm' | 'f';

export interface PersonMention {
  start: number;
  end: number;
  person: Speaker;
}

/**
 * Every place the text names a person it introduced in full, by full name or surname alone.
 * Each capitalised word is looked up in the registry (its longest prefix that ends at a word
 * boundary, so "Yoes's" finds "Yoes"): one pass whatever the number of names, where an
 * alternation of every name cost names × text.
 */
export function personMentions(text: string, names: Map<string, Speaker>): PersonMention[] {
  if (names.size === 0) return [];
  const out: PersonMention[] = [];
  for (const m of text.matchAll(CAPITALISED_TOKEN)) {
    if (m.index > 0 && /[\p{L}\p{N}]/u.test(text[m.index - 1] ?? '')) continue;
    const token = m[0];
    for (let end = token.length; end > 0; end--) {
      if (end < token.length && /[\p{L}\p{N}]/u.test(token[end] ?? '')) continue;
      const person = names.get(token.slice(0, end));
      if (person) {
        out.push({ start: m.index, end: m.index + end, person });
        break;
      }
    }
  }
  return out;
}
// Names in the registry come from NAME_RUN's tokens, so they start with a capital and hold only
// these characters.
const CAPITALISED_TOKEN = /\p{Lu}[\p{Ll}\p{Lu}.'\u2019-]*/gu;

const MALE = /^(?:he|his|him|himself)$/i;
const HONORIFIC_BEFORE = /\b(Mr|Mrs|Ms|Miss)\.?\s+(?:\p{Lu}[\p{L}.'\u2019-]*\s+)*$/u;

/**
 * Grammatical gender of each person, read from the text itself: the first he/his or she/her
 * after a mention (before anyone else is named) nearly always refers back to it, and Mr./Ms.
 * settle it outright. Lets "she said" skip past the men quoted in between.
 */
export function personGenders(text: string, mentions: PersonMention[]): Map<string, Gender> {
  const votes = new Map<string, number>();
  const vote = (who: string, n: number): void => {
    votes.set(who, (votes.get(who) ?? 0) + n);
  };
  mentions.forEach((m, i) => {
    const honorific = HONORIFIC_BEFORE.exec(text.slice(Math.max(0, m.start - 40), m.start))?.[1];
    if (honorific) vote(m.person.speaker, honorific === 'Mr' ? 3 : -3);
    const lineEnd = text.indexOf('\n', m.end);
    const until = Math.min(
      mentions[i + 1]?.start ?? text.length,
      lineEnd < 0 ? text.length : lineEnd,
      m.end + 250,
    );
    const pronoun = /\b(?:he|his|him|himself|she|her|hers|herself)\b/i.exec(
      text.slice(m.end, until),
    )?.[0];
    if (pronoun) vote(m.person.speaker, MALE.test(pronoun) ? 1 : -1);
  });
  const out = new Map<string, Gender>();
  for (const [who, n] of votes) if (n !== 0) out.set(who, n > 0 ? 'm' : 'f');
  return out;
}
