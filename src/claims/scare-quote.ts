// Whether the words between a pair of quotation marks are someone's statement, or a scare quote,
// a title, a term or a nickname: by their length and case, and by how the sentence around them
// sets them off.
import { words, type TextSpan } from '../text/normalize.js';
import { hasSpeechCue } from './speech-verbs.js';

/**
 * Quotes this short are scare quotes or titles (“sanctuary”, “Trust Act”) unless a speech verb
 * sits right beside the marks (`“No,” he said`) or the sentence reports them as someone's words
 * (`called it “a disgrace”`, `said the plan was “a disaster.”`; see partialQuoteCue).
 */
export const SCARE_QUOTE_MAX_WORDS = 3;
/** Title-case quotes up to this length are names of shows, laws or slogans (“Fox News Sunday”). */
export const TITLE_QUOTE_MAX_WORDS = 6;
/** A span set off by quotation marks, as the quote finder found it. */
export interface MarkedSpan {
  start: number;
  end: number;
  line: number;
  /** Where the opening mark is written (the first of its characters). */
  openAt: number;
  /** Runs on from a quote left open at the end of the previous paragraph. */
  continues: boolean;
  /** Left open at the end of its paragraph: the first part of a longer quote. */
  runsOn: boolean;
  /** A speech verb sits right beside the marks, so even a short quote is someone's words. */
  adjacent: boolean;
  /** Set off by single marks in a headline, where they are the quotation marks. */
  headline: boolean;
}

