// The near-duplicate index in the pipeline: what each document adds to it, and which known
// documents are worth verifying against a new one.
import { minhashSignature } from '../dedup/minhash.js';
import { passageHashes, shortShingles } from '../dedup/fingerprint.js';
import type { Fingerprint } from '../domain/types.js';
import type { DedupIndex } from '../store/dedup-index.store.js';
import type { DocumentStore } from '../store/document.store.js';

/** Candidates verified per article: more than enough for every copy of one story. */
const CANDIDATE_LIMIT = 100;

export async function indexDocument(
  index: DedupIndex,
  fp: Fingerprint,
  text: string,
): Promise<void> {
  await index.add(fp.docId, minhashSignature(fp.shingles), passageHashes(text));
}

/**
 * The fingerprints to verify a document against: the document with the same normalised text,
 * plus those sharing a MinHash band (near-duplicates) or a whole sentence (teasers, excerpts,
 * embeddings, shared quotes). Exact Jaccard and containment then decide.
 */
export async function candidateFingerprints(
  index: DedupIndex,
  documents: DocumentStore,
  fp: Fingerprint,
  text: string,
): Promise<Fingerprint[]> {
  const [exact, near] = await Promise.all([
    documents.byTextHash(fp.textHash),
    index.candidates(minhashSignature(fp.shingles), CANDIDATE_LIMIT, passageHashes(text)),
  ]);
  const ids = new Set(near.map((c) => c.docId));
  if (exact) ids.add(exact);
  ids.delete(fp.docId);
  return documents.fingerprintsOf([...ids]);
}

/**
 * The 3-shingles needed to compare a very short text with longer ones (or a long one with very
 * short candidates): computed from the texts of just those documents.
 */
export async function threeShinglesFor(
  fp: Fingerprint,
  text: string,
  candidates: readonly Fingerprint[],
  textOf: (c: Fingerprint) => Promise<string | null>,
): Promise<Map<string, Uint32Array>> {
  const out = new Map<string, Uint32Array>();
  const mixed = candidates.filter((c) => c.shingleSize !== fp.shingleSize);
  if (mixed.length === 0) return out;
  if (fp.shingleSize !== 3) out.set(fp.docId, shortShingles(text));
  for (const c of mixed) {
    if (c.shingleSize === 3) continue;
    const t = await textOf(c);
    if (t !== null) out.set(c.docId, shortShingles(t));
  }
  return out;
}
