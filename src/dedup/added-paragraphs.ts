import { paragraphs, words } from '../text/normalize.js';
import { shingleHashes } from './fingerprint.js';

export interface Span {
  text: string;
  start: number;
  end: number;
}

/**
 * A paragraph with this share of its word 3-shingles in the origin was taken from it: one changed
 * word in a 20-word paragraph removes 3 of 18 shingles (0.83); a paragraph of the same story
 * written anew shares well under a third.
 */
export const FROM_ORIGIN_CONTAINMENT = 0.7;

/**
 * The paragraphs a copy adds to its origin: where new facts hide in syndicated copies. A
 * paragraph counts as taken from the origin when most of its word 3-shingles occur there —
 * short shingles, so that light edits (a changed word, a dropped clause) do not make it new.
 */
export function addedParagraphs(copy: string, origin: string): Span[] {
  const pool = new Set(shingleHashes(words(origin), 3));
  return paragraphs(copy).filter((p) => {
    const tokens = words(p.text);
    if (tokens.length === 0) return false;
    const own = shingleHashes(tokens, 3);
    let shared = 0;
    for (const h of own) if (pool.has(h)) shared++;
    return shared / own.length < FROM_ORIGIN_CONTAINMENT;
  });
}
