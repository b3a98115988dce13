// Why the extracted text may not be the whole article: the page says it is for subscribers, the
// page or its feed promises far more words, or a body the page or feed carries ends later than
// ours. Flags describe; they never change the text and never work around a paywall.
import type { ExtractionMethod, TextFlags } from '../domain/types.js';
import { words } from '../text/normalize.js';
import type { JsonLdArticle } from './json-ld-read.js';
import type { PageScan } from './page-scan.js';

export interface FlagInputs {
  text: string;
  method: ExtractionMethod;
  jsonLd: JsonLdArticle | null;
  /** The JSON-LD articleBody as paragraphs joined by blank lines; '' when there is none. */
  jsonLdText: string;
  /** The feed's full content and summary as plain text; '' when the feed gave none. */
  feedContentText: string;
  feedSummaryText: string;
  /** The class or id that marked a paywall in the page, when one did (see findPaywallMarkup). */
  paywallMarkup: string | null;
  /** The subscribe prompt the extractor cut from the end of the text, '' or absent if none. */
  prompt?: string;
}

// What the end of a teaser says when the rest is locked. Only looked for in the last paragraphs:
// a story about subscriptions may say "subscribers only" in its middle.
const PAYWALL_TEXT =
  /\b(?:subscribe|sign in|log in|register) (?:now |today )?to (?:continue|keep|read) reading\b|\b(?:this|the) (?:article|story|content) is (?:only )?(?:available )?(?:for|to) (?:paying )?subscribers\b|\bsubscribers? only\b|\balready a subscriber\?/i;
const TAIL_PARAGRAPHS = 3;

// Below this share of the words the page or feed promises, the text is missing a real part of
// the article, not a caption or a sign-off (dev set: full extractions are all above 0.8).
const MIN_SHARE = 0.6;
// A last paragraph this short ("Share this", a sign-off) says nothing about truncation.
const MIN_LAST_PARAGRAPH_WORDS = 8;
// Share of the last paragraph's 4-word shingles that must be in the text for it to count as
// kept: an ad slot or a reworded quote mark inside it should not read as a loss.
const MIN_LAST_PARAGRAPH_KEPT = 0.5;

/**
 * The class or id token marking a paywall in the page (page-scan.ts lists the names), or null. An
 * empty element with such a name is a placeholder free pages carry too, so it must hold text.
 */
export function findPaywallMarkup(scan: PageScan): string | null {
  return scan.paywallCandidates.find(({ el }) => (el.textContent ?? '').trim())?.token ?? null;
}

function percent(part: number, whole: number): string {
  return `${Math.round((part / whole) * 100)}%`;
}

function shingles(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 4 <= tokens.length; i++) out.push(tokens.slice(i, i + 4).join(' '));
  return out;
}

function lastParagraphKept(body: string, textWords: readonly string[]): boolean {
  const last = body.split('\n\n').at(-1) ?? '';
  const lastWords = words(last);
  if (lastWords.length < MIN_LAST_PARAGRAPH_WORDS) return true;
  const present = new Set(shingles(textWords));
  const wanted = shingles(lastWords);
  const kept = wanted.filter((s) => present.has(s)).length;
  return kept / wanted.length >= MIN_LAST_PARAGRAPH_KEPT;
}

/** Paywalled, partial and truncated, each with the reason and the numbers behind it. */
export function textFlags(input: FlagInputs): TextFlags {
  const reasons: string[] = [];
  const textWords = words(input.text);
  const n = textWords.length;

  let paywalled = false;
  if (input.jsonLd?.accessibleForFree === false) {
    paywalled = true;
    reasons.push('paywalled: JSON-LD isAccessibleForFree is false');
  }
  if (input.paywallMarkup) {
    paywalled = true;
    reasons.push(`paywalled: paywall markup (${input.paywallMarkup})`);
  }
  const tail = [...input.text.split('\n\n').slice(-TAIL_PARAGRAPHS), input.prompt ?? ''].join(' ');
  const prompt = tail.match(PAYWALL_TEXT)?.[0];
  if (prompt) {
    paywalled = true;
    reasons.push(`paywalled: the text ends with "${prompt}"`);
  }

  let partial = false;
  const bodyWords = input.method === 'json-ld' ? 0 : words(input.jsonLdText).length;
  if (bodyWords > 0 && n < MIN_SHARE * bodyWords) {
    partial = true;
    reasons.push(
      `partial: ${n} words, ${percent(n, bodyWords)} of the JSON-LD articleBody's ${bodyWords}`,
    );
  }
  const promised = input.jsonLd?.wordCount ?? 0;
  if (promised > 0 && n < MIN_SHARE * promised) {
    partial = true;
    reasons.push(
      `partial: ${n} words, ${percent(n, promised)} of the JSON-LD wordCount ${promised}`,
    );
  }

  let truncated = false;
  for (const [label, body, method] of [
    ['feed content', input.feedContentText, 'feed-content'],
    ['feed summary', input.feedSummaryText, null],
  ] as const) {
    if (!body || input.method === method) continue;
    const total = words(body).length;
    if (n < MIN_SHARE * total) {
      truncated = true;
      reasons.push(`truncated: ${n} words, ${percent(n, total)} of the ${label}'s ${total}`);
    }
  }
  if (bodyWords > 0 && !lastParagraphKept(input.jsonLdText, textWords)) {
    truncated = true;
    reasons.push("truncated: the JSON-LD articleBody's last paragraph is not in the text");
  }

  return { paywalled, partial, truncated, reasons };
}
