// One document judged against an in-memory corpus, through the same stages as the daemon:
// used by `newsmon check`, the coverage and claims evals, and the synthetic claim tests.
import { statementsOf } from '../claims/novelty.js';
import { buildStatementIndex } from '../claims/statement-index.js';
import type { Thresholds } from '../config.js';
import { copyOrigin, judgeDuplicates } from '../dedup/dedup-verdict.js';
import { fingerprint, shortShingles } from '../dedup/fingerprint.js';
import type { Analysis, DocumentSource } from '../domain/types.js';
import type { StoryMatcher } from '../relevance/relevance-score.js';
import { analyzeDocument, copyScope } from './article-analyze.js';

export interface CorpusText {
  id: string;
  source: DocumentSource;
  text: string;
}

export interface CheckedDocument {
  title: string | null;
  text: string;
  publishedAt: string | null;
}

export interface CorpusChecker {
  size: number;
  /** Relevance, dedup verdict and claims of one document; `id` must not be a corpus id. */
  analyze(id: string, doc: CheckedDocument): Analysis;
}

export function corpusChecker(
  corpus: CorpusText[],
  story: StoryMatcher,
  thresholds: Thresholds,
): CorpusChecker {
  const fingerprints = corpus.map((d) => fingerprint(d.id, d.source, d.text));
  const texts = new Map(corpus.map((d) => [d.id, d.text]));
  const ctx = {
    story,
    statements: buildStatementIndex(corpus.flatMap((d) => statementsOf(d.id, d.source, d.text))),
  };
  return {
    size: corpus.length,
    analyze(id, doc) {
      const fp = fingerprint(id, 'ingested', doc.text);
      const threeOf = (docId: string) => {
        const text = docId === id ? doc.text : texts.get(docId);
        return text === undefined ? undefined : shortShingles(text);
      };
      const dedup = judgeDuplicates(fp, fingerprints, thresholds, threeOf);
      const origin = copyOrigin(dedup);
      return analyzeDocument(
        { id, title: doc.title, text: doc.text, publishedAt: doc.publishedAt, fingerprint: fp },
        ctx,
        dedup,
        copyScope(doc.text, dedup, origin ? (texts.get(origin.doc) ?? null) : null),
      );
    },
  };
}
