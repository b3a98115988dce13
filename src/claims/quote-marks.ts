// Which stretches of text are between quotation marks. Marks are paired line by line (a
// paragraph is a line): curly and straight double marks and doubled apostrophes, a quote inside a
// quote written with the same marks, a mark after a digit read as inches, a closing mark whose
// opening was lost, an opening mark typed for a closing one, and a quote left open running on to
// its line's end (and continuing in the next paragraph). In a headline line, single marks quote
// too. Whether a quoted stretch is a statement at all is scare-quote.ts's to decide.
import type { Quote } from '../domain/types.js';
import type { TextSpan } from '../text/normalize.js';
import { markWidth, type MarkedSpan } from './scare-quote.js';
import type { Speaker, SpeakerCue } from './speaker-name.js';
import { HEADLINE_MAX_WORDS } from './sentence-classify.js';
import { SPEAKER_WINDOW } from './statement-limits.js';

/** A quote as the finder works on it: its span, how it was found, its cue and its speaker. */
export interface Candidate extends MarkedSpan {
  form: Quote['form'];
  cue: SpeakerCue | null;
  /** Where the cue's phrase is written, so the speaker can point at its evidence. */
  cueSpan: { start: number; end: number } | null;
  speaker: Speaker | null;
  speakerSpan: { start: number; end: number } | null;
}

export function candidate(
  start: number,
  end: number,
  line: number,
  form: Quote['form'],
): Candidate {
  return {
    start,
    end,
    line,
    form,
    openAt: start,
    continues: false,
    runsOn: false,
    cue: null,
    adjacent: false,
    headline: false,
    cueSpan: null,
    speaker: null,
    speakerSpan: null,
  };
}

export function pairMarks(
  text: string,
  ls: TextSpan[],
  maxMarks: number,
): { quotes: Candidate[]; capped: boolean } {
  const out: Candidate[] = [];
  let leftOpen = false;
  let marks = 0;
  let capped = false;
  for (let li = 0; li < ls.length && !capped; li++) {
    const line = ls[li]!;
    let open = -1;
    // A quote inside a quote written with the same curly marks (`“… what he calls “hell” than …”`):
    // the outer opening, resumed when the inner quote closes.
    let outer = -1;
    const opening = markWidth(text, line.start);
    const push = (from: number, to: number, runsOn = false): void => {
      const span = trimSpan(text, from, to);
      if (!span) return;
      const c = candidate(span.start, span.end, li, 'direct');
      c.openAt = text.startsWith("''", from - 2) ? from - 2 : from - 1;
      c.continues = leftOpen && opening > 0 && from === line.start + opening;
      c.runsOn = runsOn;
      out.push(c);
    };
    for (let i = line.start; i < line.end; i++) {
      const ch = text[i] ?? '';
      const width = Math.max(1, markWidth(text, i));
      if (width === 2 || /[\u201C\u201D"]/.test(ch)) {
        if (++marks > maxMarks) {
          // Past the cap the quote being read is dropped with the rest: half a pair is no quote.
          capped = true;
          open = -1;
          break;
        }
      }
      const straight = width === 2 || ch === '"';
      if (open < 0) {
        // `6'3"` and `12"`: a straight mark right after a digit measures inches, it opens nothing.
        if (ch === '"' && width === 1 && /\d/.test(text[i - 1] ?? '')) continue;
        // `a review of [his] systems" including …`: a mark that closes onto the word before it
        // and has a space after cannot open a quote; its opening mark was lost.
        if (
          straight &&
          i > line.start &&
          /[^\s([{\u2014\u2013-]/.test(text[i - 1] ?? '') &&
          /\s/.test(text[i + width] ?? '')
        )
          continue;
        if (straight || ch === '\u201C') open = i + width - 1;
      } else if (straight || ch === '\u201D' || openingAsClosing(text, i, line.end)) {
        if (outer >= 0 && ch === '\u201D') {
          // The inner quote closes; the outer one goes on to its own closing mark.
          open = outer;
          outer = -1;
        } else {
          push(open + 1, i);
          open = -1;
        }
      } else if (ch === '\u201C') {
        // Unbalanced curly marks: the later opener is the one a reader would follow, unless the
        // line closes twice before it opens again, which only a quote inside a quote does.
        if (ch === text[open] && closesTwice(text, i + 1, Math.min(line.end, i + SPEAKER_WINDOW)))
          outer = open;
        open = i;
      }
      i += width - 1;
    }
    if (open >= 0) push(open + 1, line.end, true);
    leftOpen = open >= 0;
  }
  return { quotes: out, capped };
}

// `… is 51 percent.“` at the end of a paragraph or before a space: a typo for the closing mark,
// after punctuation that ends what is quoted and with nothing after it to open.
function openingAsClosing(text: string, i: number, lineEnd: number): boolean {
  return (
    text[i] === '\u201C' &&
    /[.,!?]/.test(text[i - 1] ?? '') &&
    (i + 1 >= lineEnd || /\s/.test(text[i + 1] ?? ''))
  );
}

// Two closing curly marks ahead, before any opening one.
function closesTwice(text: string, from: number, to: number): boolean {
  let closing = 0;
  for (let i = from; i < to && closing < 2; i++) {
    const ch = text[i];
    if (ch === '\u201C' || ch === '"') return false;
    if (ch === '\u201D') closing++;
  }
  return closing === 2;
}

// Headline style sets quotes off with single marks (`Mayor Calls Raid ‘a Disgrace’`). An opening
// mark follows a space or the start; a closing one is followed by no letter, so apostrophes
// (`Don't`, `Chicago’s`) stay inside.
const HEADLINE_QUOTE =
  /(?<![\p{L}\p{N}])(?:\u2018(\S[^\u2018\n]*?)\u2019|'(\S[^'\n]*?)')(?![\p{L}\p{N}])/gu;

/** `Mayor: Agents Were ‘Out of Control’`: single-mark quotes of the first line, a headline. */
export function headlineQuotes(text: string, ls: TextSpan[]): Candidate[] {
  const line = ls[0];
  if (!line || /[\u201C\u201D"]|''/.test(line.text)) return [];
  if (line.text.split(/\s+/).length > HEADLINE_MAX_WORDS) return [];
  const out: Candidate[] = [];
  for (const m of line.text.matchAll(HEADLINE_QUOTE)) {
    const inner = m[1] ?? m[2] ?? '';
    const from = line.start + m.index + 1;
    const span = trimSpan(text, from, from + inner.length);
    if (!span) continue;
    const c = candidate(span.start, span.end, 0, 'direct');
    c.openAt = from - 1;
    c.headline = true;
    out.push(c);
  }
  return out;
}

function trimSpan(text: string, from: number, to: number): { start: number; end: number } | null {
  let start = from;
  let end = to;
  while (start < end && /\s/.test(text[start] ?? '')) start++;
  while (end > start && /\s/.test(text[end - 1] ?? '')) end--;
  return end > start ? { start, end } : null;
}
