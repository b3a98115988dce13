// What changed between two versions of one article, sentence by sentence. Pure.
import { normalizeText, sentences, type TextSpan } from '../text/normalize.js';

export interface RevisionDiff {
  /** Sentences of the new version that the old one did not have (offsets into the new text). */
  added: TextSpan[];
  /** Sentences of the old version that are gone. */
  removed: TextSpan[];
  /** True when nothing changed but timestamps, counters and "updated" lines. */
  trivial: boolean;
}

// Lines that change on every render of a page without the story changing.
const VOLATILE_LINE =
  /^(?:(?:last\s+)?updated|published|posted|modified|this (?:story|article) (?:was|has been) updated)\b|^\d+\s*(?:min(?:ute)?s?\s+read|comments?|shares?|views?)\b/i;
// Parts of a stamp line that vary without the story changing: clock times, dates, counters.
const VOLATILE_PARTS: RegExp[] = [
  /\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4}T)?\b/gi,
  /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:,\s*\d{4})?\b/gi,
  /\b\d{4}-\d{2}-\d{2}(?:t[\d:.]+z?)?\b/gi,
  /\b\d[\d,]*\s+(?:comments?|shares?|views?|reads?)\b/gi,
  /\b(?:\d+\s+(?:minutes?|hours?|days?)\s+ago)\b/gi,
];

/** A sentence with its volatile parts masked. */
function masked(sentence: string): string {
  let s = sentence;
  for (const re of VOLATILE_PARTS) s = s.replace(re, '#');
  return s;
}

/**
 * A line that is nothing but a stamp once its volatile parts are masked ("CDT, Oct. 7, 2025",
 * "1,204 comments", "3 hours ago"): at most one word is left, a time zone or a label.
 */
function isStampOnly(sentence: string): boolean {
  return (masked(sentence).match(/\p{L}{2,}/gu) ?? []).length <= 1;
}

/**
 * The comparable form of a sentence. Only a stamp line is compared with its volatile parts
 * masked: in a sentence of the story a changed date or time is a change of the story
 * ("the hearing on Oct. 15" → "Oct. 16"), which must be a revision.
 */
function key(sentence: string): string {
  return normalizeText(isStampOnly(sentence) ? masked(sentence) : sentence);
}

function isVolatile(sentence: string): boolean {
  return VOLATILE_LINE.test(sentence.trim()) || isStampOnly(sentence);
}

/**
 * A longest-common-subsequence diff over sentences (see key), so that a moved timestamp or a
 * new "Updated 5:10 p.m." line is not a revision, while a changed number or date in the story
 * itself is.
 */
export function diffRevision(oldText: string, newText: string): RevisionDiff {
  const a = sentences(oldText);
  const b = sentences(newText);
  const ka = a.map((s) => key(s.text));
  const kb = b.map((s) => key(s.text));
  // LCS table; articles have tens to a few hundred sentences, so O(n·m) is small.
  const lcs: Uint16Array[] = Array.from(
    { length: a.length + 1 },
    () => new Uint16Array(b.length + 1),
  );
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] =
        ka[i] === kb[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const added: TextSpan[] = [];
  const removed: TextSpan[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && ka[i] === kb[j]) {
      i++;
      j++;
    } else if (j < b.length && (i === a.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      added.push(b[j++]!);
    } else {
      removed.push(a[i++]!);
    }
  }
  const substantive = (s: TextSpan) => !isVolatile(s.text);
  return {
    added: added.filter(substantive),
    removed: removed.filter(substantive),
    trivial: !added.some(substantive) && !removed.some(substantive),
  };
}
