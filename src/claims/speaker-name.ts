// Who a phrase names: a person's name apart from the titles and roles around it ("National
// FOP President Patrick Yoes" → "Patrick Yoes", role "National FOP President"), a person as
// opposed to an organisation or a description, the full name a surname stands for, and the
// gender the text gives a person (for "he" and "she"). Reads phrases the speaker finders have
// already cut out; speaker-resolve.ts uses the registry, mentions and genders per article.

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
const HONORIFICS = new Set(['mr.', 'mrs.', 'ms.', 'mr', 'mrs', 'ms']);
export const CONNECTIVES = new Set('on of for at in to and by with from'.split(' '));
const PRONOUNS = new Set(['he', 'she', 'they', 'him', 'her', 'them', 'it']);

export function looksLikeRole(text: string): boolean {
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

export const NOT_NAME_START =
  /^(?:In|On|At|But|And|The|A|An|Yep|Yes|No|If|When|During|After|For|To|Of|By|With|From|As|So|Or)$/;

/** Titles and honorifics written with a period before a name ("Supt. Larry Snelling"). */
export const TITLE_ABBREVIATIONS =
  'Mr|Mrs|Ms|Dr|Rep|Reps|Sen|Sens|Gov|Lt|Gen|Jr|Sr|St|Supt|Sgt|Col|Capt|Atty|Ald|Prof|Rev|Cmdr|Det|Insp|Adm|Maj|Cpl|Pvt|Ofc|Dep|Hon|Fr|Pres|Amb|Brig|Msgr';
// An initial or a run of them ("J.", "J.B."), or a title. Not a place written with periods
// ("U.S.", "D.C."), which ends a sentence as often as it opens a name.
const TITLE_OR_INITIAL = new RegExp(
  `^(?!(?:U\\.S|U\\.K|U\\.N|E\\.U|D\\.C)\\.$)(?:(?:\\p{Lu}\\.)+|(?:${TITLE_ABBREVIATIONS})\\.)$`,
  'u',
);

/** A period that ends a sentence: on a word that is neither an initial nor a title. */
function endsSentence(token: string): boolean {
  return token.endsWith('.') && !TITLE_OR_INITIAL.test(token);
}

/** A named person, as opposed to an organisation or a description ("the department"). */
export function isPersonName(speaker: string): boolean {
  const toks = speaker.split(' ');
  if (toks.length > 5 || NOT_NAME_START.test(toks[0]?.replace(/\.$/, '') ?? '')) return false;
  // A period inside the run ends a sentence ("Yep. He"), unless it closes an initial or a title.
  if (toks.some((t, i) => i < toks.length - 1 && endsSentence(t))) return false;
  if (toks.some((t) => /['\u2019]m$/.test(t))) return false;
  return (
    toks.every((t) => /^\p{Lu}[\p{L}.'\u2019-]*$/u.test(t)) &&
    !toks.every((t) => /^[\p{Lu}.]+$/u.test(t)) &&
    !ORG_WORDS.test(speaker)
  );
}

const MAX_NAME_RUN = 12;
// The words of a name share a line: a paragraph break (a headline over the story's first
// sentence) ends a run.
const NAME_RUN = /\b\p{Lu}[\p{Ll}\p{Lu}.'\u2019-]*(?:[^\S\n]+\p{Lu}[\p{Ll}\p{Lu}.'\u2019-]*)+/gu;

// A capitalised run may cross sentence ends ("… Mitt Romney. He said", "… in Chicago. Sam Doe
// said"): its parts, cut at each period that is not an initial's or a title's, are runs of their
// own, so a name that opens a sentence after a capitalised word is not lost with the rest.
function sentenceParts(run: string): string[] {
  const toks = run.split(/\s+/);
  const parts: string[] = [];
  let part: string[] = [];
  toks.forEach((t, i) => {
    const ends = endsSentence(t);
    part.push(ends ? t.slice(0, -1) : t);
    if (ends || i === toks.length - 1) {
      parts.push(part.join(' '));
      part = [];
    }
  });
  return parts;
}

/**
 * Maps a surname to the first full name the text gives it ("Yoes" → "Patrick Yoes"): news style
 * introduces a person once in full and uses the surname afterwards.
 */
export function nameRegistry(text: string): Map<string, Speaker> {
  const names = new Map<string, Speaker>();
  for (const m of text.matchAll(NAME_RUN)) {
    for (const part of sentenceParts(m[0])) {
      // A name with its titles is a few words; a longer run is a headline or a shouted line,
      // and splitting it costs its length squared.
      const phrase = part
        .split(' ')
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
