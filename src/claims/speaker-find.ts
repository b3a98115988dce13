// Who said it: the noun phrase next to a speech verb, split into name and role, with surnames
// and pronouns resolved against the names the article has already used. Heuristics tuned on
// news English (PolNeAR dev split and the seed corpus), not a parser.

const VERB_LIST =
  'said|says|say|told|tells|added|adds|wrote|writes|stated|states|continued|continues|' +
  'explained|explains|noted|notes|argued|argues|asked|asks|replied|replies|responded|responds|' +
  'declared|declares|insisted|insists|claimed|claims|tweeted|tweets|posted|warned|warns|' +
  'recalled|recalls|announced|announces|acknowledged|acknowledges|admitted|admits|emphasized|' +
  'stressed|remarked|testified|conceded|countered|quipped|joked|shouted|chanted|urged|urges|' +
  'vowed|predicted|suggested|concluded|cautioned|complained|boasted|wondered|went on|pointed out';
// Cues that only attribute a quote inside the same sentence (`called it “a disgrace”`).
const IN_SENTENCE_CUE = new RegExp(
  `\\b(?:${VERB_LIST}|called|calls|described|describes|dubbed|labeled|labelled|branded|` +
    'saying|adding|writing|telling|stating|noting|arguing|calling|describing|warning|insisting)\\b',
  'g',
);

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
const PRONOUNS = new Set(['he', 'she', 'they', 'him', 'her', 'them']);
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
export function speakerAfter(raw: string, endsSentence = false): SpeakerCue | null {
  const after = maskAbbreviations(raw);
  const head = /^\s*[,.!?]?\s*(?:[\u2014\u2013\u2015-]+\s*)?/.exec(after)?.[0] ?? '';
  const rest = after.slice(head.length);
  const dashed = /[\u2014\u2013\u2015-]/.test(head)
    ? /^([\p{Lu}][^,.;:!?\u201C\u201D"]{1,50})\s*$/u.exec(rest)
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
  if (direct?.[1]) {
    const phrase = cleanPhrase(direct[1]);
    const tail = direct[3] ?? '';
    if (endsSentence && (tail.split(/\s+/).length > 7 || /\bthat\b/.test(tail))) return null;
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
export function speakerBefore(raw: string, maxGapWords = 14): SpeakerCue | null {
  const before = maskAbbreviations(raw);
  const according = /\baccording to ([^,.;:“”"]{2,60}),[^,]*$/i.exec(before);
  if (according?.[1]) return { phrase: cleanPhrase(according[1]), apposition: null };
  let last: RegExpExecArray | null = null;
  for (const m of before.matchAll(IN_SENTENCE_CUE)) last = m;
  if (!last) return null;
  const gap = before.slice(last.index + last[0].length);
  if (/[“”"]/.test(gap) || gap.split(/\s+/).filter(Boolean).length > maxGapWords) return null;
  // A participle ("…, saying “…”") takes the subject of the whole sentence.
  if (last[0].endsWith('ing')) return subjectAtStart(before.slice(0, last.index));
  const phrase = phraseBefore(before.slice(0, last.index));
  return phrase ? { phrase, apposition: null } : null;
}

/** The subject at the start of a clause, for colon introductions without a speech verb. */
export function subjectAtStart(raw: string): SpeakerCue | null {
  const sentence = maskAbbreviations(raw);
  const byAgent = /\bby ((?:an?|the)\s+[^,.:;]{2,40}|[A-Z][^,.:;]{1,40}):?\s*$/.exec(sentence);
  if (byAgent?.[1]) return { phrase: cleanPhrase(byAgent[1]), apposition: null };
  const out: string[] = [];
  for (const w of sentence.replace(FILLER_HEAD, '').split(/\s+/)) {
    const bare = w.replace(/[,:;.]+$/, '');
    if (out.length > 0 && (/^[a-z]+ed$/.test(bare) || /^(?:had|has|is|was|believes)$/.test(bare)))
      break;
    if (out.length > 0 && /^[a-z]/.test(bare) && !/^(?:of|the)$/.test(bare) && out.length >= 3)
      break;
    out.push(bare);
    if (w !== bare || out.length >= 7) break;
  }
  const phrase = cleanPhrase(out.join(' '));
  return phrase && validName(phrase) ? { phrase, apposition: null } : null;
}

function phraseBefore(text: string): string | null {
  const clause = text.split(/[,;:()\u2014\u2013\u201C\u201D"]|\s-\s/).pop() ?? '';
  let phrase = cleanPhrase(clause);
  if (/^(?:which|who|that)$/i.test(phrase)) {
    const parts = text.split(',');
    parts.pop();
    phrase = lastNounPhrase(cleanPhrase(parts.pop() ?? ''));
  } else if (phrase.split(' ').length > 7) {
    phrase = lastNounPhrase(phrase);
  }
  return phrase && validName(phrase) ? phrase : null;
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
    p = p.replace(FILLER_HEAD, '').replace(FILLER_TAIL, '').trim();
  }
  return p.replace(/\s*\((?:[RDI]-[^)]*)\)$/, '');
}

function validName(phrase: string): boolean {
  const toks = phrase.split(' ');
  if (toks.length > 9 || NOT_IN_NAME.test(phrase)) return false;
  if (/^(?:It|There|This|That|What)$/i.test(phrase)) return false;
  return (
    /^(?:the|a|an|one|another|his|her|its|their|he|she|they)\b/.test(phrase) ||
    toks.some((t) => /^\p{Lu}/u.test(t))
  );
}

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

/** A named person, as opposed to an organisation or a description ("the department"). */
export function isPersonName(speaker: string): boolean {
  const toks = speaker.split(' ');
  return (
    toks.every((t) => /^\p{Lu}[\p{L}.'\u2019-]*$/u.test(t)) &&
    !toks.every((t) => /^[\p{Lu}.]+$/u.test(t)) &&
    !ORG_WORDS.test(speaker)
  );
}

const NAME_RUN = /\b\p{Lu}[\p{Ll}\p{Lu}.'\u2019-]*(?:\s+\p{Lu}[\p{Ll}\p{Lu}.'\u2019-]*)+/gu;

/**
 * Maps a surname to the first full name the text gives it ("Yoes" → "Patrick Yoes"): news style
 * introduces a person once in full and uses the surname afterwards.
 */
export function nameRegistry(text: string): Map<string, Speaker> {
  const names = new Map<string, Speaker>();
  for (const m of text.matchAll(NAME_RUN)) {
    const phrase = m[0].replace(/^(?:The|A|An)\s+/, '');
    const { speaker, speakerRole } = splitRole({ phrase, apposition: null });
    const toks = speaker.replace(/['\u2019]s$/, '').split(' ');
    while (toks.length > 0 && isTitle(toks[0] ?? '')) toks.shift();
    const surname = toks[toks.length - 1];
    if (!surname || toks.length < 2 || toks.length > 4) continue;
    if (!isPersonName(toks.join(' ')) || /^[\p{Lu}.]+$/u.test(surname)) continue;
    if (!names.has(surname)) names.set(surname, { speaker: toks.join(' '), speakerRole });
  }
  return names;
}
