// What each sentence of an article is, before anyone asks whether it is new: a statement a reader
// could report or check, or one of the things a page carries around its statements (headline,
// photo caption, byline, dateline, site chrome), a question, pure opinion, a fragment, or a run-on
// that is no sentence at all. Only statements go on to the queue; the rest may be listed.
//
// The default is `statement`: a declarative sentence carries reportable information unless it
// is recognised as something else. (The earlier rule, "a sentence is a claim when it shows a
// number, an order, a law or an event", left 30 of 104 labelled new sentences of the coverage dev
// set out: reported speech, negative facts and timeline lines show none of those.)

import type { TextSpan } from '../text/normalize.js';
import { MAX_SENTENCE_CHARS } from './statement-limits.js';

export type SentenceClass =
  | 'statement'
  | 'question'
  | 'opinion'
  | 'headline'
  | 'caption'
  | 'byline'
  | 'dateline'
  | 'chrome'
  | 'fragment'
  | 'run-on';

/** Fewer words than this say too little on their own ("Tensions rose on Saturday."). */
export const STATEMENT_MIN_WORDS = 6;
/** A line without end punctuation up to this many words is a headline or a sub-head. */
export const HEADLINE_MAX_WORDS = 30;

// Site furniture: sharing, newsletters, subscriptions, listening, comments, copyright.
const CHROME =
  /\b(?:follow (?:us|him|her|me)|share (?:and|&) follow|share this|subscribe|sign up|click here|read more|comments? section|newsletter|VIP Member|all rights reserved|copyright|you can now listen|listen to (?:this|fox news) article|download (?:the|our) app|advertisement|skip to (?:content|main)|related (?:stories|articles|coverage))\b/i;
// A link to another story, set off in brackets with an upper-case label: "(RELATED: …)",
// "[WATCH: …]", "(READ MORE: …)". The label and the brackets, not its words, make it furniture.
const BRACKETED_LINK = /^[([]\s*\p{Lu}[\p{Lu} ]{2,20}:.*[)\]]$/u;
// A title-case line cut off by an ellipsis: a teaser for another story ("There's an Eerie
// Silence From … Over …"). Body sentences that trail off are in sentence case.
const TEASER_END = /(?:\.{3}|\u2026)$/;
// Photo and video credits: "(Photo by Ann Lee/Getty Images)", "AP Photo/Ann Lee", "Credit: …".
const CAPTION =
  /\b(?:Getty Images|AP Photo|Reuters\/|(?:photo|image|video|file photo) (?:by|courtesy|credit)|(?:photo|image) credit|credit:)/i;
// A caption that names what the one picture is: "Screenshot of the dispatch message …", "Video
// still from …". Plurals and verbs ("Images from the body cameras show …") are reporting.
const CAPTION_OPENING =
  /^(?:screenshot|screen grab|screengrab|photo|image|picture|video still|still image)\s+(?:of|from)\b(?![^.]*\b(?:show|shows|showed|said|says|reveal|reveals|revealed)\b)/i;
// "By Ann Lee", "By Ann Lee and Bo Roe | Updated …", "Published October 5, 2025 10:02am EDT".
const BYLINE =
  /^(?:by\s+\p{Lu}[\p{L}.'\u2019-]*(?:\s+\p{Lu}[\p{L}.'\u2019-]*){0,3}(?:\s*(?:,|and|\|)\s*.*)?|(?:published|updated|posted|last updated)\b.{0,60}\d.*)$/iu;
