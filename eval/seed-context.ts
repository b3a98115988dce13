// Shared by the coverage and claims evals: the labelled coverage dev set, and one page analysed
// against the shipped seed corpus through the same stages as `newsmon check`.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { corpusChecker } from '../src/analyze/corpus-check.js';
import { FLAGGED_NOVELTY } from '../src/claims/review-items.js';
import { loadConfig, projectRoot } from '../src/config.js';
import { loadCorpusDir } from '../src/corpus/corpus-load.js';
import { parseCorpusFile } from '../src/corpus/corpus-parse.js';
import type { Analysis, AssessedStatement } from '../src/domain/types.js';
import { compileStory } from '../src/relevance/relevance-score.js';
import { words } from '../src/text/normalize.js';

/** One entry of the dev set's labels.json (see its README.md). */
export interface CoverageLabel {
  file: string;
  label: string;
  novelty: string;
  new_claims: { text: string }[];
  /** `match`: "exact", or "paraphrase" with a note. */
  seed_claims: { text: string; seed_hint: string; match: string }[];
  /** Sentences left out of both lists (see the dev set's README). */
  borderline?: { text: string }[];
}

export interface SeedContext {
  seedCount: number;
  /** Analyses the dev set's page `file` (its raw contents) against the seeds. */
  analyze(file: string, raw: string): Analysis;
}

/** A labelled sentence counts as found by a claim when most of its words are in that claim. */
export const FOUND_CONTAINMENT = 0.6;

/** The dev set directory (args[0], else ../shared/data/coverage-dev) and its labels. */
export function loadCoverageLabels(
  evalName: string,
  args: string[],
): { dir: string; labels: CoverageLabel[] } {
  const dir = path.resolve(
    args[0] ?? path.join(projectRoot(), '..', 'shared', 'data', 'coverage-dev'),
  );
  if (!existsSync(path.join(dir, 'labels.json'))) {
    throw new Error(
      `eval ${evalName}: ${dir} has no labels.json; pass the coverage dev set directory`,
    );
  }
  const labels = JSON.parse(readFileSync(path.join(dir, 'labels.json'), 'utf8')) as CoverageLabel[];
  return { dir, labels };
}

/**
 * The dev set's part a page belongs to. A third of the pages, chosen by a hash of the page id
 * (the file name without extension), are kept aside: mechanisms are diagnosed and built on the
 * tuning part and only checked on the aside part. A hash, not the page number, so the split
 * needs no list, does not move when pages are added, and is not a split earlier rounds tuned on
 * (they kept the numbers 3, 6, 9, … aside, and looked at the rest).
 */
export function devPart(file: string): 'tuning' | 'aside' {
  const id = file.replace(/\.txt$/, '');
  return createHash('sha256').update(id).digest().readUInt32BE(0) % 3 === 0 ? 'aside' : 'tuning';
}

/** `--part tuning|aside` in an eval's arguments (default: every page), and the rest of them. */
export function partArg(args: string[]): { part: 'tuning' | 'aside' | null; rest: string[] } {
  const at = args.indexOf('--part');
  if (at < 0) return { part: null, rest: args };
  const part = args[at + 1];
  if (part !== 'tuning' && part !== 'aside') {
    throw new Error('eval: --part takes "tuning" or "aside"');
  }
  return { part, rest: [...args.slice(0, at), ...args.slice(at + 2)] };
}

export function readPage(dir: string, file: string): string {
  return readFileSync(path.join(dir, 'pages', file), 'utf8');
}

export async function loadSeedContext(): Promise<SeedContext> {
  const config = loadConfig({});
  const seeds = (
    await Promise.all(config.corpus.dirs.map((d) => loadCorpusDir(d, path.basename(d))))
  ).flat();
  const checker = corpusChecker(
    seeds.map((d) => ({ ...d, source: 'seed' as const })),
    compileStory(config.story),
    config.thresholds,
  );
  return {
    seedCount: seeds.length,
    analyze: (file, raw) => checker.analyze(`eval:${file}`, parseCorpusFile(file, 'eval', raw)),
  };
}

/** Whether a statement the analysis puts in the queue (new, variant, conflict) contains the labelled sentence. */
export function flaggedNew(sentence: string, claims: AssessedStatement[]): boolean {
  return claims.some(
    (c) =>
      FLAGGED_NOVELTY.includes(c.novelty) && containment(sentence, c.text) >= FOUND_CONTAINMENT,
  );
}

/** "n/d = 0.123", as every eval prints a count and its ratio. */
export function ratio(n: number, d: number): string {
  return `${n}/${d} = ${d === 0 ? '—' : (n / d).toFixed(3)}`;
}

/** Share of a's words found in b (a multiset of normalised words). */
export function containment(a: string, b: string): number {
  const pool = new Map<string, number>();
  for (const w of words(b)) pool.set(w, (pool.get(w) ?? 0) + 1);
  const own = words(a);
  let hit = 0;
  for (const w of own) {
    const n = pool.get(w) ?? 0;
    if (n > 0) {
      hit++;
      pool.set(w, n - 1);
    }
  }
  return own.length === 0 ? 0 : hit / own.length;
}
