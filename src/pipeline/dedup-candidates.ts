// The near-duplicate index in the pipeline: what each document adds to it, and which known
// documents are worth verifying against a new one.
import { minhashSignature } from '../dedup/minhash.js';
import { passageHashes, shortShingles } from '../dedup/fingerprint.js';
import type { Fingerprint } from '../domain/types.js';
import type { DedupIndex } from '../store/dedup-index.store.js';
import type { DocumentStore } from '../store/document.store.js';

/** Candidates verified per article: more than enough for every copy of one story. */
const CANDIDATE_LIMIT = 100;
/**
 * For an article arriving after articles published later than it: those may fill the usual 100
 * (the index ranks ties oldest-indexed first, not earliest-published), and the later ones are
 * looked for too, since they may be its copies.
 */
export const LATE_CANDIDATE_LIMIT = 1_000;

/** Indexes a document; an article at its timeline key, a corpus document (no key) before all. */
export async function indexDocument(
  index: DedupIndex,
  fp: Fingerprint,
  text: string,
  timeline?: string,
): Promise<void> {
  await index.add(fp.docId, minhashSignature(fp.shingles), passageHashes(text), timeline);
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
  return documents.fingerprintsOf(await candidateIds(index, documents, fp, text));
}

/**
 * The candidates split by the timeline (analyze/timeline.ts): those before `key` — the corpus,
 * articles published earlier — are what the document may be a copy of; the ids of those after it
 * are the articles that may be copies of it. The keys are read together with the fingerprints.
 */
export async function candidatesOnTimeline(
  index: DedupIndex,
  documents: DocumentStore,
  fp: Fingerprint,
  text: string,
  key: string,
  limit = CANDIDATE_LIMIT,
): Promise<{ earlier: Fingerprint[]; later: Fingerprint[]; keys: Map<string, string> }> {
  const ids = await candidateIds(index, documents, fp, text, limit);
  const [fps, keys] = await Promise.all([
    documents.fingerprintsOf(ids),
    documents.timelineKeysOf(ids),
  ]);
  const earlier: Fingerprint[] = [];
  const later: Fingerprint[] = [];
  for (const c of fps) {
    // No key: a corpus document (known before every article), or an article analysed before
    // keys existed (it was, then, analysed before this one).
    const theirs = keys.get(c.docId);
    if (theirs !== undefined && theirs > key) later.push(c);
    else earlier.push(c);
  }
  return { earlier, later, keys };
}

async function candidateIds(
  index: DedupIndex,
  documents: DocumentStore,
  fp: Fingerprint,
  text: string,
  limit = CANDIDATE_LIMIT,
): Promise<string[]> {
  const [exact, near] = await Promise.all([
    documents.byTextHash(fp.textHash),
    index.candidates(minhashSignature(fp.shingles), limit, passageHashes(text)),
  ]);
  const ids = new Set(near.map((c) => c.docId));
  if (exact) ids.add(exact);
  ids.delete(fp.docId);
  return [...ids];
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