// "CHICAGO (AP) —", "WASHINGTON -": a place in capitals and a dash, with nothing after it.
const DATELINE = /^[\p{Lu}][\p{Lu}.' ,]+(?:\([^)]{1,20}\))?\s*(?:--|[\u2014\u2013-])\s*$/u;
// Hedges and judgements that make a sentence the writer's view ("should", "I think", "perhaps").
const OPINION =
  /\b(?:should|ought|I think|we think|I believe|we believe|seems?|perhaps|maybe|arguably|of course|truly|shameful|disgraceful|outrageous)\b/i;
// What an opinion lacks and a statement has: a number, a speaker, a proper name past the first
// word, an act or an event.
const FACT_MARK =
  /\d|\b(?:said|says|told|according to|announced|reported|confirmed|denied|accused|ordered|arrested|charged|filed|signed|released)\b|\s\p{Lu}\p{Ll}/u;
// "did not respond to a request for comment": a fact, but one of little worth.
export const NO_COMMENT =
  /\b(?:did not|didn[’']t|has not|hasn[’']t|have not|had not|declined to|could not be reached|not immediately) (?:\w+ ){0,3}(?:respond|return|reply|comment|reached|received a response)/i;

/** More opening than closing quotation marks: a quote that runs on into the next paragraph. */
function opensQuote(text: string): boolean {
  // A straight mark right after a digit is inches ('8" of snow'), not a quote.
  const straight = (text.match(/(?<!\d)"/g) ?? []).length;
  return (
    (text.match(/\u201C/g) ?? []).length > (text.match(/\u201D/g) ?? []).length ||
    straight % 2 === 1
  );
}

// A list bullet, a numbered item or a clock time opening a line: a list or timeline entry.
const LIST_ITEM =
  /^(?:[-\u2013\u2014\u2022*\u00B7\u25A0-\u25FF\u2023\u2043\u2192\u27A4\u2713\u2714]\s|\d{1,3}[.)]\s|\d{1,2}(?::\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)(?=\W|$))/i;

/**
 * What one sentence is; `line` is the paragraph it sits in, `first` and `last` whether that is
 * the text's first or last.
 */
export function classifySentence(
  s: TextSpan,
  line: TextSpan,
  first = false,
  last = false,
): SentenceClass {
  const text = s.text;
  if (text.length > MAX_SENTENCE_CHARS) return 'run-on';
  const wordCount = (text.match(/[\p{L}\p{N}]+/gu) ?? []).length;
  // Letters make a sentence: a "sentence" of numbers or punctuation is nothing to report.
  if (!/\p{L}{2}/u.test(text)) return 'fragment';
  if (DATELINE.test(text)) return 'dateline';
  // A badge glued to the text it sits on ("NEWYou can now listen …") is a word of its own.
  const unglued = text.replace(/(\p{Lu}{2,})(?=\p{Lu}\p{Ll})/gu, '$1 ');
  const wholeLine = s.start === line.start && s.end === line.end;
  if (CHROME.test(unglued) || (wholeLine && BRACKETED_LINK.test(text))) return 'chrome';
  if (CAPTION.test(unglued) || CAPTION_OPENING.test(text)) return 'caption';
  if (wordCount <= 12 && BYLINE.test(text)) return 'byline';
  if (wholeLine && wordCount <= HEADLINE_MAX_WORDS && TEASER_END.test(text) && titleCase(text))
    return 'headline';
  // A line with no end punctuation: a headline (the text's first line, or title case) or a
  // sub-head. In sentence case too ("Officials, police criticize Chicago ICE stand-down; CPD says
  // officers responded"), when it ends on a word: body sentences end in
  // punctuation, and one that lost it ends on an ellipsis, an emoji or a link as often. Not a
  // list or timeline line ("- 12:28 p.m. – CPD received a call"), a paragraph of a quote that
  // runs on into the next, or the last line of an excerpt cut off mid-sentence. (Measured on
  // the coverage dev set: sentence-case headlines were 11 of 138 unlabelled flags, and no
  // labelled new sentence is such a line.)
  const unpunctuated = !/[.!?:;,]["\u201D\u2019')\]]*$/.test(text);
  if (wholeLine && unpunctuated && wordCount <= HEADLINE_MAX_WORDS) {
    const runsOn = last || LIST_ITEM.test(text) || opensQuote(text);
    const endsOnWord = /[\p{L}\p{N}]["\u201D\u2019']?$/u.test(text) && !/https?:|www\./i.test(text);
    if (first || (!runsOn && (titleCase(text) || endsOnWord))) return 'headline';
  }
  if (wordCount < STATEMENT_MIN_WORDS) return 'fragment';
  if (/\?["\u201D\u2019']?$/.test(text) && !/^[\u201C"]/.test(text)) return 'question';
  if (OPINION.test(text) && !FACT_MARK.test(text.slice(1))) return 'opinion';
  return 'statement';
}

function titleCase(text: string): boolean {
  const ws = text.match(/\p{L}[\p{L}'\u2019-]*/gu) ?? [];
  const long = ws.filter((w) => w.length > 3);
  return long.length > 0 && long.filter((w) => /^\p{Lu}/u.test(w)).length / long.length >= 0.75;
}
