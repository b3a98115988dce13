// The scoring of scrapinghub/article-extraction-benchmark (its evaluate.py), so our numbers sit
// beside the published ones: per page, multisets of 4-token shingles, true/false positives and
// negatives normalised to sum to 1; the corpus scores are means of per-page scores.

/** A page's shingle matches, normalised so that long articles weigh no more than short ones. */
export interface ShingleMatch {
  tp: number;
  fp: number;
  fn: number;
}

export interface CorpusScore {
  precision: number;
  recall: number;
  f1: number;
}

const SHINGLE_TOKENS = 4;

// Python's `\w` on str patterns: Unicode letters and numbers, plus the underscore. evaluate.py
// compiles it with IGNORECASE, which does not change what \w matches, and never lower-cases:
// tokens compare case-sensitively.
const TOKEN = /[\p{L}\p{N}_]+/gu;

export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/**
 * Shingle counts keyed by the tokens joined with a space (a space is never inside a token).
 * As in evaluate.py, a text of 1–3 tokens is one short shingle, and an empty text has none.
 */
export function shingles(text: string, n = SHINGLE_TOKENS): Map<string, number> {
  const tokens = tokenize(text);
  const counts = new Map<string, number>();
  for (let i = 0; i < Math.max(1, tokens.length - n + 1); i++) {
    const shingle = tokens.slice(i, i + n);
    if (shingle.length === 0) continue;
    const key = shingle.join(' ');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

export function matchShingles(truth: string, predicted: string, n = SHINGLE_TOKENS): ShingleMatch {
  const want = shingles(truth, n);
  const got = shingles(predicted, n);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const key of new Set([...want.keys(), ...got.keys()])) {
    const w = want.get(key) ?? 0;
    const g = got.get(key) ?? 0;
    tp += Math.min(w, g);
    fp += Math.max(0, g - w);
    fn += Math.max(0, w - g);
  }
  const sum = tp + fp + fn;
  return sum > 0 ? { tp: tp / sum, fp: fp / sum, fn: fn / sum } : { tp, fp, fn };
}

/** A page's precision, or null when it predicted nothing (evaluate.py leaves it out of the mean). */
export function pagePrecision({ tp, fp, fn }: ShingleMatch): number | null {
  if (tp + fp === 0) return null;
  if (fp === 0 && fn === 0) return 1;
  return tp / (tp + fp);
}

/** A page's recall, or null when its truth is empty (left out of the mean likewise). */
export function pageRecall({ tp, fp, fn }: ShingleMatch): number | null {
  if (tp + fn === 0) return null;
  if (fp === 0 && fn === 0) return 1;
  return tp / (tp + fn);
}

/** A page's F1, for ranking pages only: the corpus F1 is not a mean of these. */
export function pageF1(match: ShingleMatch): number {
  const p = pagePrecision(match) ?? 0;
  const r = pageRecall(match) ?? 0;
  return p + r > 0 ? (2 * p * r) / (p + r) : 0;
}

/**
 * Mean precision over pages that predicted something, mean recall over pages with a truth, and
 * the harmonic mean of those two means. A mean over no pages is NaN (evaluate.py raises there).
 */
export function corpusScore(pages: readonly ShingleMatch[]): CorpusScore {
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const defined = (xs: (number | null)[]) => xs.filter((x): x is number => x !== null);
  const precision = mean(defined(pages.map(pagePrecision)));
  const recall = mean(defined(pages.map(pageRecall)));
  // Both zero: evaluate.py divides by zero there; nothing matched, so 0.
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}