// Archive copy of some papers writes a double quote as two apostrophes ('').
export function markWidth(text: string, i: number): number {
  if (text.startsWith("''", i)) return 2;
  return /[\u201C\u201D"]/.test(text[i] ?? '') ? 1 : 0;
}
const SMALL_WORDS = new Set(['of', 'the', 'and', 'a', 'an', 'in', 'on', 'to', 'for', 'at', 'or']);

export function isScareQuote(text: string, ls: TextSpan[], c: MarkedSpan): boolean {
  // Attribute values of markup left in the text (`<tweet author="…">`) are nobody's words, and
  // a transcript's stage direction (`"(CROSSTALK.)`, `(APPLAUSE)`) is nobody's either.
  if (text[c.openAt - 1] === '=') return true;
  const quote = text.slice(c.start, c.end);
  if (/^[([][^)\]]*[)\]][.,]?$/.test(quote)) return true;
  const toks = quote.match(/[\p{L}\p{N}][\p{L}\p{N}'\u2019.-]*/gu) ?? [];
  // Marks around no word at all (`">`, `" "`) quote nothing.
  if (toks.length === 0) return true;
  // Capitalised words, not capitals throughout: `“NO UNITS WILL RESPOND”` is a message shouted.
  const titleCase =
    toks.every((t) => SMALL_WORDS.has(t) || /^[\p{Lu}\p{N}]/u.test(t)) &&
    !toks.every((t) => !/\p{Ll}/u.test(t));
  // A title-case name right after a preposition or a word for a work (`On “Face the Nation,”`,
  // `his book, “Make Your Kid a Millionaire,”`) is a title even with a speech verb beside it.
  const lead = text.slice(Math.max(0, c.openAt - 40), c.openAt);
  if (titleCase && toks.length <= TITLE_QUOTE_MAX_WORDS * 2 && WORK_BEFORE.test(lead)) return true;
  // `Jo Roe's column, “Tell them your story,” drew letters`: a word for a work, a comma, then
  // the quote is that work's title whatever its case.
  if (!c.adjacent && toks.length <= TITLE_QUOTE_MAX_WORDS * 2 && WORK_NOUN_COMMA.test(lead))
    return true;
  // `Follow Jo Roe on Twitter @joroe`: the site's sign-off, not anyone's statement.
  if (/^Follow\s.{1,60}\bon\s+(?:Twitter|X|Facebook|Instagram|Threads|Bluesky)\b/.test(quote))
    return true;
  // A name the thing goes by, or words nobody in particular is said to use: `known as the
  // “Buffett rule”`, `in what is being called a “use it or lose it” approach`.
  if (!c.adjacent && TERM_BEFORE.test(lead) && !/^\W*\s*by\s/.test(text.slice(c.end, c.end + 12)))
    return true;
  // `Trump ‘The Dealmaker’`: a quoted name beginning with “The” is a nickname or a title.
  if (c.headline && titleCase && toks.length <= TITLE_QUOTE_MAX_WORDS && toks[0] === 'The')
    return true;
  if (c.adjacent || c.continues || c.runsOn || c.headline) return false;
  if (titleCase && toks.length <= TITLE_QUOTE_MAX_WORDS) return true;
  if (toks.length <= SCARE_QUOTE_MAX_WORDS) return !partialQuoteCue(text, ls[c.line], c, quote);
  // `said there was “no illegal disclosure by anyone” at the agency`: words embedded in the
  // middle of the writer's own clause, which runs on after the marks, are a fragment of the
  // report, not a statement of their own (unless a naming or describing cue sets them off).
  if (embedded(text, ls[c.line], c, quote)) return !partialQuoteCue(text, ls[c.line], c, quote);
  // Every word capitalised over several words is a name or a title (“Collapse: How Societies
  // Choose to Fail or Succeed”), not a sentence someone said.
  return titleCase && toks.length <= TITLE_QUOTE_MAX_WORDS * 2;
}

/**
 * A short or embedded quote is someone's words, not a scare quote, when the sentence reports it
 * as words: it names or describes something with them (`called her “a disgrace”`, `described the
 * raid as “reckless”`, `accused the agency of “stonewalling”`, `likened it to “a war zone”`),
 * quotes “the words” or “the phrase”, credits them (`as the union put it, “…”`), closes a
 * sentence with a speech verb (`said the response was “too slow.”`), or is a whole sentence
 * introduced by a colon (`his message: “It's about me.”`). A speech verb right before the marks
 * (`chanted “Shame!”`) is handled with the adjacent cues.
 */
function partialQuoteCue(
  text: string,
  line: TextSpan | undefined,
  c: MarkedSpan,
  quote: string,
): boolean {
  const from = Math.max(line?.start ?? 0, c.openAt - 160);
  // The sentence so far: a sentence end in the lead starts it afresh.
  const lead = text.slice(from, c.openAt).replace(/^.*[.!?]["\u201D\u2019']?\s+(?=\p{Lu})/su, '');
  if (/:\s*$/.test(lead) && /^\p{Lu}/u.test(quote) && /[.!?]$/.test(quote)) return true;
  // `Lee said the plan was “a disaster.”`: quoted words that close a sentence with a speech verb
  // finish what the verb reports; a scare quote mostly sits inside the sentence.
  const closes =
    /[.!?]$/.test(quote) || /^["\u201D']{1,2}[.!?](?:\s|$)/.test(text.slice(c.end, c.end + 4));
  if (closes && hasSpeechCue(lead)) return true;
  return PARTIAL_CUES.some((re) => re.test(lead));
}

/** Lower-case words of the same sentence on both sides of the marks, no punctuation at the end inside. */
function embedded(text: string, line: TextSpan | undefined, c: MarkedSpan, quote: string): boolean {
  if (/[.!?,;:]$/.test(quote)) return false;
  const lead = text.slice(Math.max(line?.start ?? 0, c.openAt - 60), c.openAt);
  if (!/\p{Ll}[^.!?]*\s$/u.test(lead)) return false;
  const close = c.end + Math.max(1, markWidth(text, c.end));
  return /^\s+\p{Ll}/u.test(text.slice(close, close + 3));
}

// Up to seven words of object between the cue and the quote (`called half of his rival's
// supporters “…”`); a clause boundary (`called him a liar for promoting “…”`) ends the object.
const OBJECT =
  '(?:(?!(?:for|by|because|when|while|after|before|since|but|who|which|that)\\s)[^\\s.;:!?\u201C\u201D"]+\\s+){0,7}';
const PARTIAL_CUES = [
  new RegExp(
    `(?<!so-|\\bto\\s)\\b(?:call|calls|called|calling|dubbed|dubs|labeled|labelled|labeling|branded|termed)\\s+(?!(?:for|on|off|up|out|back|in)\\s)${OBJECT}$`,
    'i',
  ),
  new RegExp(
    `\\b(?:describ|characteri[sz]|portray|depict|hail|prais|tout|blast|slam|critici[sz]|condemn|denounc|derid|mock|ridicul|attack|assail|dismiss|brand|label|lambast|pound|hammer|bash|admir|refer(?:s|red|ring)?\\s+to\\b|(?:go|goes|going|gone|went)\\s+after\\b)\\w*\\s+${OBJECT}as\\s+(?:(?:a|an|the|being)\\s+)?$`,
    'i',
  ),
  new RegExp(
    `\\b(?:accus|blast|critici[sz]|slam|fault|prais|chid|scold|rebuk|lambast|attack)\\w*\\s+${OBJECT}(?:of|for)\\s+(?:being\\s+)?(?:(?:a|an|the)\\s+)?$`,
    'i',
  ),
  new RegExp(
    `\\b(?:likened|likens|likening|compared|compares|equated|equates)\\s+(?:[^\\s.;:!?\u201C\u201D"]+\\s+){1,7}to\\s+(?:(?:a|an|the)\\s+)?$`,
    'i',
  ),
  /\bthe\s+(?:words?|phrase|term|slogan|chant|refrain|expression|epithet)\s*,?\s*$/i,
  /\b(?:call|calls|called|calling)\s+for\s*$/i,
  // `as the union put it, “a betrayal.”`
  /\bas\s+(?:[^\s,.;:!?]+\s+){1,5}put\s+it\b[^.;:!?\u201C\u201D"]{0,40}$/i,
];

export const SPEECH_RIGHT_BEFORE =
  /\b(?:said|says|say|told|wrote|writes|tweeted|reported|declared|stated|shouted|shouting|chanted|chanting|sang|sings|singing|yelled|yelling|screamed|screaming|replied|responded|answered)\s*$/i;

// `called him “a liar,” “a fraud” and “a disgrace”`: the next item of a list of quoted words
// is as much a quote as the first.
export function continuesList(text: string, prev: MarkedSpan, c: MarkedSpan): boolean {
  if (prev.line !== c.line || prev.end > c.openAt) return false;
  // Only a list of short quoted words: after a long quote, a short one is a term of its own.
  if (words(text.slice(prev.start, prev.end)).length > SCARE_QUOTE_MAX_WORDS) return false;
  const between = text.slice(prev.end, c.openAt);
  return /^["\u201D']{0,2}[\s,]*(?:(?:and|or)\s+)?(?:(?:a|an)\s+)?$/.test(between);
}

const TERM_BEFORE =
  /\b(?:known|nicknamed|(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?(?:called|described|criticized|criticised|labeled|labelled|branded|dubbed|termed|seen|viewed|regarded|billed|characterized))\s+(?:as\s+)?(?:(?:a|an|the)\s+)?['\u2018\u201C"]*$/i;

const WORK_NOUN_COMMA =
  /\b(?:book|song|show|film|movie|album|documentary|series|episode|commentary|column|essay|op-ed|editorial|headline|novel|poem|play|podcast),\s*$/i;

const WORK_BEFORE =
  /(?:\b(?:on|of|in|titled|entitled|book|song|show|film|movie|album|anthem|documentary|series|program|programme|episode|commentary|column|essay|op-ed|headline|novel|play)|(?<!\b(?:it|that|he|she|what|who|there|here|where|let))['\u2019]s),?\s*$/i;
