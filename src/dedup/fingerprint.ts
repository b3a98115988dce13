import { createHash } from 'node:crypto';
import type { DocumentSource, Fingerprint } from '../domain/types.js';
import { sentences, words } from '../text/normalize.js';

/** Word 5-shingles: long enough that shared stock phrases rarely collide, short enough for edits. */
export const SHINGLE_SIZE = 5;

/** Below this many words a text is shingled by 3 words (a headline, a one-line brief). */
export const SHORT_TEXT_WORDS = 40;

export function fingerprint(docId: string, source: DocumentSource, text: string): Fingerprint {
  const tokens = words(text);
  const shingleSize = tokens.length < SHORT_TEXT_WORDS ? 3 : SHINGLE_SIZE;
  return {
    docId,
    source,
    textHash: createHash('sha256').update(tokens.join(' ')).digest('hex'),
    shingles: shingleHashes(tokens, shingleSize),
    shingleSize,
  };
}

/** The 3-shingles of a text: how a very short text is compared with a longer one. */
export function shortShingles(text: string): Uint32Array {
  return shingleHashes(words(text), 3);
}

/** Sentences shorter than this ("He continued:", "Read more.") are too common to tie documents. */
export const PASSAGE_MIN_WORDS = 6;

/**
 * Hashes of a text's sentences (normalised): the candidate net for teasers and excerpts, which
 * share whole sentences with their origin but too few shingles for MinHash bands to meet.
 */
export function passageHashes(text: string): Uint32Array {
  const out: number[] = [];
  for (const s of sentences(text)) {
    const tokens = words(s.text);
    if (tokens.length >= PASSAGE_MIN_WORDS) out.push(fnv1a(tokens.join(' ')));
  }
  return unique(Uint32Array.from(out).sort());
}

/** Sorted unique 32-bit FNV-1a hashes of the k-word shingles; a text shorter than k is one shingle. */
export function shingleHashes(tokens: string[], k = SHINGLE_SIZE): Uint32Array {
  if (tokens.length === 0) return new Uint32Array(0);
  const count = Math.max(1, tokens.length - k + 1);
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) out[i] = fnv1a(tokens.slice(i, i + k).join(' '));
  out.sort();
  return unique(out);
}

// FNV-1a with Math.imul stays exact in 32-bit integer arithmetic, so a signature computed on one
// machine equals the one computed on another.
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function unique(sorted: Uint32Array): Uint32Array {
  let n = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[n - 1]) sorted[n++] = sorted[i]!;
  }
  return sorted.subarray(0, n);
}

/** Size of the intersection of two sorted unique arrays. */
export function intersectionSize(a: Uint32Array, b: Uint32Array): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      n++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return n;
}
