import path from 'node:path';
import { statementsOf } from '../claims/novelty.js';
import { loadCorpusDir } from '../corpus/corpus-load.js';
import { fingerprint } from '../dedup/fingerprint.js';
import type { DedupIndex } from '../store/dedup-index.store.js';
import type { DocumentStore } from '../store/document.store.js';
import { indexDocument } from './dedup-candidates.js';

/**
 * Loads corpus directories into the store. Idempotent: documents are keyed by id, so a restart
 * rewrites the same entries and adds nothing twice. The shipped seed corpus is the "seed" source.
 */
export async function syncCorpora(
  documents: DocumentStore,
  index: DedupIndex,
  dirs: readonly string[],
): Promise<number> {
  let count = 0;
  for (const dir of dirs) {
    const name = path.basename(dir);
    const source = name === 'seed' ? 'seed' : 'corpus';
    for (const doc of await loadCorpusDir(dir, name)) {
      const fp = fingerprint(doc.id, source, doc.text);
      await documents.saveCorpusDocument(doc, fp, statementsOf(doc.id, source, doc.text));
      await indexDocument(index, fp, doc.text);
      count++;
    }
  }
  return count;
}
